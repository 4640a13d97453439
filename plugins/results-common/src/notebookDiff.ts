import type { ICell, IOutput, MultilineString } from '@jupyterlab/nbformat';
import type { Notebook } from './types';
import { alignKeys, hashString, longestIncreasing, similarity } from './sequenceAlign';

/**
 * What the diff needs of one cell. Outputs and metadata are kept as hashes only, so a
 * version's summary stays small when its outputs are tens of MB: the backend stores it
 * at publish time and diffs two versions without parsing either notebook.
 */
export interface CellSummary {
  /** nbformat ≥ 4.5 cell id; null when the notebook has none. */
  id: string | null;
  cellType: string;
  source: string;
  /** One hash per output (execution counts left out: re-running alone changes nothing). */
  outputHashes: string[];
  metadataHash: string;
}

export interface NotebookSummary {
  cells: CellSummary[];
  metadataHash: string;
}

/** One line of a cell's source diff. */
export interface SourceLineChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export type CellChangeKind = 'unchanged' | 'added' | 'removed' | 'changed';

/** One row of the cell-by-cell diff, in the order to show them (nbdime's side-by-side). */
export interface CellDiff {
  change: CellChangeKind;
  /** Index of the cell in the old / new notebook (null when added / removed). */
  oldIndex: number | null;
  newIndex: number | null;
  /** The cell's id (the new one's when both exist). */
  cellId: string | null;
  cellType: string;
  /** How the two cells were paired: same id, same type and source, or similar source. */
  matchedBy: 'id' | 'content' | 'similarity' | null;
  sourceChanged: boolean;
  outputsChanged: boolean;
  metadataChanged: boolean;
  cellTypeChanged: boolean;
  /** Line diff of the source, only when `sourceChanged`. */
  sourceDiff?: SourceLineChange[];
  /** Output indexes only in the old / only in the new cell, only when `outputsChanged`. */
  outputChanges?: { removed: number[]; added: number[] };
}

export interface NotebookDiff {
  /** `ids` when both notebooks carry unique cell ids (nbformat ≥ 4.5), else `content`. */
  alignment: 'ids' | 'content';
  metadataChanged: boolean;
  cells: CellDiff[];
  summary: {
    added: number;
    removed: number;
    changed: number;
    unchanged: number;
  };
}

/** Two cells with source at least this similar (Dice on bigrams) count as one, changed. */
export const SIMILARITY_THRESHOLD = 0.5;
/** Above this many cell pairs in one unmatched stretch, no similarity pairing (added + removed). */
const MAX_SIMILARITY_PAIRS = 250_000;

export function joinSource(source: MultilineString | undefined): string {
  if (source === undefined) return '';
  return Array.isArray(source) ? source.join('') : source;
}

function outputHash(output: IOutput): string {
  if (output.output_type === 'execute_result') {
    const { execution_count: _ignored, ...rest } = output;
    return hashString(JSON.stringify(rest));
  }
  return hashString(JSON.stringify(output));
}

/** The summary of a notebook the diff works on. */
export function summarizeNotebook(notebook: Notebook): NotebookSummary {
  return {
    metadataHash: hashString(JSON.stringify(notebook.metadata ?? {})),
    cells: (notebook.cells ?? []).map((cell: ICell) => ({
      id: typeof cell.id === 'string' && cell.id ? cell.id : null,
      cellType: String(cell.cell_type),
      source: joinSource(cell.source),
      outputHashes: Array.isArray(cell.outputs)
        ? (cell.outputs as IOutput[]).map(outputHash)
        : [],
      metadataHash: hashString(JSON.stringify(cell.metadata ?? {})),
    })),
  };
}

function isSummary(x: Notebook | NotebookSummary): x is NotebookSummary {
  // a notebook has `metadata`, never `metadataHash`
  return typeof (x as NotebookSummary).metadataHash === 'string';
}

function hasUniqueIds(cells: CellSummary[]): boolean {
  const seen = new Set<string>();
  for (const c of cells) {
    if (!c.id || seen.has(c.id)) return false;
    seen.add(c.id);
  }
  return true;
}

function splitLines(text: string): string[] {
  if (!text) return [];
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Line diff of two sources: aligned lines equal, the rest deleted then inserted. */
export function diffSource(oldText: string, newText: string): SourceLineChange[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const pairs = alignKeys(a, b);
  const out: SourceLineChange[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [a.length, b.length] as [number, number]]) {
    while (i < pi) out.push({ op: 'delete', text: a[i++] });
    while (j < pj) out.push({ op: 'insert', text: b[j++] });
    if (pi < a.length) {
      out.push({ op: 'equal', text: a[pi] });
      i = pi + 1;
      j = pj + 1;
    }
  }
  return out;
}

function compareCells(
  a: CellSummary,
  b: CellSummary,
  oldIndex: number,
  newIndex: number,
  matchedBy: CellDiff['matchedBy'],
): CellDiff {
  const sourceChanged = a.source !== b.source;
  const outputsChanged =
    a.outputHashes.length !== b.outputHashes.length ||
    a.outputHashes.some((h, k) => h !== b.outputHashes[k]);
  const metadataChanged = a.metadataHash !== b.metadataHash;
  const cellTypeChanged = a.cellType !== b.cellType;
  const diff: CellDiff = {
    change:
      sourceChanged || outputsChanged || metadataChanged || cellTypeChanged
        ? 'changed'
        : 'unchanged',
    oldIndex,
    newIndex,
    cellId: b.id ?? a.id,
    cellType: b.cellType,
    matchedBy,
    sourceChanged,
    outputsChanged,
    metadataChanged,
    cellTypeChanged,
  };
  if (sourceChanged) diff.sourceDiff = diffSource(a.source, b.source);
  if (outputsChanged) {
    const kept = alignKeys(a.outputHashes, b.outputHashes);
    const keptOld = new Set(kept.map(([x]) => x));
    const keptNew = new Set(kept.map(([, y]) => y));
    diff.outputChanges = {
      removed: a.outputHashes.map((_, k) => k).filter(k => !keptOld.has(k)),
      added: b.outputHashes.map((_, k) => k).filter(k => !keptNew.has(k)),
    };
  }
  return diff;
}

