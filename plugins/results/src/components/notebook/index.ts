export { NotebookView } from './NotebookView';
export type { NotebookMode } from './NotebookCellView';
export type { Notebook, NotebookCell, NotebookOutput } from './nbformat';
export { joinText, stripAnsi } from './nbformat';
