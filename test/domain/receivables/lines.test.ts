import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../../domain/shared/errors.ts';
import { LineInput, LinesInput, lineNet, priceLines, rateTax, splitRateTax } from '../../../domain/receivables/lines.ts';
import { formatDecimal, MAX_AMOUNT } from '../../../domain/receivables/money.ts';

const line = (quantity: string | number, unitPrice: string | number, taxRate: string | number = '19', description = 'Ítem') =>
  LineInput.parse({ description, quantity, unitPrice, taxRate });

describe('invoice lines in Chilean pesos with IVA 19 %', () => {
  it('rounds the IVA of a net of $33.655 to $6.394 (6.394,45: under one half is dropped)', () => {
    const { lines, totals } = priceLines([line(1, 33655)], 'CLP');
    expect(lines[0]).toMatchObject({ net: 33655, tax: 6394, total: 40049 });
    expect(totals).toEqual({ net: 33655, tax: 6394, total: 40049 });
  });

  it('rounds one half up: a net of $50 pays $10 of IVA (9,5)', () => {
    expect(priceLines([line(1, 50)], 'CLP').totals).toEqual({ net: 50, tax: 10, total: 60 });
  });

  it('prices fractional quantities and unit prices to whole pesos (2,5 kg at $1.990,5 = $4.976,25 → $4.976)', () => {
    expect(priceLines([line('2.5', '1990.5')], 'CLP').lines[0]).toMatchObject({ quantity: '2.5', unitPrice: '1990.5', net: 4976, tax: 945, total: 5921 });
  });

  it('takes the IVA on the sum of the nets, as the SII checks it, and splits it over the lines', () => {
    // Three lines of $12: IVA 2,28 each. Rounded line by line they would owe 3 × $2 = $6; the document owes
    // round(36 × 0,19) = round(6,84) = $7, and the extra peso goes to the first line (equal remainders).
    const { lines, totals } = priceLines([line(1, 12), line(1, 12), line(1, 12)], 'CLP');
    expect(totals).toEqual({ net: 36, tax: 7, total: 43 });
    expect(lines.map((l) => l.tax)).toEqual([3, 2, 2]);
  });

  it('keeps exempt lines at 0 and taxes each rate on its own lines', () => {
    const { lines, totals } = priceLines([line(3, 1000, 0, 'Libro (exento)'), line(1, 10000, '19'), line(2, '0.25', '10.5')], 'CLP');
    expect(lines.map((l) => l.tax)).toEqual([0, 1900, 0]);
    expect(lines[2]!.net).toBe(1); // 0,50 → $1
    expect(totals).toEqual({ net: 13001, tax: 1900, total: 14901 });
  });

  it('prices in UF with four decimals (CLF) and in US cents', () => {
    expect(priceLines([line(1, '2.12345')], 'CLF').lines[0]!.net).toBe(21235); // 2,12345 UF → 2,1235 UF (half up)
    expect(priceLines([line(3, '0.333', 16)], 'MXN').totals).toEqual({ net: 100, tax: 16, total: 116 });
  });

  it('refuses a quantity or price with too many decimals, a zero quantity, a rate over 100, and a total past the maximum', () => {
    expect(LineInput.safeParse({ description: 'x', quantity: '1.0000001', unitPrice: 1, taxRate: 19 }).success).toBe(false);
    expect(LineInput.safeParse({ description: 'x', quantity: 0, unitPrice: 1, taxRate: 19 }).success).toBe(false);
    expect(LineInput.safeParse({ description: 'x', quantity: 1, unitPrice: '-1', taxRate: 19 }).success).toBe(false);
    expect(LineInput.safeParse({ description: 'x', quantity: 1, unitPrice: 1, taxRate: '100.5' }).success).toBe(false);
    expect(LineInput.safeParse({ description: 'x', quantity: 1, unitPrice: '1e3', taxRate: 19 }).success).toBe(false);
    expect(LinesInput.safeParse([]).success).toBe(false);
    const refusal = (() => {
      try {
        priceLines([line(1, MAX_AMOUNT)], 'CLP');
      } catch (e) {
        return e as DomainError;
      }
    })();
    expect(refusal?.details).toEqual({ errors: [{ pointer: '/lines/0', code: 'amount_too_large', params: { max: MAX_AMOUNT, currency: 'CLP' } }] });
    expect(() => priceLines([line(1, MAX_AMOUNT - 1, 0), line(1, 2, 0)], 'CLP')).toThrow(/amount past/);
  });

  it('reads a JSON number by the digits the sender wrote (1.1 is "1.1", not its binary double)', () => {
    expect(line(1.1, 0.3).quantity).toBe('1.1');
    expect(priceLines([line(3, 0.1, 0)], 'USD').totals.net).toBe(30);
  });
});

