import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Typography from '@material-ui/core/Typography';
import { AsyncContent, couldNotLoad } from '@internal/frontend-kit';
import { useApi } from '@backstage/frontend-plugin-api';
import { auditApiRef } from '../../api';
import { formatLocalTime } from '../format';
import { StatusChip } from '../StatusChip';

/** The newest audit events (admins): who did what, and whether it worked. */
export function RecentAuditEventsHomeContent(props: { limit?: number }) {
  const limit = props.limit ?? 6;
  const api = useApi(auditApiRef);
  const page = useAsyncRetry(() => api.listEvents({ limit }), [api, limit]);
  return (
    <AsyncContent state={page} failureTitle={couldNotLoad('the audit log')}>
      {({ items }) =>
        items.length === 0 ? (
          <Typography variant="body2">Nothing has been audited yet.</Typography>
        ) : (
          <table aria-label="Recent audit events" style={{ width: '100%' }}>
            <tbody>
              {items.map(e => (
                <tr key={e.id}>
                  <td>
                    <Typography variant="caption">
                      {formatLocalTime(e.at)}
                    </Typography>
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
        )
      }
    </AsyncContent>
  );
}
