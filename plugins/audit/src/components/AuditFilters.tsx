import type { ChangeEvent } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { emptyForm, type AuditFilterForm } from './format';

/** The plugins that report audit events in Atrium; "" is any. */
export const PLUGINS = ['roles', 'workspaces', 'catalog', 'scaffolder', 'auth'];

const STATUSES: [string, string][] = [
  ['', 'Any status'],
  ['succeeded', 'Succeeded'],
  ['failed', 'Failed'],
];

/** The filters above the audit table; text is applied by the page after a pause. */
export function AuditFilters(props: {
  form: AuditFilterForm;
  onChange: (form: AuditFilterForm) => void;
}) {
  const { form, onChange } = props;
  const set =
    (key: keyof AuditFilterForm) =>
    (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      onChange({ ...form, [key]: event.target.value });
  const badRange = Boolean(form.from && form.to && form.from > form.to);
  const anySet = Object.values(form).some(Boolean);

  return (
    <Box display="flex" flexWrap="wrap" alignItems="flex-start" gridGap={16}>
      <TextField
        id="audit-filter-plugin"
        label="Plugin"
        select
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        variant="outlined"
        size="small"
        value={form.plugin}
        onChange={set('plugin')}
      >
        <option value="">Any plugin</option>
        {PLUGINS.map(p => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </TextField>
      <TextField
        id="audit-filter-event"
        label="Event id"
        placeholder="role-assignment-add"
        variant="outlined"
        size="small"
        value={form.eventId}
        onChange={set('eventId')}
      />
      <TextField
        id="audit-filter-actor"
        label="Actor"
        placeholder="ada or user:default/ada"
        variant="outlined"
        size="small"
        value={form.actor}
        onChange={set('actor')}
      />
      <TextField
        id="audit-filter-status"
        label="Status"
        select
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        variant="outlined"
        size="small"
        value={form.status}
        onChange={set('status')}
      >
        {STATUSES.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </TextField>
      <TextField
        id="audit-filter-from"
        label="From"
        type="date"
        variant="outlined"
        size="small"
        InputLabelProps={{ shrink: true }}
        value={form.from}
        onChange={set('from')}
      />
      <TextField
        id="audit-filter-to"
        label="To (included)"
        type="date"
        variant="outlined"
        size="small"
        InputLabelProps={{ shrink: true }}
        value={form.to}
        onChange={set('to')}
        error={badRange}
        helperText={badRange ? 'Before “From”' : undefined}
      />
      <TextField
        id="audit-filter-search"
        label="Search"
        placeholder="event, actor, url, details"
        variant="outlined"
        size="small"
        value={form.search}
        onChange={set('search')}
      />
      {anySet && (
        <Button onClick={() => onChange(emptyForm)}>Clear filters</Button>
      )}
    </Box>
  );
}
