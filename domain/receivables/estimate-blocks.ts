import type { Estimate, EstimateStatus } from './estimate.ts';
import { sumAmounts, type Currency } from './money.ts';

/**
 * The estimates tab's blocks (seed 004): outstanding (sent, awaiting the client), accepted and rejected,
 * each a count and an amount (the estimates' totals), per currency. Drafts are in none; a converted
 * estimate stays accepted. Kept per client and currency by every estimate write (`foldEstimateBlocks`),
 * so the tab reads one item per currency instead of the client's estimates.
 */
export type EstimateBlock = 'outstanding' | 'accepted' | 'rejected';
export type EstimateBlocks = Record<EstimateBlock, { count: number; amount: number }>;

export const emptyEstimateBlocks = (): EstimateBlocks => ({
  outstanding: { count: 0, amount: 0 },
  accepted: { count: 0, amount: 0 },
  rejected: { count: 0, amount: 0 },
});

const blockOf: Record<EstimateStatus, EstimateBlock | undefined> = { draft: undefined, sent: 'outstanding', accepted: 'accepted', rejected: 'rejected' };

type Counted = Pick<Estimate, 'status' | 'currency' | 'totals'>;

/**
 * The blocks of `currency` after one estimate changed from `before` (absent: new) to `after`: its total
 * leaves the block of its old status and joins that of its new one. `undefined` when nothing moves in
 * that currency (a draft edited, a conversion), so the write leaves the item alone.
 */
export function foldEstimateBlocks(blocks: EstimateBlocks, currency: Currency, before: Counted | undefined, after: Counted): EstimateBlocks | undefined {
  const out = before && before.currency === currency ? blockOf[before.status] : undefined;
  const into = after.currency === currency ? blockOf[after.status] : undefined;
  if (out === into && (!out || before!.totals.total === after.totals.total)) return undefined;
  const next: EstimateBlocks = structuredClone(blocks);
  if (out) next[out] = { count: next[out].count - 1, amount: next[out].amount - before!.totals.total };
  if (into) next[into] = { count: next[into].count + 1, amount: sumAmounts([next[into].amount, after.totals.total]) };
  return next;
}

/** The currencies an estimate change touches (a draft may change currency; both blocks then move). */
export const touchedCurrencies = (before: Counted | undefined, after: Counted): Currency[] => [
  ...new Set([...(before ? [before.currency] : []), after.currency]),
];

/** The blocks summed over estimates, per currency: what the kept items must equal. */
export function estimateBlocksOf(estimates: Counted[]): Partial<Record<Currency, EstimateBlocks>> {
  const out: Partial<Record<Currency, EstimateBlocks>> = {};
  for (const estimate of estimates) {
    const block = blockOf[estimate.status];
    if (!block) continue;
    const blocks = out[estimate.currency] ?? emptyEstimateBlocks();
    out[estimate.currency] = blocks;
    blocks[block] = { count: blocks[block].count + 1, amount: sumAmounts([blocks[block].amount, estimate.totals.total]) };
  }
  return out;
}
