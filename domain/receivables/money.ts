import * as z from 'zod';

/**
 * Money as integer minor units of a currency (decision "Amounts are safe-integer numbers …"): a CLP
 * amount counts pesos, a USD amount cents, a CLF amount ten-thousandths of a UF. No float ever holds an
 * amount: decimal text is parsed digit by digit into a bigint and checked back into a safe integer.
 */

/** Invoice currencies: the tenants' (tenant.schema.ts) plus Peru's. ISO 4217 exponents. */
export const currencyExponents = { CLP: 0, CLF: 4, ARS: 2, MXN: 2, COP: 2, USD: 2, PEN: 2 } as const;
export type Currency = keyof typeof currencyExponents;
export const Currency = z.enum(Object.keys(currencyExponents) as [Currency, ...Currency[]]);

export const exponentOf = (currency: Currency): number => currencyExponents[currency];

/**
 * The largest amount one document, payment or figure may hold: 15 nines, so that sums of a few hundred
 * of them stay below 2^53 and every amount prints as at most 16 digits. In the worst currency (COP in
 * cents) it is about US$2.5 billion.
 */
export const MAX_AMOUNT = 999_999_999_999_999;

/** An amount in minor units, never negative (signs live in the movement's kind, not in the number). */
export const Amount = z.number().int().min(0).max(MAX_AMOUNT);
/** An amount that must be more than zero (a payment, a credit note, one allocation). */
export const PositiveAmount = z.number().int().min(1).max(MAX_AMOUNT);

/** Why a decimal text was refused; the HTTP layer words it. */
export type DecimalRefusal = 'not_a_decimal' | 'too_many_decimals' | 'too_large';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: DecimalRefusal; maxScale?: number };

/** A decimal as an integer of units and how many of its digits are decimals: 12.50 → { units: 1250n, scale: 2 }. */
export interface ScaledDecimal {
  units: bigint;
  scale: number;
}

// Plain decimal notation only: no exponent, no grouping, no sign other than a leading minus, a dot as separator.
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Reads `text` as a decimal with at most `maxScale` decimals and `maxDigits` digits before the point.
 * Trailing zeros of the decimals do not count against `maxScale` ("1.50" is a 1-decimal number).
 */
export function parseDecimal(text: string, maxScale: number, maxDigits = 18): Parsed<ScaledDecimal> {
  const match = DECIMAL.exec(text.trim());
  if (!match) return { ok: false, reason: 'not_a_decimal' };
  const [, minus, whole, fraction = ''] = match;
  const decimals = fraction.replace(/0+$/, '');
  if (decimals.length > maxScale) return { ok: false, reason: 'too_many_decimals', maxScale };
  if (whole!.replace(/^0+/, '').length > maxDigits) return { ok: false, reason: 'too_large' };
  const units = BigInt(whole! + decimals);
  return { ok: true, value: { units: minus && units !== 0n ? -units : units, scale: decimals.length } };
}

/** The same value with `scale` decimals (scale must not be less than the value's own). */
export function rescale(value: ScaledDecimal, scale: number): bigint {
  if (scale < value.scale) throw new RangeError(`cannot rescale ${value.scale} decimals to ${scale} without rounding`);
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** Canonical text of a scaled decimal: no leading zeros, no trailing decimal zeros ("1.5", "0.25", "19"). */
export function formatDecimal(value: ScaledDecimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Checks a bigint back into a safe-integer amount; anything past MAX_AMOUNT is refused, not rounded. */
export function toAmount(units: bigint): number {
  if (units < 0n || units > BigInt(MAX_AMOUNT)) throw new RangeError(`amount out of range: ${units}`);
  return Number(units);
}

/**
 * "1234.5" in `currency` → minor units (123450 for USD). Refuses more decimals than the currency has
 * (CLP "10.5" is not an amount), negatives, and anything over MAX_AMOUNT.
 */
export function parseAmount(text: string, currency: Currency): Parsed<number> {
  const exponent = exponentOf(currency);
  const parsed = parseDecimal(text, exponent);
  if (!parsed.ok) return parsed;
  if (parsed.value.units < 0n) return { ok: false, reason: 'not_a_decimal' };
  const units = rescale(parsed.value, exponent);
  if (units > BigInt(MAX_AMOUNT)) return { ok: false, reason: 'too_large' };
  return { ok: true, value: Number(units) };
}

/** Minor units → the decimal text with exactly the currency's decimals (123450 USD → "1234.50", CLP 1990 → "1990"). */
export function formatAmount(minor: number, currency: Currency): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not a whole number of minor units: ${minor}`);
  const exponent = exponentOf(currency);
  const negative = minor < 0;
  const digits = Math.abs(minor)
    .toString()
    .padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent ? `.${digits.slice(digits.length - exponent)}` : ''}`;
}

/**
 * Sum of amounts, exact or refused: a sum of safe integers that is itself a safe integer is exact in
 * floating point, and one that is not is detected (it lands at or past 2^53).
 */
export function sumAmounts(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) {
    total += amount;
    if (!Number.isSafeInteger(total)) throw new RangeError('sum of amounts past 2^53');
  }
  return total;
}

/** `numerator / denominator` rounded half up (half away from zero for these non-negative operands). */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError('divideHalfUp takes a non-negative numerator and a positive denominator');
  return (2n * numerator + denominator) / (2n * denominator);
}
