import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { RELATION_MEMBER_OF, type Entity } from '@backstage/catalog-model';
import type { ReactNode } from 'react';

/** A catalog load: a spinner, then the content or what went wrong and a retry. */
function CatalogLoad<T>(props: {
  what: string;
  state: { error?: Error; value?: T; retry: () => void };
  children: (value: T) => ReactNode;
}) {
  const { what, state, children } = props;
  if (state.error) {
    return (
      <WarningPanel
        severity="error"
        title={`Could not load ${what} from the catalog: ${state.error.message}`}
      >
        <Button size="small" variant="outlined" onClick={state.retry}>
          Retry
        </Button>
      </WarningPanel>
    );
  }
  if (state.value === undefined) return <Progress />;
  return <>{children(state.value)}</>;
}

/** Catalog users who belong to no group: they get no team's budget, quota or data. */
export function PeopleWithoutTeamHomeContent() {
  const catalogApi = useApi(catalogApiRef);
  const people = useAsyncRetry(
    async () =>
      (
        await catalogApi.getEntities({
          filter: { kind: 'user' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'spec.profile',
            'relations',
          ],
        })
      ).items.filter(
        user =>
          !(user.relations ?? []).some(r => r.type === RELATION_MEMBER_OF),
      ),
    [catalogApi],
  );
  return (
    <CatalogLoad what="the people" state={people}>
      {(items: Entity[]) =>
        items.length === 0 ? (
          <Typography variant="body2">Everyone belongs to a team.</Typography>
        ) : (
          items.map(user => (
            <Box key={user.metadata.name}>
              <EntityRefLink entityRef={user} />
            </Box>
          ))
        )
      }
    </CatalogLoad>
  );
}
