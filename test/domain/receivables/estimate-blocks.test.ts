import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyEstimateBlocks,
  estimateBlocksOf,
  foldEstimateBlocks,
  touchedCurrencies,
  type EstimateBlocks,
} from '../../../domain/receivables/estimate-blocks.ts';
import { buildEstimate, editEstimate, moveEstimate, NewEstimate, type Estimate } from '../../../domain/receivables/estimate.ts';
import type { Currency } from '../../../domain/receivables/money.ts';
import { invoiceContext } from './receivables-fixtures.ts';

const draft = (id: string, currency: Currency, quantity: number) =>
  buildEstimate(
    NewEstimate.parse({ clientId: 'client-1', currency, lines: [{ description: 'Servicio', quantity, unitPrice: '1250.5', taxRate: 19 }] }),
    invoiceContext({ id }),
  );

/** What one step does to one estimate: a move, or a draft's edit (currency and amount may change). */
type Step = { kind: 'send' | 'accept' | 'reject' } | { kind: 'edit'; currency: Currency; quantity: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom<Step>({ kind: 'send' }, { kind: 'accept' }, { kind: 'reject' }),
  fc.record({ kind: fc.constant('edit' as const), currency: fc.constantFrom<Currency>('CLP', 'CLF'), quantity: fc.integer({ min: 1, max: 500 }) }),
);

/** Applies a step as the use cases do: refused steps change nothing (they answer 409). */
function apply(estimate: Estimate, s: Step): Estimate | undefined {
  try {
    if (s.kind === 'edit')
      return editEstimate(estimate, {
        currency: s.currency,
        lines: [{ description: 'Servicio', quantity: String(s.quantity), unitPrice: '1250.5', taxRate: '19' }],
      });
    return moveEstimate(estimate, s.kind);
  } catch {
    return undefined;
  }
}

describe('estimate blocks', () => {
  it('kept by folding every change equal the sum over the estimates, per currency, after any sequence of changes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom<Currency>('CLP', 'CLF'), fc.integer({ min: 1, max: 500 })), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), step), { maxLength: 40 }),
        (made, steps) => {
          const estimates = made.map(([currency, quantity], i) => draft(`est-${i}`, currency, quantity));
          const kept: Partial<Record<Currency, EstimateBlocks>> = {};
          for (const [pick, s] of steps) {
            const i = pick % estimates.length;
            const before = estimates[i]!;
            const after = apply(before, s);
            if (!after) continue;
            for (const currency of touchedCurrencies(before, after)) {
              const folded = foldEstimateBlocks(kept[currency] ?? emptyEstimateBlocks(), currency, before, after);
              if (folded) kept[currency] = folded;
            }
            estimates[i] = after;
          }
          const expected = estimateBlocksOf(estimates);
          for (const currency of ['CLP', 'CLF'] as const) expect(kept[currency] ?? emptyEstimateBlocks()).toEqual(expected[currency] ?? emptyEstimateBlocks());
        },
      ),
    );
  });

  it('count a sent estimate as outstanding, leave drafts out, and move nothing when a draft is edited or converted', () => {
    const one = draft('est-1', 'CLP', 2);
    const sent = moveEstimate(one, 'send');
    const accepted = moveEstimate(sent, 'accept');
    const converted: Estimate = { ...accepted, invoiceId: 'inv-1' };

    expect(foldEstimateBlocks(emptyEstimateBlocks(), 'CLP', undefined, one)).toBeUndefined();
    expect(foldEstimateBlocks(emptyEstimateBlocks(), 'CLP', one, sent)).toEqual({
      ...emptyEstimateBlocks(),
      outstanding: { count: 1, amount: sent.totals.total },
    });
    expect(foldEstimateBlocks(emptyEstimateBlocks(), 'CLP', accepted, converted)).toBeUndefined();
    expect(
      foldEstimateBlocks(emptyEstimateBlocks(), 'CLP', one, editEstimate(one, { lines: [{ description: 'x', quantity: '9', unitPrice: '1', taxRate: '0' }] })),
    ).toBeUndefined();
  });

  it('edit only drafts, re-pricing in the new currency and clearing validUntil on null', () => {
    const one = { ...draft('est-1', 'CLP', 2), validUntil: '2026-03-31' };

    const edited = editEstimate(one, { currency: 'CLF', validUntil: null });

    expect(edited).toMatchObject({ currency: 'CLF', totals: { net: 25010000, tax: 4751900, total: 29761900 } });
    expect(edited).not.toHaveProperty('validUntil');
    expect(() => editEstimate(moveEstimate(one, 'send'), { validUntil: null })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ reason: 'estimate_not_draft' }) }),
    );
    expect(() => editEstimate(one, { validUntil: '2026-01-01' })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});
