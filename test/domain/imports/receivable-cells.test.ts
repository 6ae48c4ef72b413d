import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellAmount, cellDay, cellDecimal } from '../../../domain/imports/receivable-cells.ts';
import { MAX_AMOUNT, type Currency } from '../../../domain/receivables/money.ts';

/** Digits grouped by threes with `sep`: 1234567 → 1.234.567. */
const grouped = (n: bigint, sep: string) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, sep);

describe('amount cells', () => {
  it('reads an amount written in either convention, grouped or not, as the same minor units (USD)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: BigInt(MAX_AMOUNT) }), (cents) => {
        const whole = cents / 100n;
        const fraction = (cents % 100n).toString().padStart(2, '0');
        const expected = { given: true, value: Number(cents) };
        expect(cellAmount(`${whole}.${fraction}`, 'USD')).toEqual(expected);
        expect(cellAmount(`${whole},${fraction}`, 'USD')).toEqual(expected);
        expect(cellAmount(`${grouped(whole, ',')}.${fraction}`, 'USD')).toEqual(expected);
        expect(cellAmount(`${grouped(whole, '.')},${fraction}`, 'USD')).toEqual(expected);
        expect(cellAmount(`$ ${grouped(whole, '.')},${fraction}`, 'USD')).toEqual(expected);
      }),
    );
  });

  it('reads CLP without decimals: dots or commas group thousands, one separator before three digits included', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: BigInt(MAX_AMOUNT) }), (pesos) => {
        const expected = { given: true, value: Number(pesos) };
        expect(cellAmount(pesos.toString(), 'CLP')).toEqual(expected);
        expect(cellAmount(grouped(pesos, '.'), 'CLP')).toEqual(expected);
        expect(cellAmount(grouped(pesos, ','), 'CLP')).toEqual(expected);
        expect(cellAmount(Number(pesos) <= Number.MAX_SAFE_INTEGER ? Number(pesos) : pesos.toString(), 'CLP')).toEqual(expected);
      }),
    );
    expect(cellAmount('1.234', 'CLP')).toEqual({ given: true, value: 1234 });
    expect(cellAmount('10,5', 'CLP')).toEqual({ given: true, error: 'too_many_decimals' });
    expect(cellAmount(10.5, 'CLP')).toEqual({ given: true, error: 'too_many_decimals' });
  });

  it('refuses one separator before exactly three digits in a currency with decimals: it could be either', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom('.', ','), (a, b, sep) => {
        const text = `${a}${sep}${String(b).padStart(3, '0')}`;
        for (const currency of ['USD', 'MXN', 'CLF'] as Currency[]) expect(cellAmount(text, currency)).toEqual({ given: true, error: 'ambiguous_amount' });
      }),
    );
    // Both separators, or more than three digits before it, say which is which.
    expect(cellAmount('1.234,00', 'USD')).toEqual({ given: true, value: 123400 });
    expect(cellAmount('1234.500', 'USD')).toEqual({ given: true, value: 123450 });
    expect(cellAmount('0.125', 'CLF')).toEqual({ given: true, value: 1250 });
  });

  it('never reads a badly grouped, signed, exponent or oversize text as an amount', () => {
    for (const text of ['1.23.456', '12,34,567', '1,234.567.8', '-100', '1e5', '12a', '1.', ',5', '1..2', '1.234,567,8']) {
      const read = cellAmount(text, 'USD');
      expect(read.given && 'error' in read, text).toBe(true);
    }
    expect(cellAmount('0', 'USD')).toEqual({ given: true, error: 'invalid_amount' });
    expect(cellAmount('0', 'USD', { allowZero: true })).toEqual({ given: true, value: 0 });
    expect(cellAmount(`${MAX_AMOUNT + 1}`, 'CLP')).toEqual({ given: true, error: 'amount_too_large' });
    expect(cellAmount({ formulaWithoutValue: 'A1' }, 'CLP')).toEqual({ given: true, error: 'formula_without_value' });
    for (const empty of [null, undefined, '', '  ']) expect(cellAmount(empty, 'CLP')).toEqual({ given: false });
  });

  it('reads any text either as exactly one amount or as an error, never throwing', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('0', '1', '9', '.', ',', ' ', '$', '-', 'e') }),
        fc.constantFrom<Currency>('CLP', 'USD', 'CLF'),
        (text, currency) => {
          const read = cellAmount(text, currency);
          if (read.given && 'value' in read) expect(Number.isSafeInteger(read.value) && read.value > 0 && read.value <= MAX_AMOUNT).toBe(true);
        },
      ),
    );
  });
});

describe('decimal and day cells', () => {
  it('reads quantities and rates with either decimal separator and an optional percent sign', () => {
    expect(cellDecimal('1,5')).toEqual({ given: true, value: '1.5' });
    expect(cellDecimal('19%')).toEqual({ given: true, value: '19' });
    expect(cellDecimal(2)).toEqual({ given: true, value: '2' });
    expect(cellDecimal('1.234,5')).toEqual({ given: true, error: 'invalid_decimal' });
  });

  it('reads Excel date serials, date cells and day-first text as the same day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1900, 2, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }), (date) => {
        const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
        const iso = day.toISOString().slice(0, 10);
        const serial = Math.round((day.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000);
        const [y, m, d] = iso.split('-');
        expect(cellDay(serial)).toEqual({ given: true, value: iso });
        expect(cellDay(day)).toEqual({ given: true, value: iso });
        expect(cellDay(`${d}-${m}-${y}`)).toEqual({ given: true, value: iso });
        expect(cellDay(`${d}/${m}/${y}`)).toEqual({ given: true, value: iso });
        expect(cellDay(iso)).toEqual({ given: true, value: iso });
      }),
    );
    expect(cellDay(45382)).toEqual({ given: true, value: '2024-03-31' });
    for (const bad of [45382.5, -1, 1e9, '31-02-2024', '2024/13/01', 'ayer']) expect(cellDay(bad)).toEqual({ given: true, error: 'invalid_date' });
  });
});
