import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFormulaLike, neutralizeFormula } from '../../functions/workbooks/formula-safety.ts';

const triggers = ['=', '+', '-', '@', '\t', '\r'];

describe('neutralizeFormula', () => {
  it('prefixes an apostrophe to text starting with each formula trigger', () => {
    expect(triggers.map((t) => neutralizeFormula(`${t}SUM(A1:A9)`))).toEqual(triggers.map((t) => `'${t}SUM(A1:A9)`));
    expect(neutralizeFormula('=HYPERLINK("http://evil.test","x")')).toBe(`'=HYPERLINK("http://evil.test","x")`);
  });

  it('never returns formula-like text, and only ever adds one apostrophe in front', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const safe = neutralizeFormula(text);
        expect(isFormulaLike(safe)).toBe(false);
        expect(safe === text || safe === `'${text}`).toBe(true);
      }),
    );
  });

  it('leaves text that does not start with a trigger as it is', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((t) => !triggers.some((c) => t.startsWith(c))),
        (text) => {
          expect(neutralizeFormula(text)).toBe(text);
        },
      ),
    );
    expect(neutralizeFormula('Ferretería Sur')).toBe('Ferretería Sur');
    expect(neutralizeFormula('')).toBe('');
    expect(neutralizeFormula(' =1')).toBe(' =1');
  });
});
