import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import {
  Content,
  ContentHeader,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { auditApiRef, type AuditEventFilter } from '../api';
import { auditLogReadPermission } from '@internal/plugin-audit-common';
import { PermissionGate } from '@internal/plugin-roles-react';
import { AuditFilters } from './AuditFilters';
import { AuditLogTable, PAGE_SIZES } from './AuditLogTable';
import { emptyForm, toFilter, type AuditFilterForm } from './format';
import { DownloadButton, errorMessage } from '@internal/frontend-kit';

/** How long typing pauses before a text filter queries the backend. */
export const TEXT_FILTER_DELAY_MS = 300;

/** The filters, the page of events and the export, for admins. */
export function AuditLog() {
  const api = useApi(auditApiRef);
  const [form, setForm] = useState<AuditFilterForm>(emptyForm);
  // Selects and dates apply at once, typed text after a pause.
  const [typed, setTyped] = useState({ eventId: '', actor: '', search: '' });
  useDebounce(
    () =>
      setTyped({
        eventId: form.eventId,
        actor: form.actor,
        search: form.search,
      }),
    TEXT_FILTER_DELAY_MS,
    [form.eventId, form.actor, form.search],
  );
  const filterKey = JSON.stringify(toFilter({ ...form, ...typed }));
  const filter = useMemo<AuditEventFilter>(
    () => JSON.parse(filterKey),
    [filterKey],
  );

  // The page number belongs to a filter: a new filter starts at the first page.
  const [paging, setPaging] = useState({
    filterKey,
    pageIndex: 0,
    pageSize: PAGE_SIZES[0],
  });
  const pageIndex = paging.filterKey === filterKey ? paging.pageIndex : 0;
  const { pageSize } = paging;

  const { value, loading, error } = useAsync(
    () =>
      api.listEvents({
        ...filter,
        limit: pageSize,
        offset: pageIndex * pageSize,
      }),
    [api, filter, pageIndex, pageSize],
  );

  const [exportError, setExportError] = useState<Error>();
  const fetchCsv = async () => {
    // What the form says now, even if the table has not caught up with the typing.
    const blob = await api.exportCsv(toFilter(form));
    const day = new Date().toISOString().slice(0, 10);
    return { blob, fileName: `atrium-audit-log-${day}.csv` };
  };

  return (
    <>
      <Box display="flex" alignItems="flex-start" gridGap={16} mb={2}>
        <Box flexGrow={1}>
          <AuditFilters form={form} onChange={setForm} />
        </Box>
        <DownloadButton
          label="Export CSV"
          fetchFile={fetchCsv}
          onError={setExportError}
        />
      </Box>
      {exportError && (
        <Box mb={2}>
          <ResponseErrorPanel
            error={exportError}
            title={`Could not export the audit log: ${errorMessage(
              exportError,
            )}`}
          />
        </Box>
      )}
      {error ? (
        <ResponseErrorPanel
          error={error}
          title={`Could not load the audit log: ${errorMessage(error)}`}
        />
      ) : (
        <AuditLogTable
          page={value}
          loading={loading}
          pageIndex={pageIndex}
          pageSize={pageSize}
          onPageChange={(nextIndex, nextSize) =>
            setPaging({
              filterKey,
              pageIndex: nextSize === pageSize ? nextIndex : 0,
              pageSize: nextSize,
            })
          }
        />
      )}
    </>
  );
}

/** The admin page of the audit log at /admin/audit. */
export function AuditLogPage() {
  return (
    <Content>
      <ContentHeader
        title="Audit log"
        description="Who changed what in Atrium, when, from where, and whether it worked"
      />
      <PermissionGate permission={auditLogReadPermission} roles={['admin']}>
        <AuditLog />
      </PermissionGate>
    </Content>
  );
}
