import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { Table, type TableColumn } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import { errorMessage, tableOptions } from '@internal/frontend-kit';
import type { ResultVersion } from '@internal/plugin-results-common';
import { resultsApiRef } from '../api';
import { formatBytes, formatTime, shortRef } from './format';

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
  const api = useApi(resultsApiRef);
  const [reproducing, setReproducing] = useState<number>();
  const [notice, setNotice] = useState<{
    severity: 'success' | 'error';
    text: string;
  }>();

  const reproduce = async (version: number) => {
    setReproducing(version);
    setNotice(undefined);
    try {
      const res = await api.reproduce(resultId, version);
      setNotice({
        severity: 'success',
        text: `Launching workspace ${res.workspaceName} with version ${version}'s environment, profile, options and code; follow it on the Workspaces page.`,
      });
    } catch (error) {
      setNotice({
        severity: 'error',
        text: `Could not reproduce version ${version}: ${errorMessage(error)}`,
      });
    } finally {
      setReproducing(undefined);
    }
  };

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
            disabled={reproducing !== undefined}
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
      {notice && (
        <Alert severity={notice.severity} style={{ marginBottom: 16 }}>
          {notice.text}
        </Alert>
      )}
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
