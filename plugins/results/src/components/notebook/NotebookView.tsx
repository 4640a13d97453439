import { useMemo } from 'react';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { NotebookCellView, type NotebookMode } from './NotebookCellView';
import { cellWeight, notebookLanguage, type Notebook } from './nbformat';
import { useProgressiveCount } from './useProgressiveCount';

const number = (n: number) => n.toLocaleString('en-US');

/**
 * A notebook rendered as a document: every cell in order (`notebook` mode) or only
 * markdown and outputs (`report` mode). Cells render in batches while the browser is
 * idle, with a progress bar saying how far it got.
 */
export function NotebookView(props: {
  notebook: Notebook;
  mode?: NotebookMode;
}) {
  const { notebook, mode = 'notebook' } = props;
  const cells = useMemo(
    () => (Array.isArray(notebook.cells) ? notebook.cells : []),
    [notebook],
  );
  const weights = useMemo(() => cells.map(cellWeight), [cells]);
  const shown = useProgressiveCount(weights);
  const language = notebookLanguage(notebook);

  return (
    <article aria-label={mode === 'report' ? 'Report' : 'Notebook'}>
      {shown < cells.length && (
        <div role="status" aria-live="polite">
          <Typography variant="body2" color="textSecondary">
            Rendering {number(shown)} of {number(cells.length)} cells
          </Typography>
          <LinearProgress
            variant="determinate"
            value={(100 * shown) / cells.length}
          />
        </div>
      )}
      {cells.length === 0 && (
        <Typography color="textSecondary">
          This notebook has no cells.
        </Typography>
      )}
      {cells.slice(0, shown).map((cell, index) => (
        <NotebookCellView
          key={index}
          cell={cell}
          index={index}
          language={language}
          mode={mode}
        />
      ))}
    </article>
  );
}
