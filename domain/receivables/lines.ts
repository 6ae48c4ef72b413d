import * as z from 'zod';
import { invalidFields } from '../shared/errors.ts';
import { BoundedText } from '../shared/fields.ts';
import { divideHalfUp, exponentOf, formatDecimal, MAX_AMOUNT, parseDecimal, toAmount, type Currency, type ScaledDecimal } from './money.ts';

/**
 * Lines of an invoice or estimate and their totals. Quantity, unit price and tax rate are decimals
 * kept as canonical text ("1.5", "1990.5", "19"); products are taken in bigint and rounded half up to
 * the currency's minor unit (Chile's Ley 18.267 art. 21: fractions under one half are dropped, one half
 * or more round up), as the SII reads a DTE (decision "Tax per line, rounded half up per rate"):
 *   line net   = round(quantity × unit price)
 *   rate tax   = round(Σ nets of the rate's lines × rate / 100)
 *   line tax   = the line's share of its rate's tax (its exact tax rounded down or up; splitRateTax)
 *   line total = net + tax;  document totals = sums of the lines.
 * So every line carries its tax, the lines add up to the totals, and the tax equals MntNeto × TasaIVA.
 */

/** Up to 6 decimals (a unit price may be finer than the currency: pesos per gram) and 12–15 digits before the point. */
export const QUANTITY_SCALE = 6;
export const UNIT_PRICE_SCALE = 6;
/** A rate in percent with up to 4 decimals ("19", "10.5", "0"). */
export const TAX_RATE_SCALE = 4;
export const MAX_LINES = 200;

type DecimalReason = 'not_a_decimal' | 'too_many_decimals' | 'too_large' | 'not_positive' | 'over_100';

/**
 * A decimal given as text or as a JSON number (a number is read by its shortest round-trip text, so
 * `1.1` is "1.1", what the sender wrote); stored as canonical text.
 */
const DecimalField = (maxScale: number, maxDigits: number, check?: (value: ScaledDecimal) => DecimalReason | undefined) =>
  z.union([z.string().max(40), z.number()]).transform((input, ctx) => {
    const parsed = parseDecimal(typeof input === 'number' ? String(input) : input, maxScale, maxDigits);
    const reason = parsed.ok ? check?.(parsed.value) : parsed.reason;
    if (!parsed.ok || reason) {
      ctx.addIssue({ code: 'custom', message: `not a decimal this field takes: ${reason}`, params: { reason, maxScale }, input });
      return z.NEVER;
    }
    return formatDecimal(parsed.value);
  });

const positive = (v: ScaledDecimal) => (v.units > 0n ? undefined : 'not_positive');
const nonNegative = (v: ScaledDecimal) => (v.units >= 0n ? undefined : 'not_a_decimal');
const percent = (v: ScaledDecimal) => (v.units < 0n ? 'not_a_decimal' : v.units > 100n * 10n ** BigInt(v.scale) ? 'over_100' : undefined);

export const Quantity = DecimalField(QUANTITY_SCALE, 12, positive);
export const UnitPrice = DecimalField(UNIT_PRICE_SCALE, 15, nonNegative);
export const TaxRate = DecimalField(TAX_RATE_SCALE, 3, percent);

export const LineInput = z.strictObject({
  description: BoundedText(300),
  quantity: Quantity,
  unitPrice: UnitPrice,
  /** Percent; 0 for exempt lines. */
  taxRate: TaxRate,
});
export type LineInput = z.infer<typeof LineInput>;
export const LinesInput = z.array(LineInput).min(1).max(MAX_LINES);

/** A line as stored: what was given, with its rounded figures in minor units. */
export const Line = z.object({
  description: z.string(),
  quantity: z.string(),
  unitPrice: z.string(),
  taxRate: z.string(),
  net: z.number().int(),
  tax: z.number().int(),
  total: z.number().int(),
});
export type Line = z.infer<typeof Line>;

export const Totals = z.object({ net: z.number().int(), tax: z.number().int(), total: z.number().int() });
export type Totals = z.infer<typeof Totals>;

