import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AsyncContent, couldNotLoad } from '@internal/frontend-kit';
import type {
  AccessRequest,
  DataGrant,
  DataSourceDetails,
} from '@internal/plugin-data-access-common';
import { dataAccessApiRef } from '../api';
import { useSubmission } from './fields';
import { GrantDialog, type GrantTarget } from './GrantDialog';
import { GrantsTable } from './GrantsTable';
import { RequestAccessDialog } from './RequestAccessDialog';
import { RequestsTable } from './RequestsTable';
import { SourceFacts } from './SourceFacts';
import { ACCESS_LABELS, day, isOpen, requestStatusText } from './format';

function MyRequests(props: { requests: AccessRequest[]; onChanged: () => void }) {
  const api = useApi(dataAccessApiRef);
  const submission = useSubmission();
  const withdraw = async (id: string) => {
    if (await submission.run(() => api.withdraw(id))) props.onChanged();
  };
  if (!props.requests.length) return null;
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h3">
        My requests
      </Typography>
      {submission.error && <Alert severity="error">{submission.error}</Alert>}
      <ul aria-label="My requests">
        {props.requests.map(r => (
          <li key={r.id}>
            {day(r.createdAt)}: {ACCESS_LABELS[r.access]} —{' '}
            {requestStatusText(r)}
            {isOpen(r) && (
              <Button
                size="small"
                disabled={submission.busy}
                onClick={() => withdraw(r.id)}
              >
                Withdraw
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Box>
  );
}

function MyAccessCard(props: {
  details: DataSourceDetails;
  onChanged: () => void;
}) {
  const { details } = props;
  const [asking, setAsking] = useState(false);
  const myRequests = details.canManage ? [] : details.requests;
  const waiting = myRequests.some(isOpen);
  return (
    <InfoCard title="My access">
      <Typography>
        {details.myAccess
          ? `You have ${ACCESS_LABELS[details.myAccess].toLowerCase()} access: your workspaces get this data at launch.`
          : 'You have no access: your workspaces do not get this data.'}
      </Typography>
      {details.myAccess !== 'read-write' && !details.canManage && (
        <Box mt={2}>
          <Button
            variant="contained"
            color="primary"
            onClick={() => setAsking(true)}
            disabled={waiting}
          >
            {details.myAccess === 'read'
              ? 'Request read-write access'
              : 'Request access'}
          </Button>
          {waiting && (
            <Typography variant="caption" display="block">
              Your request waits for a decision.
            </Typography>
          )}
        </Box>
      )}
      <MyRequests requests={myRequests} onChanged={props.onChanged} />
      <RequestAccessDialog
        source={details.source}
        initialAccess={details.myAccess === 'read' ? 'read-write' : 'read'}
        open={asking}
        onClose={() => setAsking(false)}
        onSent={() => {
          setAsking(false);
          props.onChanged();
        }}
      />
    </InfoCard>
  );
}

function SourceAccess(props: { details: DataSourceDetails; reload: () => void }) {
  const { details, reload } = props;
  const { source, canManage } = details;
  const [editing, setEditing] = useState<GrantTarget>();
  const onEdit = useCallback(
    (grant: DataGrant) => setEditing({ source, grant }),
    [source],
  );
  const restricted = source.spec.sensitivity === 'restricted';
  const isRestricted = useCallback(() => restricted, [restricted]);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <SourceFacts source={source} />
      </Grid>
      <Grid item xs={12} md={6}>
        <MyAccessCard details={details} onChanged={reload} />
      </Grid>
      {canManage && (
        <Grid item xs={12}>
          <RequestsTable
            title="Requests to decide"
            requests={details.requests.filter(isOpen)}
            emptyText="No request for this data source waits for a decision."
            showSource={false}
            canDecide
            isRestricted={isRestricted}
            onChanged={reload}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        {canManage && (
          <Box mb={1}>
            <Button
              variant="outlined"
              color="primary"
              onClick={() => setEditing({ source })}
            >
              Grant access
            </Button>
          </Box>
        )}
        <GrantsTable
          title="Who has access"
          grants={details.grants}
          emptyText="Nobody has access to this data source."
          onEdit={canManage ? onEdit : undefined}
        />
      </Grid>
      {canManage && (
        <Grid item xs={12}>
          <GrantsTable
            title="Past grants"
            grants={details.pastGrants}
            past
            emptyText="No grant of this data source has ended yet."
          />
        </Grid>
      )}
      <GrantDialog
        target={editing}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          reload();
        }}
      />
    </Grid>
  );
}

/** The Access tab of a data source: how workspaces reach it, who has access, requests. */
export function EntityDataAccessContent() {
  const { entity } = useEntity();
  const api = useApi(dataAccessApiRef);
  const ref = stringifyEntityRef(entity);
  const details = useAsyncRetry(() => api.getSource(ref), [api, ref]);
  return (
    <AsyncContent
      state={details}
      failureTitle={couldNotLoad('the access to this data source')}
      failureHint="A data source the catalog shows with errors (see its Overview) is not offered to workspaces until fixed."
    >
      {value => <SourceAccess details={value} reload={details.retry} />}
    </AsyncContent>
  );
}
