import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutralizeCell, neutralizeFormula, restoreNeutralized, startsLikeFormula } from '../../functions/workbooks/neutralize-formula.ts';

describe('formula injection', () => {
  it.each(['=1+1', '+56 9 1234 5678', '-5', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://evil.test","x")'])('puts an apostrophe before %j', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });

  it.each(['Comercial Andes', "O'Higgins", '', ' =1', '56 9', "'quoted"])('leaves %j as it is', (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });

  it('never leaves a text that starts like a formula, and gives every text back exactly', () => {
    const risky = fc.oneof(
      fc.string(),
      fc.tuple(fc.constantFrom('', "'", "''"), fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n'), fc.string()).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(risky, (text) => {
        const written = neutralizeFormula(text);
        expect(startsLikeFormula(written)).toBe(false);
        expect(restoreNeutralized(written)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('neutralizes only text cells', () => {
    expect(neutralizeCell(-5)).toBe(-5);
    expect(neutralizeCell('-5')).toBe("'-5");
    expect(neutralizeCell(null)).toBeNull();
  });
});
