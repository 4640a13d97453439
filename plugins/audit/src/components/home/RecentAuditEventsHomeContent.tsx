import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { auditApiRef } from '../../api';
import { errorMessage, formatLocalTime } from '../format';
import { StatusChip } from '../StatusChip';

/** The newest audit events (admins): who did what, and whether it worked. */
export function RecentAuditEventsHomeContent(props: { limit?: number }) {
  const limit = props.limit ?? 6;
  const api = useApi(auditApiRef);
  const page = useAsyncRetry(() => api.listEvents({ limit }), [api, limit]);
  if (page.error) {
    return (
      <WarningPanel
        severity="error"
        title={`Could not load the audit log: ${errorMessage(page.error)}`}
      >
        <Button size="small" variant="outlined" onClick={page.retry}>
          Retry
        </Button>
      </WarningPanel>
    );
  }
  if (!page.value) return <Progress />;
  if (page.value.items.length === 0) {
    return (
      <Typography variant="body2">Nothing has been audited yet.</Typography>
    );
  }
  return (
    <table aria-label="Recent audit events" style={{ width: '100%' }}>
      <tbody>
        {page.value.items.map(e => (
          <tr key={e.id}>
            <td>
              <Typography variant="caption">{formatLocalTime(e.at)}</Typography>
            </td>
            <td>
              <Typography variant="body2">
                {e.actor?.replace(/^user:default\//, '') ?? 'unknown'}:{' '}
                {e.eventId}
              </Typography>
            </td>
            <td>
              <StatusChip status={e.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
