/**
 * The parts of an nbformat v4 notebook the renderer reads. The backend validates the
 * notebook when it is published; the renderer still treats every field as untrusted
 * and possibly missing, since a result may hold anything a kernel printed.
 */

/** Text in nbformat is a string or a list of lines. */
export type MultilineString = string | string[];

export interface NotebookOutput {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error' | string;
  name?: string;
  text?: MultilineString;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

export interface NotebookCell {
  id?: string;
  cell_type: 'code' | 'markdown' | 'raw' | string;
  source: MultilineString;
  metadata?: Record<string, unknown>;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  attachments?: Record<string, Record<string, MultilineString>>;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata?: {
    kernelspec?: { name?: string; display_name?: string; language?: string };
    language_info?: { name?: string };
    [key: string]: unknown;
  };
  cells: NotebookCell[];
}

/** Joins nbformat's list-of-lines form; anything else becomes an empty string. */
export function joinText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join('');
  return '';
}

/** The notebook's code language, for highlighting (python unless it says otherwise). */
export function notebookLanguage(notebook: Notebook): string {
  return (
    notebook.metadata?.language_info?.name ??
    notebook.metadata?.kernelspec?.language ??
    'python'
  );
}

// ESC [ params intermediates final: the colour and cursor codes IPython puts in
// tracebacks (the same pattern the `ansi-regex` package uses for CSI sequences), plus
// OSC sequences (ESC ] ... BEL) that terminals use for links.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/** Removes terminal escape codes, which would show as garbage in a web page. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * A rough size of a cell's rendering cost: its source and outputs in characters. The
 * progressive renderer cuts batches by this, so a cell with a 5 MB output is a batch
 * of its own and a thousand one-line cells are a few.
 */
export function cellWeight(cell: NotebookCell): number {
  let weight = 200 + joinText(cell.source).length;
  for (const output of cell.outputs ?? []) {
    weight += joinText(output.text).length;
    for (const value of Object.values(output.data ?? {})) {
      weight +=
        typeof value === 'string' ? value.length : joinText(value).length;
    }
    weight += (output.traceback ?? []).join('').length;
  }
  return weight;
}
