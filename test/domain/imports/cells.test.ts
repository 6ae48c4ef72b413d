import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellBoolean, cellDate, cellInteger, cellText, plainNumber } from '../../../domain/imports/cells.ts';

describe('cells', () => {
  it('writes whole numbers typed into text fields without .0, exponent or grouping', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 25n }), (n) => {
        const text = plainNumber(Number(n));
        expect(text).toMatch(/^\d+$/);
        // Beyond 2^53 a double holds fewer digits than it prints: the digits read back as the same number.
        expect(Number(text)).toBe(Number(n));
      }),
    );
    expect(cellText(56912345678)).toEqual({ given: true, value: '56912345678' });
    expect(cellText(1e21)).toEqual({ given: true, value: '1000000000000000000000' });
    expect(cellText(12.5)).toEqual({ given: true, value: '12.5' });
    expect(cellText(1e-7)).toEqual({ given: true, value: '0.0000001' });
  });

  it('reads empty cells as not given and trims text', () => {
    for (const empty of [null, undefined, '', '   ']) expect(cellText(empty)).toEqual({ given: false });
    expect(cellText('  Ana  ')).toEqual({ given: true, value: 'Ana' });
    expect(cellText(new Date(Date.UTC(2024, 2, 31)))).toEqual({ given: true, value: '2024-03-31' });
  });

  it('reports a formula without a cached value, whatever the field', () => {
    const formula = { formulaWithoutValue: 'A1+1' };
    for (const read of [cellText, cellBoolean, cellInteger, cellDate]) expect(read(formula)).toEqual({ given: true, error: 'formula_without_value' });
  });

  it('reads yes and no in both languages, with or without accents, and refuses anything else', () => {
    for (const yes of ['Sí', 'si', 'SI', 'yes', 'TRUE', 'x', '1', 1, true]) expect(cellBoolean(yes)).toEqual({ given: true, value: true });
    for (const no of ['No', 'no', 'false', 'FALSO', '0', 0, false]) expect(cellBoolean(no)).toEqual({ given: true, value: false });
    for (const other of ['quizás', 2, 'sip']) expect(cellBoolean(other)).toEqual({ given: true, error: 'invalid_boolean' });
  });

  it('reads whole numbers from numbers or digits and refuses fractions and words', () => {
    expect(cellInteger(30)).toEqual({ given: true, value: 30 });
    expect(cellInteger(' 30 ')).toEqual({ given: true, value: 30 });
    expect(cellInteger('30,0')).toEqual({ given: true, value: 30 });
    for (const bad of [30.5, 'treinta', '3 0', Number.NaN]) expect(cellInteger(bad)).toEqual({ given: true, error: 'invalid_number' });
  });

  it('reads days as ISO or day first, never month first, and refuses days that do not exist', () => {
    expect(cellDate('2024-03-31')).toEqual({ given: true, value: '2024-03-31' });
    expect(cellDate('31/03/2024')).toEqual({ given: true, value: '2024-03-31' });
    expect(cellDate('1-2-2024')).toEqual({ given: true, value: '2024-02-01' });
    for (const bad of ['31/02/2024', '2024-13-01', 'mañana', 45000]) expect(cellDate(bad)).toEqual({ given: true, error: 'invalid_date' });
  });
});
