import type { TableOptions } from '@backstage/core-components';

/**
 * The options every Atrium table starts from.
 *
 * Backstage's table (material-table) makes columns draggable by default, which puts a
 * drag handle inside each sortable header's button: nested interactive controls and two
 * Tab stops per column (WCAG 4.1.2). No Atrium table needs its columns reordered.
 *
 * @public
 */
export function tableOptions<T extends object>(
  options: TableOptions<T> = {},
): TableOptions<T> {
  return { draggable: false, padding: 'dense', ...options };
}
