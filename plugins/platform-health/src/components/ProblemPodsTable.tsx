import { useState } from 'react';
import Button from '@material-ui/core/Button';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import { Table, type TableColumn } from '@backstage/core-components';
import type { ProblemPod } from '@internal/plugin-platform-health-common';
import { PodLogsDialog } from './PodLogsDialog';
import { tableOptions } from '@internal/frontend-kit';

/** Pods that need attention with their reason, events and (for operators) logs. */
export function ProblemPodsTable(props: {
  pods: ProblemPod[];
  title?: string;
  showLogs: boolean;
  total?: number;
}) {
  const [logsOf, setLogsOf] = useState<ProblemPod>();
  const columns: TableColumn<ProblemPod>[] = [
    {
      title: 'Pod',
      field: 'name',
      highlight: true,
      cellStyle: { wordBreak: 'break-all' },
    },
    { title: 'Namespace', field: 'namespace' },
    {
      title: 'Reason',
      field: 'reason',
      // A pod that runs again after restarts or an OOM kill is a warning, not an
      // error: said in words (Backstage's Status* hide their text from screen readers).
      render: pod =>
        pod.severity === 'warning' ? (
          <span data-testid="problem-warning">
            <WarningIcon
              aria-hidden
              fontSize="inherit"
              style={{ verticalAlign: 'middle', marginRight: 4 }}
            />
            {pod.reason} (warning)
          </span>
        ) : (
          pod.reason
        ),
    },
    {
      title: 'What Kubernetes says',
      cellStyle: { minWidth: 360, wordBreak: 'break-word' },
      render: pod => (
        <>
          {pod.message}
          {pod.events.slice(0, 2).map((e, i) => (
            <div key={i} style={{ opacity: 0.75, fontSize: '0.85em' }}>
              {e.reason}: {e.message}
              {e.count > 1 ? ` (×${e.count})` : ''}
            </div>
          ))}
        </>
      ),
    },
    { title: 'Restarts', field: 'restarts', type: 'numeric' },
    { title: 'Node', field: 'node' },
  ];
  if (props.showLogs) {
    columns.push({
      title: 'Logs',
      sorting: false,
      render: pod => (
        <Button size="small" onClick={() => setLogsOf(pod)}>
          Logs
        </Button>
      ),
    });
  }
  const title =
    props.title ??
    `Problem pods (${props.total ?? props.pods.length}${
      props.total !== undefined && props.total > props.pods.length
        ? `, first ${props.pods.length} shown`
        : ''
    })`;
  return (
    <>
      <Table<ProblemPod>
        title={title}
        options={tableOptions({
          search: props.pods.length > 10,
          paging: props.pods.length > 20,
          pageSize: 20,
        })}
        columns={columns}
        data={props.pods}
        emptyContent={
          <div style={{ padding: 16 }}>No pod needs attention.</div>
        }
      />
      <PodLogsDialog pod={logsOf} onClose={() => setLogsOf(undefined)} />
    </>
  );
}