// Exact tax of a net at a rate, as a fraction of minor units (numerator over 100 × 10^scale).
const rates = fc.constantFrom('19', '16', '21', '10.5', '27', '5', '0', '18', '15', '12.3456');
const nets = fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 30 });

describe('tax rounding bounds', () => {
  it('gives each line its exact tax rounded down or up, and the lines add up to the rate’s tax rounded once', () => {
    fc.assert(
      fc.property(nets, rates, (lineNets, rate) => {
        const taxes = splitRateTax(lineNets, rate);
        const [units, scale] = rate.includes('.') ? [BigInt(rate.replace('.', '')), rate.split('.')[1]!.length] : [BigInt(rate), 0];
        const denominator = 100n * 10n ** BigInt(scale);
        lineNets.forEach((net, i) => {
          const floor = (net * units) / denominator;
          const exact = (net * units) % denominator === 0n;
          expect(taxes[i] === floor || (!exact && taxes[i] === floor + 1n)).toBe(true);
        });
        const sum = taxes.reduce((a, b) => a + b, 0n);
        const total = lineNets.reduce((a, b) => a + b, 0n);
        expect(sum).toBe(rateTax(total, rate));
        // |Σ taxes − exact tax| ≤ ½ minor unit: 2·|Σ·D − total·rate| ≤ D.
        const diff = sum * denominator - total * units;
        expect(2n * (diff < 0n ? -diff : diff) <= denominator).toBe(true);
      }),
    );
  });

  it('rounds a line’s net half up: within half a minor unit of quantity × price, ties upward', () => {
    const decimal = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.integer({ min: 0, max: 6 })).map(([units, scale]) => formatDecimal({ units, scale }));
    fc.assert(
      fc.property(decimal, decimal, fc.constantFrom('CLP', 'USD', 'CLF') as fc.Arbitrary<'CLP' | 'USD' | 'CLF'>, (q, p, currency) => {
        const net = lineNet(q, p, currency);
        const [qu, qs] = [BigInt(q.replace('.', '')), q.split('.')[1]?.length ?? 0];
        const [pu, ps] = [BigInt(p.replace('.', '')), p.split('.')[1]?.length ?? 0];
        const exponent = { CLP: 0, USD: 2, CLF: 4 }[currency];
        const exactNumerator = qu * pu * 10n ** BigInt(exponent);
        const denominator = 10n ** BigInt(qs + ps);
        // net − ½ ≤ exact < net + ½
        expect(2n * exactNumerator >= (2n * net - 1n) * denominator).toBe(true);
        expect(2n * exactNumerator < (2n * net + 1n) * denominator).toBe(true);
      }),
    );
  });

  it('makes totals the sums of the lines, whatever the lines', () => {
    const anyLine = fc.record({
      description: fc.constant('x'),
      quantity: fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.integer({ min: 0, max: 3 })).map(([units, scale]) => formatDecimal({ units, scale })),
      unitPrice: fc.bigInt({ min: 0n, max: 10n ** 6n }).map(String),
      taxRate: rates,
    });
    fc.assert(
      fc.property(fc.array(anyLine, { minLength: 1, maxLength: 40 }), (input) => {
        const { lines, totals } = priceLines(input, 'CLP');
        expect(totals.net).toBe(lines.reduce((a, l) => a + l.net, 0));
        expect(totals.tax).toBe(lines.reduce((a, l) => a + l.tax, 0));
        expect(totals.total).toBe(totals.net + totals.tax);
        for (const l of lines) expect(l.total).toBe(l.net + l.tax);
      }),
    );
  });
});
