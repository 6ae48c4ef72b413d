import { exponentOf, MAX_AMOUNT, type Currency } from '../receivables/money.ts';
import { cellDate, type CellRead } from './cells.ts';
import type { CellValue } from './rows.ts';

/**
 * Cells of the invoices and payments imports: amounts in a currency's minor units, plain decimals
 * (quantities, tax rates) and days. Spreadsheets from Latin-American ERPs write `1.234.567` (dot
 * grouping, comma decimals) as often as `1,234,567.50`; a text is read only when it means one number:
 *
 * - a numeric cell is its number, with at most the currency's decimals (CLP 0, USD 2, CLF 4);
 * - text: an optional `$` and spaces around, digits, and separators. With both `.` and `,` the last one is
 *   the decimal separator and the other groups thousands (groups of exactly three digits);
 * - one kind of separator more than once: it groups thousands (`1.234.567`);
 * - one separator once: followed by exactly three digits it could be either (`1.234` is 1234 or 1.234),
 *   so it groups thousands in a currency without decimals (CLP) and is refused as `ambiguous_amount`
 *   otherwise; followed by another number of digits it is the decimal separator (`1234,5`, `10.25`).
 */

export type AmountError = 'formula_without_value' | 'invalid_amount' | 'ambiguous_amount' | 'too_many_decimals' | 'amount_too_large';
export type AmountRead = { given: false } | { given: true; value: number } | { given: true; error: AmountError };

const notGiven = { given: false } as const;
const isFormula = (cell: CellValue): cell is { formulaWithoutValue: string } => typeof cell === 'object' && cell !== null && !(cell instanceof Date);
const empty = (cell: CellValue | undefined) => cell === undefined || cell === null || (typeof cell === 'string' && cell.trim() === '');

/** A decimal as digits before and after its separator (both plain digit strings), or why it is refused. */
export type DecimalParts = { whole: string; fraction: string } | { error: 'invalid_amount' | 'ambiguous_amount' };

/**
 * Splits decimal text written with either convention (the rule above). `groupingOnlyWhenThree` says how
 * one separator followed by three digits is read: as grouping (a currency without decimals), or refused.
 */
export function decimalParts(raw: string, threeDigitsAfterOne: 'grouping' | 'ambiguous' | 'decimal'): DecimalParts {
  const text = raw
    .replace(/[\s\u00a0]+/g, '')
    .replace(/^\$/, '')
    .replace(/^(?:CLP|USD|US\$|MXN|ARS|COP|PEN|CLF|UF)\$?/i, '');
  if (!/^\d[\d.,]*$/.test(text) || /[.,]$/.test(text)) return { error: 'invalid_amount' };
  const dots = text.split('.').length - 1;
  const commas = text.split(',').length - 1;
  const grouped = (body: string, sep: string) => new RegExp(`^\\d{1,3}(?:\\${sep}\\d{3})+$`).test(body);
  if (dots === 0 && commas === 0) return { whole: text, fraction: '' };
  if (dots && commas) {
    const decimalSep = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
    const groupSep = decimalSep === '.' ? ',' : '.';
    const at = text.lastIndexOf(decimalSep);
    const body = text.slice(0, at);
    const fraction = text.slice(at + 1);
    if ((decimalSep === '.' ? dots : commas) !== 1 || !grouped(body, groupSep) || !/^\d+$/.test(fraction)) return { error: 'invalid_amount' };
    return { whole: body.split(groupSep).join(''), fraction };
  }
  const sep = dots ? '.' : ',';
  const count = dots || commas;
  if (count > 1) return grouped(text, sep) ? { whole: text.split(sep).join(''), fraction: '' } : { error: 'invalid_amount' };
  const [whole, fraction] = text.split(sep) as [string, string];
  if (fraction.length === 3 && whole.length <= 3 && whole !== '0') {
    if (threeDigitsAfterOne === 'grouping') return { whole: whole + fraction, fraction: '' };
    if (threeDigitsAfterOne === 'ambiguous') return { error: 'ambiguous_amount' };
  }
  return { whole, fraction };
}

/** An amount in `currency`, in minor units (1 to MAX_AMOUNT, or 0 when `allowZero`). */
export function cellAmount(cell: CellValue | undefined, currency: Currency, options: { allowZero?: boolean } = {}): AmountRead {
  if (empty(cell)) return notGiven;
  if (isFormula(cell!)) return { given: true, error: 'formula_without_value' };
  const exponent = exponentOf(currency);
  let whole: string;
  let fraction: string;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 0) return { given: true, error: 'invalid_amount' };
    // A number cell holds a binary fraction: read it by its shortest round-trip text, never by float arithmetic.
    const text = cell.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
    [whole, fraction = ''] = text.split('.') as [string, string?];
  } else if (typeof cell === 'string') {
    const parts = decimalParts(cell, exponent === 0 ? 'grouping' : 'ambiguous');
    if ('error' in parts) return { given: true, error: parts.error };
    ({ whole, fraction } = parts);
  } else return { given: true, error: 'invalid_amount' };
  const decimals = fraction.replace(/0+$/, '');
  if (decimals.length > exponent) return { given: true, error: 'too_many_decimals' };
  const digits = whole.replace(/^0+(?=\d)/, '');
  if (digits.length > 16) return { given: true, error: 'amount_too_large' };
  const units = BigInt(digits + decimals.padEnd(exponent, '0'));
  if (units > BigInt(MAX_AMOUNT)) return { given: true, error: 'amount_too_large' };
  if (units === 0n && !options.allowZero) return { given: true, error: 'invalid_amount' };
  return { given: true, value: Number(units) };
}

/**
 * A plain decimal (quantity, tax rate) as canonical text for the API's schemas (`1.5`, `19`): a number
 * cell, or text with one decimal separator, `.` or `,` (no grouping: a quantity or a rate has none), and an
 * optional trailing `%`.
 */
export function cellDecimal(
  cell: CellValue | undefined,
): { given: false } | { given: true; value: string } | { given: true; error: 'formula_without_value' | 'invalid_decimal' } {
  if (empty(cell)) return notGiven;
  if (isFormula(cell!)) return { given: true, error: 'formula_without_value' };
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { given: true, error: 'invalid_decimal' };
    return { given: true, value: cell.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) };
  }
  if (typeof cell !== 'string') return { given: true, error: 'invalid_decimal' };
  const match = /^(-?\d+)(?:[.,](\d+))?\s*%?$/.exec(cell.trim());
  if (!match) return { given: true, error: 'invalid_decimal' };
  return { given: true, value: match[2] ? `${match[1]}.${match[2]}` : match[1]! };
}

/** Excel's day 0 of its 1900 date system, as a UTC instant (serial 1 = 1900-01-01, with Lotus's 1900-02-29). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** Serials of 1900-01-01 and 9999-12-31: the days a plain date takes. */
const FIRST_SERIAL = 2;
const LAST_SERIAL = 2_958_465;

/**
 * A day: a date cell, text `2024-03-31`, `31-03-2024` or `31/03/2024` (day first, never month first), or
 * a whole number that is an Excel date serial (a date cell whose format was lost: 45382 is 2024-03-31).
 */
export function cellDay(cell: CellValue | undefined): CellRead<string> {
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < FIRST_SERIAL || cell > LAST_SERIAL) return { given: true, error: 'invalid_date' };
    return { given: true, value: new Date(EXCEL_EPOCH + cell * 86_400_000).toISOString().slice(0, 10) };
  }
  return cellDate(cell);
}
