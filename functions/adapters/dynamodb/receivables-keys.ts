import type { Basis } from '../../../domain/receivables/aggregate-deltas.ts';
import type { Currency } from '../../../domain/receivables/money.ts';
import { shardedQueue, stableShard } from './shards.ts';

/**
 * Keys of the receivables aggregates (docs/data-model.md). Every one starts with the tenant. A date's
 * aggregate is spread over SHARDS partitions so concurrent writers of the same date and category hit
 * different items; reads query every shard.
 */
export const SHARDS = 4;

/** A stable shard for an id: the same invoice always lands on the same shard, so a reversal finds what it added. */
export const shardOf = (id: string, shards = SHARDS): number => stableShard(id, shards);

/** Partitions of the compaction registry: a few, its items are one per tenant and currency (decision 96). */
export const COMPACTION_SHARDS = 4;
const compactionQueue = shardedQueue('QUEUE#AGG-COMPACT', COMPACTION_SHARDS);

export const receivablesKeys = {
  /** Open balances by issue or due date (sk: the date); attributes `a#<category>` (balance), `n#<category>` (invoices). */
  aggregate: (tenantId: string, basis: Basis, currency: Currency, shard: number) => `T#${tenantId}#AGG#${basis}#${currency}#${shard}`,
  /** Clients by their oldest open due date (sk: the date); attributes `k#<category>`. */
  oldest: (tenantId: string, currency: Currency, shard: number) => `T#${tenantId}#AGG#oldest#${currency}#${shard}`,
  /** Invoiced per issue month (sk: `yyyy-mm`); attributes `s` (total, minor units), `n` (invoices). */
  sales: (tenantId: string, currency: Currency, shard: number) => `T#${tenantId}#AGG#sales#${currency}#${shard}`,
  client: (tenantId: string, clientId: string) => `T#${tenantId}#AR#CLIENT#${clientId}`,
  currencySk: (currency: Currency) => `CURRENCY#${currency}`,
  yearSk: (year: string, currency: Currency) => `YEAR#${year}#${currency}`,
  /** A client whose copies (aggregates, open invoices' headers) may lag its category or scope: same pk as `client`. */
  rekeySk: 'REKEY',
  /** gsi2 partition of the clients with a pending rekey (sparse: the marker leaves when the move is done). */
  rekeyQueue: (tenantId: string) => `T#${tenantId}#AR#REKEY`,
  /** A tenant's aggregates in one currency, registered for the scheduled compaction (sk: the currency). */
  compaction: (tenantId: string) => `T#${tenantId}#AGG#COMPACT`,
  /**
   * gsi2 partitions of every tenant and currency to compact (sk `<last run>#<tenant>#<currency>`), the one
   * cross-tenant list: `QUEUE#AGG-COMPACT#<n>` by the tenant (`of`), plus the unsharded key older items carry.
   */
  compactionQueue,
};
