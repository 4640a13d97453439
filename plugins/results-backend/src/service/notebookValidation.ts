import { InputError } from '@backstage/errors';
import type { Notebook } from '@internal/plugin-results-common';

const CELL_TYPES = ['code', 'markdown', 'raw'];
const isSource = (s: unknown) =>
  typeof s === 'string' || (Array.isArray(s) && s.every(x => typeof x === 'string'));
/** nbformat 4.5's cell id rule. */
const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/**
 * Parses and checks a notebook against the parts of the nbformat 4 schema Atrium reads
 * (the renderer and the diff): a 400 names the first problem and where it is.
 */
export function parseNotebook(text: string, path: string): Notebook {
  const fail = (problem: string): never => {
    throw new InputError(`'${path}' is not a valid Jupyter notebook (nbformat 4): ${problem}`);
  };
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return fail(`it is not JSON (${(error as Error).message.slice(0, 120)})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return fail('the top level is not an object');
  if (doc.nbformat !== 4) return fail(`nbformat is ${JSON.stringify(doc.nbformat)}, expected 4 (convert it with "jupyter nbconvert --to notebook")`);
  if (typeof doc.nbformat_minor !== 'number') return fail('nbformat_minor is missing');
  if (!doc.metadata || typeof doc.metadata !== 'object') return fail('metadata is missing');
  if (!Array.isArray(doc.cells)) return fail('cells is not a list');
  const ids = new Set<string>();
  doc.cells.forEach((cell: any, i: number) => {
    const where = `cell ${i + 1}`;
    if (!cell || typeof cell !== 'object') return fail(`${where} is not an object`);
    if (!CELL_TYPES.includes(cell.cell_type)) return fail(`${where} has cell_type ${JSON.stringify(cell.cell_type)} (code, markdown or raw)`);
    if (!isSource(cell.source)) return fail(`${where}'s source is not a string or a list of strings`);
    if (cell.id !== undefined) {
      if (typeof cell.id !== 'string' || !CELL_ID.test(cell.id)) return fail(`${where}'s id is not 1-64 letters, digits, - or _`);
      if (ids.has(cell.id)) return fail(`${where}'s id '${cell.id}' is used twice`);
      ids.add(cell.id);
    }
    if (cell.cell_type === 'code') {
      if (!Array.isArray(cell.outputs)) return fail(`${where} is a code cell without an outputs list`);
      cell.outputs.forEach((o: any, k: number) => {
        if (!o || typeof o.output_type !== 'string') fail(`output ${k + 1} of ${where} has no output_type`);
      });
    }
    return undefined;
  });
  return doc as Notebook;
}