const decimal = (text: string) => {
  const parsed = parseDecimal(text, 18, 30);
  if (!parsed.ok) throw new RangeError(`not a canonical decimal: ${text}`);
  return parsed.value;
};

/** The line's net in minor units: quantity × unit price, rounded half up once. */
export function lineNet(quantity: string, unitPrice: string, currency: Currency): bigint {
  const q = decimal(quantity);
  const p = decimal(unitPrice);
  return divideHalfUp(q.units * p.units * 10n ** BigInt(exponentOf(currency)), 10n ** BigInt(q.scale + p.scale));
}

/** A rate in percent as a fraction: 19 → 19 / 100, 10.5 → 105 / 1000. */
function rateFraction(rate: string): { numerator: bigint; denominator: bigint } {
  const r = decimal(rate);
  return { numerator: r.units, denominator: 100n * 10n ** BigInt(r.scale) };
}

/** The tax of one rate on a sum of nets, rounded half up once (what the SII checks: MntIVA = MntNeto × TasaIVA). */
export function rateTax(net: bigint, rate: string): bigint {
  const { numerator, denominator } = rateFraction(rate);
  return divideHalfUp(net * numerator, denominator);
}

/**
 * Each line's share of its rate's tax. The rate's tax is rounded once on the sum of its lines' nets;
 * each line gets its exact tax rounded down, and the minor units left go one each to the lines with
 * the largest remainders (ties: the earlier line). So every line's tax is its exact tax rounded down
 * or up, and the lines add up to the document's tax.
 */
export function splitRateTax(nets: bigint[], rate: string): bigint[] {
  const { numerator, denominator } = rateFraction(rate);
  const floors = nets.map((net) => (net * numerator) / denominator);
  const remainders = nets.map((net, i) => ({ i, rem: net * numerator - floors[i]! * denominator }));
  const total = rateTax(
    nets.reduce((a, b) => a + b, 0n),
    rate,
  );
  let left = total - floors.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  const taxes = [...floors];
  for (const { i } of remainders) {
    if (left === 0n) break;
    taxes[i]! += 1n;
    left -= 1n;
  }
  return taxes;
}

const tooLarge = (pointer: string, currency: Currency) =>
  invalidFields(`amount past ${MAX_AMOUNT}`, [{ pointer, code: 'amount_too_large', params: { max: MAX_AMOUNT, currency } }]);

/**
 * Prices each line and sums the document. A line or a total past MAX_AMOUNT is a `validation_failed`
 * naming it (`amount_too_large`), never rounded or wrapped.
 */
export function priceLines(lines: LineInput[], currency: Currency): { lines: Line[]; totals: Totals } {
  const nets = lines.map((line, i) => {
    const net = lineNet(line.quantity, line.unitPrice, currency);
    if (net > BigInt(MAX_AMOUNT)) throw tooLarge(`/lines/${i}`, currency);
    return net;
  });
  const taxes = new Array<bigint>(lines.length);
  const byRate = Map.groupBy(
    lines.map((line, i) => ({ rate: line.taxRate, i })),
    (l) => l.rate,
  );
  for (const [rate, members] of byRate) {
    for (const [k, tax] of splitRateTax(
      members.map(({ i }) => nets[i]!),
      rate,
    ).entries())
      taxes[members[k]!.i] = tax;
  }
  const priced = lines.map((line, i) => {
    const total = nets[i]! + taxes[i]!;
    if (total > BigInt(MAX_AMOUNT)) throw tooLarge(`/lines/${i}`, currency);
    return { ...line, net: toAmount(nets[i]!), tax: toAmount(taxes[i]!), total: toAmount(total) };
  });
  // Summed in bigint: 200 lines of MAX_AMOUNT pass 2^53, and must be refused, not rounded.
  const sum = (figure: 'net' | 'tax' | 'total') => priced.reduce((acc, l) => acc + BigInt(l[figure]), 0n);
  if (sum('total') > BigInt(MAX_AMOUNT)) throw tooLarge('/lines', currency);
  return { lines: priced, totals: { net: toAmount(sum('net')), tax: toAmount(sum('tax')), total: toAmount(sum('total')) } };
}
