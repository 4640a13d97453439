import { memo, useState } from 'react';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  CellDiff,
  SourceLineChange,
} from '@internal/plugin-results-common';
import { CellOutput } from '../notebook/CellOutput';
import { joinText, type NotebookCell } from '../notebook/nbformat';

const ADDED = 'rgba(46, 160, 67, 0.18)';
const REMOVED = 'rgba(248, 81, 73, 0.18)';

const useStyles = makeStyles(theme => ({
  row: {
    border: `1px solid ${theme.palette.divider}`,
    borderLeftWidth: 4,
    borderRadius: 4,
    marginBottom: theme.spacing(1.5),
    padding: theme.spacing(1),
  },
  added: { borderLeftColor: theme.palette.success.main },
  removed: { borderLeftColor: theme.palette.error.main },
  changed: { borderLeftColor: theme.palette.warning.main },
  head: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    flexWrap: 'wrap',
  },
  lines: {
    margin: theme.spacing(1, 0, 0),
    fontFamily: 'monospace',
    fontSize: '0.85rem',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  },
  insert: { background: ADDED, display: 'block' },
  delete: {
    background: REMOVED,
    display: 'block',
    textDecoration: 'line-through',
  },
  equal: { display: 'block' },
  sides: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
  side: { minWidth: 0, overflowX: 'auto' },
  outAdded: { background: ADDED },
  outRemoved: { background: REMOVED },
}));

const LINE_MARK = { insert: '+ ', delete: '- ', equal: '  ' };
const LINE_LABEL = {
  insert: 'added line',
  delete: 'removed line',
  equal: undefined,
};

function Lines(props: { lines: SourceLineChange[] }) {
  const classes = useStyles();
  return (
    <pre className={classes.lines}>
      {props.lines.map((line, i) => (
        <span
          key={i}
          className={classes[line.op]}
          aria-label={LINE_LABEL[line.op]}
        >
          {LINE_MARK[line.op]}
          {line.text.replace(/\n$/, '')}
        </span>
      ))}
    </pre>
  );
}

const asLines = (
  text: string,
  op: SourceLineChange['op'],
): SourceLineChange[] =>
  text ? text.split('\n').map(line => ({ op, text: line })) : [];

function Outputs(props: {
  cell?: NotebookCell;
  marked: number[];
  className: string;
  label: string;
}) {
  const { cell, marked, className, label } = props;
  const classes = useStyles();
  return (
    <div className={classes.side}>
      <Typography variant="caption" color="textSecondary">
        {label}
      </Typography>
      {(cell?.outputs ?? []).map((output, i) => (
        <div key={i} className={marked.includes(i) ? className : undefined}>
          <CellOutput output={output} />
        </div>
      ))}
    </div>
  );
}

/**
 * One row of a cell-by-cell diff, the way nbdime shows it: an added or removed cell
 * whole, a changed one as a line diff of its source and its old and new outputs side
 * by side, the outputs that differ highlighted.
 */
export const CellDiffRow = memo(function CellDiffRowView(props: {
  diff: CellDiff;
  oldCell?: NotebookCell;
  newCell?: NotebookCell;
}) {
  const { diff, oldCell, newCell } = props;
  const classes = useStyles();
  const [showOutputs, setShowOutputs] = useState(
    diff.change !== 'changed' || diff.outputsChanged,
  );
  const where =
    diff.change === 'removed'
      ? `old cell ${(diff.oldIndex ?? 0) + 1}`
      : `cell ${(diff.newIndex ?? 0) + 1}`;
  const kinds: Record<string, string> = {
    added: classes.added,
    removed: classes.removed,
  };
  const kind = kinds[diff.change] ?? classes.changed;
  const what: string[] = [];
  if (diff.sourceChanged) what.push('source');
  if (diff.outputsChanged) what.push('outputs');
  if (diff.metadataChanged) what.push('metadata');
  if (diff.cellTypeChanged) what.push('cell type');

  let lines: SourceLineChange[];
  if (diff.change === 'added')
    lines = asLines(joinText(newCell?.source), 'insert');
  else if (diff.change === 'removed')
    lines = asLines(joinText(oldCell?.source), 'delete');
  else if (diff.sourceDiff) lines = diff.sourceDiff;
  else lines = asLines(joinText(newCell?.source), 'equal');

  const hasOutputs =
    (oldCell?.outputs?.length ?? 0) + (newCell?.outputs?.length ?? 0) > 0;

  return (
    <section
      className={`${classes.row} ${kind}`}
      aria-label={`${diff.change} ${where}`}
    >
      <div className={classes.head}>
        <Chip size="small" label={diff.change} />
        <Typography variant="body2">
          {diff.cellType} {where}
          {what.length > 0 && ` · changed ${what.join(', ')}`}
        </Typography>
      </div>
      <Lines lines={lines} />
      {hasOutputs && diff.change === 'changed' && !showOutputs && (
        <Button size="small" onClick={() => setShowOutputs(true)}>
          Show outputs
        </Button>
      )}
      {hasOutputs && showOutputs && diff.change === 'changed' && (
        <div className={classes.sides}>
          <Outputs
            cell={oldCell}
            marked={diff.outputChanges?.removed ?? []}
            className={classes.outRemoved}
            label="Before"
          />
          <Outputs
            cell={newCell}
            marked={diff.outputChanges?.added ?? []}
            className={classes.outAdded}
            label="After"
          />
        </div>
      )}
      {hasOutputs && diff.change !== 'changed' && (
        <Outputs
          cell={diff.change === 'added' ? newCell : oldCell}
          marked={[]}
          className=""
          label="Outputs"
        />
      )}
    </section>
  );
});
