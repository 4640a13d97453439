import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type {
  DiagnosisContainer,
  DiagnosisFinding,
  WorkspaceDiagnosis,
} from '@internal/plugin-platform-health-common';
import { formatRelativeTime } from './format';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(3) },
  facts: {
    margin: theme.spacing(1, 0, 0),
    paddingLeft: theme.spacing(2),
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    wordBreak: 'break-word',
  },
  log: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    maxHeight: 320,
    overflow: 'auto',
    margin: 0,
    padding: theme.spacing(1),
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    '&:focus': { outline: `2px solid ${theme.palette.primary.main}` },
  },
  cellText: { wordBreak: 'break-word' },
  // Short values (types, states, counts) stay whole; the long text column wraps.
  shortCell: { whiteSpace: 'nowrap', verticalAlign: 'top' },
  longCell: { overflowWrap: 'anywhere', verticalAlign: 'top', minWidth: 240 },
}));

function Section(props: { title: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <section className={classes.section} aria-label={props.title}>
      <Typography variant="h6" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </section>
  );
}

/**
 * A small table with a header row; `caption` is its accessible name. Column `wrap` (the
 * message) takes the room and wraps; the others keep their words whole.
 */
function FactTable(props: {
  caption: string;
  head: string[];
  rows: ReactNode[][];
  wrap?: number;
}) {
  const classes = useStyles();
  return (
    <Box overflow="auto">
      <Table size="small" aria-label={props.caption}>
        <TableHead>
          <TableRow>
            {props.head.map((h, j) => (
              <TableCell
                key={h}
                className={j === props.wrap ? undefined : classes.shortCell}
              >
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.map((row, i) => (
            <TableRow key={i}>
              {row.map((cell, j) => (
                <TableCell
                  key={j}
                  className={
                    j === props.wrap ? classes.longCell : classes.shortCell
                  }
                >
                  {cell}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function Finding(props: { finding: DiagnosisFinding }) {
  const { finding } = props;
  const classes = useStyles();
  return (
    <Box mb={1}>
      <Alert severity={finding.severity} role="none">
        <AlertTitle>{finding.summary}</AlertTitle>
        <Typography variant="body2">
          <strong>What to do:</strong> {finding.action}
        </Typography>
        {finding.facts.length > 0 && (
          <ul className={classes.facts} aria-label="What this was read from">
            {finding.facts.map((fact, i) => (
              <li key={i}>{fact}</li>
            ))}
          </ul>
        )}
      </Alert>
    </Box>
  );
}

const when = (iso?: string) =>
  iso ? (
    <span title={new Date(iso).toLocaleString()}>
      {formatRelativeTime(iso)}
    </span>
  ) : (
    '—'
  );

function containerState(c: DiagnosisContainer) {
  return [c.state, c.reason && `(${c.reason})`, c.ready ? 'ready' : 'not ready']
    .filter(Boolean)
    .join(' ');
}

function lastTermination(c: DiagnosisContainer) {
  const t = c.lastTermination;
  if (!t) return '—';
  return (
    <>
      {[t.reason, t.exitCode !== undefined && `exit ${t.exitCode}`]
        .filter(Boolean)
        .join(', ')}
      {t.finishedAt && <> · {when(t.finishedAt)}</>}
    </>
  );
}

/** Everything a diagnosis holds: findings first (what to do), then the facts. */
export function DiagnosisView(props: { diagnosis: WorkspaceDiagnosis }) {
  const { diagnosis } = props;
  const classes = useStyles();
  const { pod } = diagnosis;
  return (
    <>
      <Section title="Findings">
        {diagnosis.findings.length === 0 ? (
          <Typography variant="body2">
            Nothing wrong was found in what could be read
            {diagnosis.missing.length > 0 ? ' (see what is missing below)' : ''}
            .
          </Typography>
        ) : (
          diagnosis.findings.map((f, i) => <Finding key={i} finding={f} />)
        )}
      </Section>

      {diagnosis.hubMessage && (
        <Section title="The hub's message">
          <Typography variant="body2" className={classes.cellText}>
            {diagnosis.hubMessage}
          </Typography>
        </Section>
      )}

      <Section title="Pod">
        {pod ? (
          <>
            <Typography variant="body2" className={classes.cellText}>
              <strong>{pod.name}</strong> in {pod.namespace} on cluster{' '}
              {pod.cluster}: <strong>{pod.phase}</strong>
              {pod.deleting && ' (being deleted)'}
              {pod.nodeName
                ? ` on node ${pod.nodeName}${
                    pod.nodeReady === false ? ' (NotReady)' : ''
                  }`
                : ', not placed on a node'}
              {pod.startedAt && <>, started {when(pod.startedAt)}</>} ·{' '}
              {pod.restarts} restart{pod.restarts === 1 ? '' : 's'}
            </Typography>
            {pod.conditions.length > 0 && (
              <FactTable
                caption="Pod conditions"
                head={['Condition', 'Status', 'Reason', 'Message']}
                wrap={3}
                rows={pod.conditions.map(c => [
                  c.type,
                  c.status,
                  c.reason ?? '—',
                  c.message ?? '—',
                ])}
              />
            )}
            {pod.containers.length > 0 && (
              <FactTable
                caption="Containers"
                head={['Container', 'State', 'Restarts', 'Last termination']}
                wrap={1}
                rows={pod.containers.map(c => [
                  c.name,
                  <>
                    {containerState(c)}
                    {c.message && (
                      <Typography
                        variant="caption"
                        display="block"
                        color="textSecondary"
                      >
                        {c.message}
                      </Typography>
                    )}
                  </>,
                  c.restartCount,
                  lastTermination(c),
                ])}
              />
            )}
          </>
        ) : (
          <Typography variant="body2">
            No pod of this workspace was found in the cluster.
          </Typography>
        )}
      </Section>

      {pod && (
        <Section title="Events">
          {pod.events.length === 0 ? (
            <Typography variant="body2">
              No events recorded for the pod.
            </Typography>
          ) : (
            <FactTable
              caption="Pod events, newest first"
              head={['Type', 'Reason', 'Message', 'Count', 'Last seen']}
              wrap={2}
              rows={pod.events.map(e => [
                e.type,
                e.reason,
                e.message,
                e.count,
                when(e.lastSeen),
              ])}
            />
          )}
        </Section>
      )}

      {diagnosis.logTail && (
        <Section
          title={`Log of ${diagnosis.logTail.container}${
            diagnosis.logTail.previous ? ' (previous run)' : ''
          }`}
        >
          <pre
            className={classes.log}
            role="region"
            // A scrollable region must be reachable by keyboard to be scrolled (axe's
            // scrollable-region-focusable, WCAG 2.1.1).
            // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
            tabIndex={0}
            aria-label={`Last ${diagnosis.logTail.lines.length} log lines`}
          >
            {diagnosis.logTail.lines.join('\n') || '(empty)'}
          </pre>
        </Section>
      )}

      {diagnosis.kernels && (
        <Section title="Kernels">
          {diagnosis.kernels.length === 0 ? (
            <Typography variant="body2">No kernel is running.</Typography>
          ) : (
            <FactTable
              caption="Kernels of the notebook server"
              head={['Kernel', 'State', 'Last activity', 'Connections']}
              rows={diagnosis.kernels.map(k => [
                `${k.name} ${k.id.slice(0, 8)}`,
                k.executionState,
                when(k.lastActivity),
                k.connections ?? '—',
              ])}
            />
          )}
        </Section>
      )}

      {diagnosis.missing.length > 0 && (
        <Section title="What could not be known">
          <Alert severity="warning" role="none">
            <ul className={classes.facts}>
              {diagnosis.missing.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
            <Typography variant="body2">
              Diagnose again in a minute; if it stays missing, ask DevOps to
              check the platform status page.
            </Typography>
          </Alert>
        </Section>
      )}
    </>
  );
}
