import type { ICell } from '@jupyterlab/nbformat';
import { diffNotebooks, diffSource, summarizeNotebook } from './notebookDiff';
import type { Notebook } from './types';

function nb(cells: Partial<ICell>[], minor = 5): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: minor,
    metadata: {},
    cells: cells.map(c => ({
      cell_type: 'code',
      metadata: {},
      source: '',
      ...(c.cell_type === 'markdown' ? {} : { outputs: [], execution_count: null }),
      ...c,
    })) as ICell[],
  };
}

const out = (text: string, count = 1) => ({
  output_type: 'execute_result',
  execution_count: count,
  data: { 'text/plain': text },
  metadata: {},
});

describe('diffNotebooks', () => {
  it('aligns on cell ids: added, removed, changed source, changed outputs', () => {
    const a = nb([
      { id: 'a', source: 'import pandas as pd\n' },
      { id: 'b', source: 'df = pd.read_csv("x")\n', outputs: [out('1')] },
      { id: 'c', cell_type: 'markdown', source: '# Notes' },
      { id: 'd', source: 'df.plot()' },
    ]);
    const b = nb([
      { id: 'a', source: 'import pandas as pd\n' },
      { id: 'b', source: 'df = pd.read_csv("x")\n', outputs: [out('2')] },
      { id: 'd', source: 'df.plot(kind="bar")' },
      { id: 'e', source: 'print(1)' },
    ]);
    const diff = diffNotebooks(a, b);
    expect(diff.alignment).toBe('ids');
    expect(diff.cells.map(c => [c.change, c.oldIndex, c.newIndex, c.cellId])).toEqual([
      ['unchanged', 0, 0, 'a'],
      ['changed', 1, 1, 'b'],
      ['removed', 2, null, 'c'],
      ['changed', 3, 2, 'd'],
      ['added', null, 3, 'e'],
    ]);
    expect(diff.cells[1]).toMatchObject({ sourceChanged: false, outputsChanged: true });
    expect(diff.cells[1].outputChanges).toEqual({ removed: [0], added: [0] });
    expect(diff.cells[3]).toMatchObject({ sourceChanged: true, outputsChanged: false });
    expect(diff.cells[3].sourceDiff).toEqual([
      { op: 'delete', text: 'df.plot()' },
      { op: 'insert', text: 'df.plot(kind="bar")' },
    ]);
    expect(diff.summary).toEqual({ added: 1, removed: 1, changed: 2, unchanged: 1 });
  });

  it('with ids, an edited cell stays one cell however much its source changed', () => {
    const diff = diffNotebooks(
      nb([{ id: 'x', source: 'completely' }]),
      nb([{ id: 'x', source: 'different' }]),
    );
    expect(diff.cells).toHaveLength(1);
    expect(diff.cells[0]).toMatchObject({ change: 'changed', matchedBy: 'id' });
  });

  it('without ids (nbformat 4.4) pairs identical cells, then similar ones', () => {
    const a = nb(
      [
        { source: 'x = 1\n' },
        { source: 'def train(model, data):\n    return model.fit(data)\n' },
        { source: 'print("bye")' },
      ],
      4,
    );
    const b = nb(
      [
        { source: 'x = 1\n' },
        { source: 'import numpy as np' },
        { source: 'def train(model, data, epochs):\n    return model.fit(data, epochs)\n' },
        { source: 'print("bye")' },
      ],
      4,
    );
    const diff = diffNotebooks(a, b);
    expect(diff.alignment).toBe('content');
    expect(diff.cells.map(c => [c.change, c.matchedBy, c.oldIndex, c.newIndex])).toEqual([
      ['unchanged', 'content', 0, 0],
      ['added', null, null, 1],
      ['changed', 'similarity', 1, 2],
      ['unchanged', 'content', 2, 3],
    ]);
  });

  it('without ids, unrelated cells are removed + added, not "changed"', () => {
    const diff = diffNotebooks(
      nb([{ source: 'alpha beta gamma' }], 4),
      nb([{ source: 'SELECT * FROM t' }], 4),
    );
    expect(diff.cells.map(c => c.change)).toEqual(['removed', 'added']);
  });

  it('falls back to content alignment when only one side has ids', () => {
    const diff = diffNotebooks(nb([{ source: 'a = 1' }], 4), nb([{ id: 'k', source: 'a = 1' }]));
    expect(diff.alignment).toBe('content');
    expect(diff.cells[0]).toMatchObject({ change: 'unchanged', oldIndex: 0, newIndex: 0 });
  });

  it('ignores a re-run that only bumps execution counts', () => {
    const diff = diffNotebooks(
      nb([{ id: 'a', source: '1+1', outputs: [out('2', 1)], execution_count: 1 }]),
      nb([{ id: 'a', source: '1+1', outputs: [out('2', 7)], execution_count: 7 }]),
    );
    expect(diff.cells[0].change).toBe('unchanged');
  });

  it('reports metadata changes of cells and of the notebook', () => {
    const a = nb([{ id: 'a', source: '1' }]);
    const b = nb([{ id: 'a', source: '1', metadata: { tags: ['x'] } }]);
    b.metadata = { kernelspec: { name: 'python3', display_name: 'Python 3' } };
    const diff = diffNotebooks(a, b);
    expect(diff.metadataChanged).toBe(true);
    expect(diff.cells[0]).toMatchObject({ change: 'changed', metadataChanged: true, sourceChanged: false });
  });

  it('diffs summaries the same as notebooks', () => {
    const a = nb([{ id: 'a', source: 'x' }, { id: 'b', source: 'y' }]);
    const b = nb([{ id: 'b', source: 'y2' }]);
    expect(diffNotebooks(summarizeNotebook(a), summarizeNotebook(b))).toEqual(diffNotebooks(a, b));
  });

  it('treats a moved cell (by id) as removed and added, keeping the longest in-order run', () => {
    const a = nb([{ id: 'a', source: 'a' }, { id: 'b', source: 'b' }, { id: 'c', source: 'c' }]);
    const b = nb([{ id: 'c', source: 'c' }, { id: 'a', source: 'a' }, { id: 'b', source: 'b' }]);
    const diff = diffNotebooks(a, b);
    expect(diff.summary).toEqual({ added: 1, removed: 1, changed: 0, unchanged: 2 });
  });

  it('diffs a 2,000-cell notebook with a few edits quickly', () => {
    const cells = Array.from({ length: 2000 }, (_, k) => ({
      source: `value_${k} = compute(${k})\n`,
      outputs: [out(`result ${k}`)],
    }));
    const edited = cells.map((c, k) =>
      k % 100 === 0 ? { ...c, source: `${c.source}# edited\n` } : c,
    );
    const started = Date.now();
    const diff = diffNotebooks(nb(cells, 4), nb(edited, 4));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(diff.summary).toEqual({ added: 0, removed: 0, changed: 20, unchanged: 1980 });
  });
});

describe('diffSource', () => {
  it('keeps common lines and marks the rest', () => {
    expect(diffSource('a\nb\nc\n', 'a\nB\nc\nd')).toEqual([
      { op: 'equal', text: 'a\n' },
      { op: 'delete', text: 'b\n' },
      { op: 'insert', text: 'B\n' },
      { op: 'equal', text: 'c\n' },
      { op: 'insert', text: 'd' },
    ]);
  });
});
