import { Fragment, useMemo, useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { CellDiff, NotebookDiff } from '@internal/plugin-results-common';
import type { Notebook } from '../notebook/nbformat';
import { CellDiffRow } from './CellDiffRow';

type Group =
  | { kind: 'row'; diff: CellDiff }
  | { kind: 'unchanged'; diffs: CellDiff[] };

/** Runs of unchanged cells fold into one line, as nbdime does. */
export function groupRows(cells: CellDiff[]): Group[] {
  const groups: Group[] = [];
  for (const diff of cells) {
    const last = groups[groups.length - 1];
    if (diff.change === 'unchanged') {
      if (last?.kind === 'unchanged') last.diffs.push(diff);
      else groups.push({ kind: 'unchanged', diffs: [diff] });
    } else {
      groups.push({ kind: 'row', diff });
    }
  }
  return groups;
}

function UnchangedRun(props: {
  diffs: CellDiff[];
  newNotebook: Notebook;
  oldNotebook: Notebook;
}) {
  const { diffs, newNotebook, oldNotebook } = props;
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Button
        size="small"
        onClick={() => setOpen(true)}
        style={{ marginBottom: 12 }}
      >
        {diffs.length} unchanged {diffs.length === 1 ? 'cell' : 'cells'}
      </Button>
    );
  }
  return (
    <>
      {diffs.map((diff, i) => (
        <CellDiffRow
          key={i}
          diff={diff}
          oldCell={oldNotebook.cells[diff.oldIndex ?? -1]}
          newCell={newNotebook.cells[diff.newIndex ?? -1]}
        />
      ))}
    </>
  );
}

/**
 * Two versions of a notebook compared cell by cell: the backend's diff model (which
 * cells were added, removed, changed; line diffs of changed sources; which outputs
 * differ) drawn over the two notebooks' cells.
 */
export function NotebookDiffView(props: {
  diff: NotebookDiff;
  oldNotebook: Notebook;
  newNotebook: Notebook;
  fromLabel: string;
  toLabel: string;
}) {
  const { diff, oldNotebook, newNotebook, fromLabel, toLabel } = props;
  const groups = useMemo(() => groupRows(diff.cells), [diff]);
  const { added, removed, changed, unchanged } = diff.summary;
  return (
    <div aria-label="Notebook diff">
      <Typography variant="body1" gutterBottom>
        {fromLabel} → {toLabel}: {added} added, {removed} removed, {changed}{' '}
        changed, {unchanged} unchanged
        {diff.metadataChanged ? '; notebook metadata changed' : ''}
      </Typography>
      {groups.map((group, i) => (
        <Fragment key={i}>
          {group.kind === 'unchanged' ? (
            <UnchangedRun
              diffs={group.diffs}
              oldNotebook={oldNotebook}
              newNotebook={newNotebook}
            />
          ) : (
            <CellDiffRow
              diff={group.diff}
              oldCell={oldNotebook.cells[group.diff.oldIndex ?? -1]}
              newCell={newNotebook.cells[group.diff.newIndex ?? -1]}
            />
          )}
        </Fragment>
      ))}
    </div>
  );
}
