import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyMinorUnits, Currency as TenantCurrency } from '../../../domain/workspace/tenant.schema.ts';
import {
  Currency,
  currencyExponents,
  exponentOf,
  formatAmount,
  formatDecimal,
  MAX_AMOUNT,
  parseAmount,
  parseDecimal,
  sumAmounts,
} from '../../../domain/receivables/money.ts';

const currencies = Currency.options;

describe('money in minor units', () => {
  it('gives each currency its ISO 4217 exponent, the same the tenant settings use', () => {
    expect(currencyExponents).toMatchObject({ CLP: 0, CLF: 4, MXN: 2, ARS: 2, COP: 2, USD: 2, PEN: 2 });
    for (const currency of TenantCurrency.options) expect(exponentOf(currency)).toBe(currencyMinorUnits[currency]);
  });

  it('parses decimal text into minor units and formats it back with the currency’s decimals', () => {
    expect(parseAmount('1234.5', 'USD')).toEqual({ ok: true, value: 123450 });
    expect(parseAmount('990', 'CLP')).toEqual({ ok: true, value: 990 });
    expect(parseAmount('38.1234', 'CLF')).toEqual({ ok: true, value: 381234 });
    expect(parseAmount('0.10', 'CLP')).toEqual({ ok: false, reason: 'too_many_decimals', maxScale: 0 });
    expect(formatAmount(123450, 'USD')).toBe('1234.50');
    expect(formatAmount(5, 'CLF')).toBe('0.0005');
    expect(formatAmount(1990, 'CLP')).toBe('1990');
    expect(formatAmount(-7, 'MXN')).toBe('-0.07');
  });

  it('refuses more decimals than the currency has, signs, exponents, separators and amounts past the maximum', () => {
    expect(parseAmount('10.5', 'CLP')).toMatchObject({ ok: false, reason: 'too_many_decimals' });
    expect(parseAmount('1.001', 'USD')).toMatchObject({ ok: false, reason: 'too_many_decimals' });
    expect(parseAmount('1.00100', 'USD')).toMatchObject({ ok: false, reason: 'too_many_decimals' });
    for (const text of ['-1', '1e3', '1,000', '1.000,50', '', '.5', '5.', ' ', '0x10', 'NaN', 'Infinity', '١٢']) {
      expect(parseAmount(text, 'USD'), text).toMatchObject({ ok: false, reason: 'not_a_decimal' });
    }
    expect(parseAmount(String(MAX_AMOUNT), 'CLP')).toEqual({ ok: true, value: MAX_AMOUNT });
    expect(parseAmount(String(MAX_AMOUNT + 1), 'CLP')).toMatchObject({ ok: false, reason: 'too_large' });
    expect(parseAmount('99999999999999999999999999', 'CLP')).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('keeps trailing zeros out of the scale and writes decimals canonically', () => {
    expect(parseAmount('1990.000', 'CLP')).toEqual({ ok: true, value: 1990 });
    expect(formatDecimal({ units: 1500n, scale: 3 })).toBe('1.5');
    expect(formatDecimal({ units: 5n, scale: 4 })).toBe('0.0005');
    expect(formatDecimal({ units: -25n, scale: 2 })).toBe('-0.25');
    expect(parseDecimal('007.50', 6)).toEqual({ ok: true, value: { units: 75n, scale: 1 } });
  });

  it('round-trips every amount of every currency: format then parse gives the same minor units', () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.integer({ min: 0, max: MAX_AMOUNT }), (currency, minor) => {
        const text = formatAmount(minor, currency);
        expect(text.split('.')[1]?.length ?? 0).toBe(exponentOf(currency));
        expect(parseAmount(text, currency)).toEqual({ ok: true, value: minor });
      }),
    );
  });

  it('round-trips decimal text: parse then format gives the text in canonical form', () => {
    const text = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 }))
      .map(
        ([units, scale, zeros]) => formatDecimal({ units, scale }) + (zeros && !formatDecimal({ units, scale }).includes('.') ? '.' : '') + '0'.repeat(zeros),
      );
    fc.assert(
      fc.property(text, (written) => {
        const parsed = parseDecimal(written, 6);
        if (!parsed.ok) throw new Error(`refused ${written}`);
        const again = parseDecimal(formatDecimal(parsed.value), 6);
        expect(again).toEqual(parsed);
        expect(Number(formatDecimal(parsed.value))).toBe(Number(written));
      }),
    );
  });

  it('sums exactly or refuses: a sum past 2^53 is an error, never a rounded number', () => {
    expect(sumAmounts([MAX_AMOUNT, MAX_AMOUNT, 1])).toBe(2 * MAX_AMOUNT + 1);
    expect(() => sumAmounts(Array.from({ length: 10 }, () => MAX_AMOUNT))).toThrow(RangeError);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: MAX_AMOUNT }), { maxLength: 20 }), (amounts) => {
        const exact = amounts.reduce((a, b) => a + BigInt(b), 0n);
        if (exact > BigInt(Number.MAX_SAFE_INTEGER)) expect(() => sumAmounts(amounts)).toThrow(RangeError);
        else expect(BigInt(sumAmounts(amounts))).toBe(exact);
      }),
    );
  });
});
