import { Link, Table, type TableColumn } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Alert from '@material-ui/lab/Alert';
import { tableOptions } from '@internal/frontend-kit';
import type { ResultVersion } from '@internal/plugin-results-common';
import { formatBytes, formatTime, shortRef } from './format';
import { useReproduction, type Reproduction } from './useReproduction';

/** What reproducing a version is doing, with the hub's progress while it starts. */
function ReproductionNotice({ reproduction: r }: { reproduction: Reproduction }) {
  if (r.phase === 'failed') {
    return (
      <Alert severity="error" style={{ marginBottom: 16 }}>
        {r.text}
      </Alert>
    );
  }
  if (r.phase === 'done') {
    return (
      <Alert severity="success" style={{ marginBottom: 16 }}>
        Workspace {r.workspaceName} runs version {r.version}'s environment, profile,
        options and code, with its notebook at <code>{r.path}</code>.{' '}
        {r.url && <Link to={r.url}>Open it</Link>}
      </Alert>
    );
  }
  let text = `Launching a workspace for version ${r.version}…`;
  if (r.phase === 'starting') {
    text = `Starting workspace ${r.workspaceName}: ${r.message ?? 'waiting for the hub'}`;
  } else if (r.phase === 'copying') {
    text = `Putting version ${r.version}'s notebook in ${r.workspaceName}…`;
  }
  const progress = r.phase === 'starting' ? r.progress : undefined;
  return (
    <Alert severity="info" style={{ marginBottom: 16 }} role="status">
      {text}
      <LinearProgress
        aria-label={`Reproducing version ${r.version}`}
        variant={progress ? 'determinate' : 'indeterminate'}
        value={progress}
        style={{ marginTop: 8 }}
      />
    </Alert>
  );
}

function environment(v: ResultVersion): string {
  const p = v.provenance;
  const env = p.environmentRef
    ? `${shortRef(p.environmentRef)}${
        p.environmentVersion ? ` v${p.environmentVersion}` : ''
      }`
    : 'no environment';
  const options = Object.entries(p.options ?? {})
    .map(([k, val]) => `${k}=${String(val)}`)
    .join(', ');
  return [env, p.profile, options].filter(Boolean).join(' · ');
}

/**
 * A result's versions, newest first: who published it when, with what message, from
 * which environment, profile and code commit. Each can be viewed, compared with the
 * one before, or reproduced in a new workspace.
 */
export function VersionsTable(props: {
  resultId: string;
  versions: ResultVersion[];
  onView: (version: number) => void;
  onCompare: (from: number, to: number) => void;
}) {
  const { resultId, versions, onView, onCompare } = props;
  const { reproduction, reproduce } = useReproduction(resultId);
  const reproducing =
    reproduction &&
    reproduction.phase !== 'done' &&
    reproduction.phase !== 'failed';

  const columns: TableColumn<ResultVersion>[] = [
    {
      title: 'Version',
      field: 'version',
      type: 'numeric',
      defaultSort: 'desc',
      width: '6em',
    },
    { title: 'Message', field: 'message' },
    { title: 'By', field: 'authorRef', render: v => shortRef(v.authorRef) },
    {
      title: 'When',
      field: 'createdAt',
      filtering: false,
      render: v => formatTime(v.createdAt),
    },
    {
      title: 'Environment',
      customFilterAndSearch: (term: string, v) =>
        environment(v).toLocaleLowerCase().includes(term.toLocaleLowerCase()),
      render: v => environment(v),
    },
    {
      title: 'Code commit',
      field: 'provenance.codeCommit',
      render: v =>
        v.provenance.codeCommit ? v.provenance.codeCommit.slice(0, 10) : '—',
    },
    { title: 'Cells', field: 'cellCount', type: 'numeric', filtering: false },
    {
      title: 'Size',
      field: 'sizeBytes',
      type: 'numeric',
      filtering: false,
      render: v => formatBytes(v.sizeBytes),
    },
    {
      title: 'Actions',
      filtering: false,
      sorting: false,
      render: v => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Button
            size="small"
            onClick={() => onView(v.version)}
            aria-label={`View version ${v.version}`}
          >
            View
          </Button>
          {v.version > 1 && (
            <Button
              size="small"
              onClick={() => onCompare(v.version - 1, v.version)}
              aria-label={`Compare version ${v.version} with ${v.version - 1}`}
            >
              Diff
            </Button>
          )}
          <Button
            size="small"
            disabled={reproducing}
            onClick={() => reproduce(v.version)}
            aria-label={`Reproduce version ${v.version}`}
          >
            Reproduce
          </Button>
        </span>
      ),
    },
  ];

  return (
    <>
      {reproduction && <ReproductionNotice reproduction={reproduction} />}
      <Table<ResultVersion>
        title={`Versions (${versions.length})`}
        columns={columns}
        data={versions}
        options={tableOptions<ResultVersion>({
          filtering: true,
          paging: versions.length > 20,
          pageSize: 20,
        })}
      />
    </>
  );
}
