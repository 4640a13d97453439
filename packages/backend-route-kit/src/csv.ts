/**
 * The one CSV writer of Atrium's exports (audit log, costs). What goes into them comes
 * from people: catalog titles, directory names, request URLs. So every cell is quoted
 * when it could break the row, and text that a spreadsheet would run as a formula is
 * neutralised.
 */

// OWASP "CSV Injection": a cell starting with one of these is read as a formula by
// Excel, LibreOffice or Google Sheets (tab and carriage return too, which some strip
// before looking at the next character).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\n\r\t]/;

/**
 * One CSV cell. Numbers are written as numbers (so a negative amount stays a number a
 * sheet can sum; non-finite ones as an empty cell); any text, including text that looks
 * like a number, is quoted if needed and, when it starts like a formula, prefixed with
 * `'` so the spreadsheet shows it as text. Objects are written as JSON text.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : '';
  }
  if (typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  // A neutralised cell is quoted too, so a reader sees it as one text value.
  return NEEDS_QUOTES.test(safe) || safe !== text
    ? `"${safe.replace(/"/g, '""')}"`
    : safe;
}

/** One CSV row of cells (see {@link csvCell}), ending with a line break. */
export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\n`;
}
