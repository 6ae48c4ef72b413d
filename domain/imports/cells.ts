import type { CellValue } from './rows.ts';

/**
 * Reading one cell as the value a field takes. Excel stores what people type as numbers, booleans and
 * dates as it sees fit (a phone or a tax id typed as digits is a number; a date is a Date), so each
 * field reads the cell by the kind it needs. An empty cell is "not given" for every kind.
 */

export type CellRead<T> =
  | { given: false }
  | { given: true; value: T }
  | { given: true; error: 'formula_without_value' | 'invalid_boolean' | 'invalid_number' | 'invalid_date' };

const notGiven = { given: false } as const;

/** Empty: no value, an empty string or only spaces. */
export const isEmptyCell = (cell: CellValue | undefined): boolean => cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');

const isFormula = (cell: CellValue): cell is { formulaWithoutValue: string } => typeof cell === 'object' && cell !== null && !(cell instanceof Date);

/** A number as people write it: no `.0`, no exponent, no grouping (`56912345678`, not `5.6912345678E10`). */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** A date as text: the day alone when it is midnight UTC (how Excel dates arrive), else the instant. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** Any cell as text (trimmed): numbers without `.0` or exponent, booleans as TRUE/FALSE, dates as ISO. */
export function cellText(cell: CellValue | undefined): CellRead<string> {
  if (cell === undefined || isEmptyCell(cell)) return notGiven;
  if (isFormula(cell)) return { given: true, error: 'formula_without_value' };
  if (typeof cell === 'string') return { given: true, value: cell.trim() };
  if (typeof cell === 'number') return { given: true, value: plainNumber(cell) };
  if (typeof cell === 'boolean') return { given: true, value: cell ? 'TRUE' : 'FALSE' };
  const text = dateText(cell as Date);
  return text ? { given: true, value: text } : notGiven;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
const TRUE = new Set(['si', 'yes', 'true', 'verdadero', '1', 'x', 's', 'y']);
const FALSE = new Set(['no', 'false', 'falso', '0', 'n']);

/** Yes or no: sí/si/yes/true/1/x or no/false/0 (any case, accents optional), or an Excel boolean. */
export function cellBoolean(cell: CellValue | undefined): CellRead<boolean> {
  if (cell === undefined || isEmptyCell(cell)) return notGiven;
  if (isFormula(cell)) return { given: true, error: 'formula_without_value' };
  if (typeof cell === 'boolean') return { given: true, value: cell };
  if (typeof cell === 'number')
    return cell === 1 ? { given: true, value: true } : cell === 0 ? { given: true, value: false } : { given: true, error: 'invalid_boolean' };
  if (typeof cell === 'string') {
    const folded = fold(cell);
    if (TRUE.has(folded)) return { given: true, value: true };
    if (FALSE.has(folded)) return { given: true, value: false };
  }
  return { given: true, error: 'invalid_boolean' };
}

/** A whole number: a numeric cell or digits as text (`30`, `30.0`, ` 30 `); the schema checks its range. */
export function cellInteger(cell: CellValue | undefined): CellRead<number> {
  if (cell === undefined || isEmptyCell(cell)) return notGiven;
  if (isFormula(cell)) return { given: true, error: 'formula_without_value' };
  if (typeof cell === 'number') return Number.isSafeInteger(cell) ? { given: true, value: cell } : { given: true, error: 'invalid_number' };
  if (typeof cell === 'string') {
    const match = /^([+-]?\d{1,15})(?:[.,]0+)?$/.exec(cell.trim());
    if (match) return { given: true, value: Number(match[1]) };
  }
  return { given: true, error: 'invalid_number' };
}

const pad = (n: number) => String(n).padStart(2, '0');
const validDay = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : undefined;
};

/**
 * A calendar day (`YYYY-MM-DD`): a date cell (its UTC day, as Excel dates arrive), `2024-03-31`, or the
 * day first as Latin America writes it, `31/03/2024` or `31-03-2024`. Never month first.
 */
export function cellDate(cell: CellValue | undefined): CellRead<string> {
  if (cell === undefined || isEmptyCell(cell)) return notGiven;
  if (isFormula(cell)) return { given: true, error: 'formula_without_value' };
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { given: true, error: 'invalid_date' };
    return { given: true, value: cell.toISOString().slice(0, 10) };
  }
  if (typeof cell === 'string') {
    const text = cell.trim();
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
    const day = iso ? validDay(Number(iso[1]), Number(iso[2]), Number(iso[3])) : dmy ? validDay(Number(dmy[3]), Number(dmy[2]), Number(dmy[1])) : undefined;
    if (day) return { given: true, value: day };
  }
  return { given: true, error: 'invalid_date' };
}
