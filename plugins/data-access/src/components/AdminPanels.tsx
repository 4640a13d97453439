import { useId, useState, type FormEvent } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Table } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { AsyncContent, couldNotLoad, tableOptions } from '@internal/frontend-kit';
import type {
  DataSource,
  HeldWithoutAccess,
  WhoCouldAccess,
} from '@internal/plugin-data-access-common';
import { dataAccessApiRef } from '../api';
import { useSubmission } from './fields';
import { ACCESS_LABELS, day, grantText, subjectName } from './format';

const heldColumns = [
  { title: 'Person', field: 'user', render: (h: HeldWithoutAccess) => subjectName(h.user) },
  { title: 'Workspace', field: 'workspaceId' },
  { title: 'Data source', field: 'sourceName' },
  { title: 'Launched', field: 'launchedAt', render: (h: HeldWithoutAccess) => day(h.launchedAt) },
  { title: 'Why', field: 'reason' },
  {
    title: 'Policy',
    field: 'action',
    render: (h: HeldWithoutAccess) => (h.action === 'stopped' ? 'Stopped' : 'Listed'),
  },
];

/** Running workspaces holding data their owner may no longer use (admins). */
export function HeldWithoutAccessPanel() {
  const api = useApi(dataAccessApiRef);
  const held = useAsyncRetry(() => api.heldWithoutAccess(), [api]);
  return (
    <AsyncContent
      state={held}
      failureTitle={couldNotLoad('the workspaces holding data without access')}
    >
      {items => (
        <Table<HeldWithoutAccess>
          title="Held without access"
          subtitle="Running workspaces that still hold data their owner may no longer use (grant ended or expired, or they left the group)"
          options={tableOptions({ search: false, paging: items.length > 10 })}
          columns={heldColumns}
          data={items}
          emptyContent={
            <Box p={2}>
              <Typography>
                No running workspace holds data its owner may no longer use.
              </Typography>
            </Box>
          }
        />
      )}
    </AsyncContent>
  );
}

function WhoCouldAccessAnswer(props: { answer: WhoCouldAccess }) {
  const { answer } = props;
  if (!answer.grants.length) {
    return (
      <Typography>
        No grant was in force on {day(answer.at)}: nobody could use it then.
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="subtitle2">Grants in force on {day(answer.at)}</Typography>
      <ul aria-label="Grants in force">
        {answer.grants.map(g => (
          <li key={g.id}>
            {subjectName(g.subject)}: {grantText(g)} (granted {day(g.grantedAt)} by{' '}
            {subjectName(g.grantedBy)})
          </li>
        ))}
      </ul>
      <Typography variant="subtitle2">People they reached</Typography>
      <ul aria-label="People who could access it">
        {answer.people.map(p => (
          <li key={`${p.user}-${p.via}`}>
            {subjectName(p.user)}: {ACCESS_LABELS[p.access]}, through{' '}
            {subjectName(p.via)}
          </li>
        ))}
      </ul>
    </>
  );
}

/** "Who could access X on date D", from the grants' history (admins). */
export function WhoCouldAccessPanel(props: { sources: DataSource[] }) {
  const api = useApi(dataAccessApiRef);
  const id = useId();
  const [source, setSource] = useState('');
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [answer, setAnswer] = useState<WhoCouldAccess>();
  const submission = useSubmission();
  const ask = async (event: FormEvent) => {
    event.preventDefault();
    setAnswer(undefined);
    await submission.run(async () =>
      setAnswer(await api.whoCouldAccess(source, date)),
    );
  };
  return (
    <InfoCard title="Who could access a data source on a date">
      <form onSubmit={ask} noValidate>
        <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 16 }}>
          <TextField
            id={`${id}-source`}
            select
            label="Data source"
            value={source}
            onChange={e => setSource(e.target.value)}
            variant="outlined"
            size="small"
            style={{ minWidth: 260 }}
          >
            {props.sources.map(s => (
              <MenuItem key={s.ref} value={s.ref}>
                {s.title ?? s.name}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            id={`${id}-date`}
            type="date"
            label="On"
            value={date}
            onChange={e => setDate(e.target.value)}
            InputLabelProps={{ shrink: true }}
            variant="outlined"
            size="small"
          />
          <Button
            type="submit"
            variant="outlined"
            color="primary"
            disabled={submission.busy}
          >
            Look up
          </Button>
        </Box>
      </form>
      <Box mt={2}>
        {submission.error && <Alert severity="error">{submission.error}</Alert>}
        {answer && <WhoCouldAccessAnswer answer={answer} />}
      </Box>
    </InfoCard>
  );
}
