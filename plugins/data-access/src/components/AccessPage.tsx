import { useCallback, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Grid from '@material-ui/core/Grid';
import { Content, ContentHeader } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { AsyncContent, couldNotLoad } from '@internal/frontend-kit';
import {
  dataAccessAdminPermission,
  type AccessMatrix,
} from '@internal/plugin-data-access-common';
import { dataAccessApiRef } from '../api';
import { AccessMatrixTable } from './AccessMatrixTable';
import { HeldWithoutAccessPanel, WhoCouldAccessPanel } from './AdminPanels';
import { GrantDialog, type GrantTarget } from './GrantDialog';
import { RequestsTable } from './RequestsTable';

/** Sources that need an admin's approval besides the owner's. */
function useRestricted(matrix: AccessMatrix | undefined) {
  return useMemo(() => {
    const restricted = new Set(
      (matrix?.rows ?? [])
        .filter(r => r.source.spec.sensitivity === 'restricted')
        .map(r => r.source.ref),
    );
    return (ref: string) => restricted.has(ref.toLocaleLowerCase('en-US'));
  }, [matrix]);
}

/** The requests the caller may approve or refuse (owners of a source, admins). */
function RequestsToDecide(props: {
  isRestricted: (ref: string) => boolean;
  onDecided: () => void;
}) {
  const api = useApi(dataAccessApiRef);
  const requests = useAsyncRetry(
    () => api.listRequests({ scope: 'to-decide' }),
    [api],
  );
  return (
    <AsyncContent
      state={requests}
      failureTitle={couldNotLoad('the requests to decide')}
    >
      {items => (
        <RequestsTable
          title="Requests to decide"
          requests={items}
          emptyText="No access requests wait for your decision."
          showSource
          canDecide
          isRestricted={props.isRestricted}
          onChanged={() => {
            requests.retry();
            props.onDecided();
          }}
        />
      )}
    </AsyncContent>
  );
}

/**
 * The Access page at /data-access: every data source with who holds access to it,
 * for everyone signed in; owners and admins grant, change and end access there and
 * decide requests; admins also see data held without access and the history.
 */
export function AccessPage() {
  const api = useApi(dataAccessApiRef);
  const matrix = useAsyncRetry(() => api.getMatrix(), [api]);
  const admin = usePermission({ permission: dataAccessAdminPermission });
  const [editing, setEditing] = useState<GrantTarget>();
  const isRestricted = useRestricted(matrix.value);
  const onEdit = useCallback((target: GrantTarget) => setEditing(target), []);
  const manager =
    admin.allowed || !!matrix.value?.rows.some(row => row.canManage);
  const { retry } = matrix;

  return (
    <Content>
      <ContentHeader
        title="Data access"
        description="Which groups may read or write each data source their workspaces get; request access on a data source's page"
      />
      <Grid container spacing={3}>
        {manager && (
          <Grid item xs={12}>
            <RequestsToDecide isRestricted={isRestricted} onDecided={retry} />
          </Grid>
        )}
        <Grid item xs={12}>
          <AsyncContent
            state={matrix}
            failureTitle={couldNotLoad('the data sources and their grants')}
          >
            {value => <AccessMatrixTable matrix={value} onEdit={onEdit} />}
          </AsyncContent>
        </Grid>
        {admin.allowed && (
          <>
            <Grid item xs={12}>
              <HeldWithoutAccessPanel />
            </Grid>
            <Grid item xs={12}>
              <WhoCouldAccessPanel
                sources={matrix.value?.rows.map(r => r.source) ?? []}
              />
            </Grid>
          </>
        )}
      </Grid>
      <GrantDialog
        target={editing}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          retry();
        }}
      />
    </Content>
  );
}
