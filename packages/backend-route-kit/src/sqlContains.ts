/**
 * `%`, `_` and the escape character itself match literally in a LIKE pattern; the
 * text is lowered as the column is.
 */
export function containsPattern(text: string): string {
  return `%${text.toLocaleLowerCase('en-US').replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

/**
 * "column contains text, ignoring case" on SQLite and PostgreSQL alike, as knex's
 * `whereRaw` / `orWhereRaw` arguments: `query.whereRaw(...sqlContains('title', text))`.
 * PostgreSQL's LIKE is case-sensitive and SQLite's is not (for ASCII), so both sides
 * are lowered. A leading wildcard cannot use an index: let exact filters narrow first.
 */
export function sqlContains(
  column: string,
  text: string,
): [sql: string, bindings: [string, string]] {
  return [`lower(??) like ? escape '\\'`, [column, containsPattern(text)]];
}
