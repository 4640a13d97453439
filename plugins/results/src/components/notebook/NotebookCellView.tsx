import { memo } from 'react';
import { CodeSnippet } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import { CellOutput } from './CellOutput';
import { NotebookMarkdown } from './NotebookMarkdown';
import { joinText, type NotebookCell } from './nbformat';

/** `notebook` shows code and outputs; `report` hides code, as a dashboard would. */
export type NotebookMode = 'notebook' | 'report';

// Cells off screen are neither laid out nor painted: without this, each batch of a big
// notebook re-lays out every cell above it, and the page stalls for seconds.
const offscreen = {
  contentVisibility: 'auto',
  containIntrinsicSize: 'auto 120px',
} as const;

const useStyles = makeStyles(theme => ({
  cell: {
    ...offscreen,
    display: 'grid',
    gridTemplateColumns: '4.5rem minmax(0, 1fr)',
    columnGap: theme.spacing(1),
    marginBottom: theme.spacing(1.5),
  },
  reportCell: { ...offscreen, marginBottom: theme.spacing(1.5) },
  prompt: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    color: theme.palette.text.secondary,
    textAlign: 'right',
    paddingTop: theme.spacing(1),
  },
  code: { '& pre': { margin: '0 !important', fontSize: '0.85rem' } },
  outputs: { gridColumn: 2 },
}));

/**
 * One cell. Code is highlighted by Backstage's CodeSnippet (react-syntax-highlighter,
 * which the app already ships); markdown and outputs are rendered as in Jupyter.
 * Memoized: the progressive renderer re-renders the list as batches arrive, and cells
 * already shown must not be rendered again.
 */
export const NotebookCellView = memo(function NotebookCell(props: {
  cell: NotebookCell;
  index: number;
  language: string;
  mode: NotebookMode;
}) {
  const { cell, index, language, mode } = props;
  const classes = useStyles();
  const source = joinText(cell.source);
  const outputs = cell.outputs ?? [];
  const label = `Cell ${index + 1}`;

  if (cell.cell_type === 'markdown') {
    return (
      <section
        aria-label={label}
        className={mode === 'report' ? classes.reportCell : classes.cell}
      >
        {mode === 'notebook' && <span />}
        <NotebookMarkdown source={source} attachments={cell.attachments} />
      </section>
    );
  }
  if (cell.cell_type !== 'code') {
    // Raw cells are input for nbconvert, not something a reader sees.
    if (mode === 'report') return null;
    return (
      <section aria-label={label} className={classes.cell}>
        <span />
        <pre>{source}</pre>
      </section>
    );
  }
  const count = cell.execution_count ?? ' ';
  if (mode === 'report') {
    if (outputs.length === 0) return null;
    return (
      <section aria-label={label} className={classes.reportCell}>
        {outputs.map((output, i) => (
          <CellOutput key={i} output={output} />
        ))}
      </section>
    );
  }
  return (
    <section aria-label={label} className={classes.cell}>
      <div className={classes.prompt}>In [{count}]:</div>
      <div className={classes.code} data-testid="cell-source">
        <CodeSnippet text={source} language={language} />
      </div>
      {outputs.length > 0 && (
        <div className={classes.outputs}>
          {outputs.map((output, i) => (
            <CellOutput key={i} output={output} />
          ))}
        </div>
      )}
    </section>
  );
});
