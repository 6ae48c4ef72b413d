import type { CellValue } from './rows.ts';

/** The longest cell text kept for the error workbook (Excel's own cell limit is 32,767). */
export const MAX_CELL_TEXT = 1000;

/** A cell as text, as the error workbook shows it: dates as ISO dates, a formula without a cached value as its formula. */
export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().replace(/T00:00:00\.000Z$/, '');
  if (typeof cell === 'object') return `=${cell.formulaWithoutValue}`.slice(0, MAX_CELL_TEXT);
  return String(cell).slice(0, MAX_CELL_TEXT);
}
