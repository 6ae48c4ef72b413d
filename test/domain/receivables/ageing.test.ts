import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageing, ageingTable, AgeingBounds, bucketIndex, DEFAULT_AGEING_BOUNDS, type DatedAmount } from '../../../domain/receivables/ageing.ts';
import { addDays } from '../../../domain/receivables/local-date.ts';

const TODAY = '2026-03-02';
const row = (daysAgo: number, amount: number, categoryId?: string): DatedAmount => ({ date: addDays(TODAY, -daysAgo), amount, count: 1, categoryId });

describe('ageing ("mora en el tiempo")', () => {
  it('ages by days since issue in the default buckets 0–30, 31–60, 61–90, 91–120, over 120', () => {
    const table = ageingTable([row(0, 100), row(30, 200), row(31, 400), row(120, 800), row(121, 1600), row(-3, 3200)], TODAY, DEFAULT_AGEING_BOUNDS, 'issue');
    expect(table.buckets).toEqual([
      { from: 0, to: 30, amount: 3500, count: 3 },
      { from: 31, to: 60, amount: 400, count: 1 },
      { from: 61, to: 90, amount: 0, count: 0 },
      { from: 91, to: 120, amount: 800, count: 1 },
      { from: 121, amount: 1600, count: 1 },
    ]);
    expect(table.total).toEqual({ amount: 6300, count: 6 });
    expect(table).not.toHaveProperty('notDue');
  });

  it('ages by days past due with what is not yet due apart (due today is not overdue)', () => {
    const table = ageingTable([row(0, 10), row(-5, 20), row(1, 40), row(95, 80)], TODAY, DEFAULT_AGEING_BOUNDS, 'due');
    expect(table.notDue).toEqual({ amount: 30, count: 2 });
    expect(table.buckets[0]).toEqual({ from: 1, to: 30, amount: 40, count: 1 });
    expect(table.buckets[3]).toEqual({ from: 91, to: 120, amount: 80, count: 1 });
  });

  it('splits by client category, the uncategorized under "none" (Sin info)', () => {
    const { overall, byCategory } = ageing([row(10, 100, 'mayorista'), row(40, 50), row(45, 25, 'mayorista')], TODAY, [30, 60], 'issue');
    expect(overall.total.amount).toBe(175);
    expect(Object.keys(byCategory).sort()).toEqual(['mayorista', 'none']);
    expect(byCategory.mayorista!.buckets.map((b) => b.amount)).toEqual([100, 25, 0]);
    expect(byCategory.none!.buckets.map((b) => b.amount)).toEqual([0, 50, 0]);
  });

  it('accepts a tenant’s own increasing bounds and refuses overlapping, unordered or out-of-range ones', () => {
    expect(AgeingBounds.parse([15, 30, 45, 60, 90, 180])).toEqual([15, 30, 45, 60, 90, 180]);
    const issues = AgeingBounds.safeParse([30, 30, 20]).error!.issues;
    expect(issues.map((i) => [i.path.join('.'), (i as { params?: { reason?: string } }).params?.reason])).toEqual([
      ['1', 'not_increasing'],
      ['2', 'not_increasing'],
    ]);
    for (const bad of [[], [0, 30], [30.5], [4000], Array.from({ length: 10 }, (_, i) => (i + 1) * 10)])
      expect(AgeingBounds.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});

describe('ageing buckets partition', () => {
  const bounds = fc.uniqueArray(fc.integer({ min: 1, max: 3650 }), { minLength: 1, maxLength: 9 }).map((b) => b.sort((x, y) => x - y));

  it('puts every day in exactly one bucket, in order, and the buckets tile 0 … ∞ without gaps', () => {
    fc.assert(
      fc.property(bounds, fc.integer({ min: 0, max: 5000 }), (b, days) => {
        expect(AgeingBounds.safeParse(b).success).toBe(true);
        const index = bucketIndex(days, b);
        const table = ageingTable([], TODAY, b, 'issue');
        const bucket = table.buckets[index]!;
        expect(days >= bucket.from && (bucket.to === undefined || days <= bucket.to)).toBe(true);
        const containing = table.buckets.filter((k) => days >= k.from && (k.to === undefined || days <= k.to));
        expect(containing).toHaveLength(1);
        for (const [i, k] of table.buckets.slice(1).entries()) expect(k.from).toBe(table.buckets[i]!.to! + 1);
      }),
    );
  });

  it('adds up: Σ buckets (+ not due) = Σ rows, in amount and count, on either basis, overall and per category', () => {
    const rows = fc.array(
      fc.record({
        date: fc.integer({ min: -400, max: 4000 }).map((d) => addDays(TODAY, -d)),
        amount: fc.integer({ min: 0, max: 1e12 }),
        count: fc.integer({ min: 1, max: 50 }),
        categoryId: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(rows, bounds, fc.constantFrom('issue', 'due') as fc.Arbitrary<'issue' | 'due'>, (r, b, basis) => {
        const { overall, byCategory } = ageing(r, TODAY, b, basis);
        const total = r.reduce((s, x) => s + x.amount, 0);
        const count = r.reduce((s, x) => s + x.count, 0);
        const inBuckets = overall.buckets.reduce((s, k) => s + k.amount, 0) + (overall.notDue?.amount ?? 0);
        expect(inBuckets).toBe(total);
        expect(overall.buckets.reduce((s, k) => s + k.count, 0) + (overall.notDue?.count ?? 0)).toBe(count);
        expect(overall.total).toEqual({ amount: total, count });
        const perCategory = Object.values(byCategory).reduce((s, t) => s + t.total.amount, 0);
        expect(perCategory).toBe(total);
        for (const [i, k] of overall.buckets.entries()) expect(Object.values(byCategory).reduce((s, t) => s + t.buckets[i]!.amount, 0)).toBe(k.amount);
      }),
    );
  });
});