function lonely(cell: CellSummary, index: number, change: 'added' | 'removed'): CellDiff {
  return {
    change,
    oldIndex: change === 'removed' ? index : null,
    newIndex: change === 'added' ? index : null,
    cellId: cell.id,
    cellType: cell.cellType,
    matchedBy: null,
    sourceChanged: false,
    outputsChanged: false,
    metadataChanged: false,
    cellTypeChanged: false,
  };
}

/**
 * Pairs cells of one unmatched stretch by source similarity (same cell type, similarity
 * ≥ threshold), keeping order: a DP maximising the summed similarity, as nbdime's
 * second matching pass does. Returns pairs of offsets within the stretch.
 */
function pairBySimilarity(
  olds: CellSummary[],
  news: CellSummary[],
): Array<[number, number]> {
  const n = olds.length;
  const m = news.length;
  if (n === 0 || m === 0 || n * m > MAX_SIMILARITY_PAIRS) return [];
  const sim = (i: number, j: number) =>
    olds[i].cellType === news[j].cellType ? similarity(olds[i].source, news[j].source) : 0;
  // score[i][j]: best total over olds[i..], news[j..]
  const score: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  const take: Uint8Array[] = Array.from({ length: n + 1 }, () => new Uint8Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = sim(i, j);
      const pair = s >= SIMILARITY_THRESHOLD ? s + score[i + 1][j + 1] : -1;
      const skipOld = score[i + 1][j];
      const skipNew = score[i][j + 1];
      if (pair >= skipOld && pair >= skipNew) {
        score[i][j] = pair;
        take[i][j] = 1;
      } else if (skipOld >= skipNew) {
        score[i][j] = skipOld;
        take[i][j] = 2;
      } else {
        score[i][j] = skipNew;
        take[i][j] = 3;
      }
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (take[i][j] === 1) pairs.push([i++, j++]);
    else if (take[i][j] === 2) i++;
    else j++;
  }
  return pairs;
}

/**
 * Cell-by-cell diff of two notebooks (or their summaries), the way nbdime shows it:
 * cells paired on their ids when both notebooks have unique ids (nbformat ≥ 4.5;
 * moved cells then read as removed + added), otherwise on identical type + source and
 * then, in what is left between those, on similar source.
 */
export function diffNotebooks(
  oldNotebook: Notebook | NotebookSummary,
  newNotebook: Notebook | NotebookSummary,
): NotebookDiff {
  const a = isSummary(oldNotebook) ? oldNotebook : summarizeNotebook(oldNotebook);
  const b = isSummary(newNotebook) ? newNotebook : summarizeNotebook(newNotebook);
  const byIds = a.cells.length > 0 && b.cells.length > 0 && hasUniqueIds(a.cells) && hasUniqueIds(b.cells);

  let anchors: Array<[number, number]>;
  let anchorKind: CellDiff['matchedBy'];
  if (byIds) {
    const newIndexById = new Map(b.cells.map((c, j) => [c.id as string, j]));
    const pairs: Array<[number, number]> = [];
    a.cells.forEach((c, i) => {
      const j = newIndexById.get(c.id as string);
      if (j !== undefined) pairs.push([i, j]);
    });
    anchors = longestIncreasing(pairs);
    anchorKind = 'id';
  } else {
    const key = (c: CellSummary) => `${c.cellType}\u0000${c.source}`;
    anchors = alignKeys(a.cells.map(key), b.cells.map(key));
    anchorKind = 'content';
  }

  const cells: CellDiff[] = [];
  let i = 0;
  let j = 0;
  const flushGap = (iEnd: number, jEnd: number) => {
    const olds = a.cells.slice(i, iEnd);
    const news = b.cells.slice(j, jEnd);
    const pairs = byIds ? [] : pairBySimilarity(olds, news);
    let x = 0;
    let y = 0;
    for (const [px, py] of [...pairs, [olds.length, news.length] as [number, number]]) {
      while (x < px) cells.push(lonely(olds[x], i + x++, 'removed'));
      while (y < py) cells.push(lonely(news[y], j + y++, 'added'));
      if (px < olds.length) {
        cells.push(compareCells(olds[px], news[py], i + px, j + py, 'similarity'));
        x = px + 1;
        y = py + 1;
      }
    }
    i = iEnd;
    j = jEnd;
  };
  for (const [ai, bj] of anchors) {
    flushGap(ai, bj);
    cells.push(compareCells(a.cells[ai], b.cells[bj], ai, bj, anchorKind));
    i = ai + 1;
    j = bj + 1;
  }
  flushGap(a.cells.length, b.cells.length);

  const summary = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const c of cells) summary[c.change]++;
  return {
    alignment: byIds ? 'ids' : 'content',
    metadataChanged: a.metadataHash !== b.metadataHash,
    cells,
    summary,
  };
}
