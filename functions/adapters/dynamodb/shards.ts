/**
 * Hot keys spread over partitions (the developers' guide: "spread hot keys"): a stable shard for an id,
 * the partitions of a cross-tenant work queue, and how a reader merges what they return.
 */

/** A stable shard for an id (FNV-1a): the same id always lands on the same shard. */
export function stableShard(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/**
 * A cross-tenant queue (a sparse gsi2 partition) spread over `<base>#0 … <base>#<shards-1>` by the tenant
 * id, so one tenant's items stay in one partition, in their order. `legacy` is the unsharded `<base>` that
 * items written before the split still carry until their next write moves them (decision 14); readers
 * read it too, first, until it is gone.
 */
export function shardedQueue(base: string, shards: number) {
  const shard = (n: number) => `${base}#${n}`;
  return {
    legacy: base,
    of: (tenantId: string) => shard(stableShard(tenantId, shards)),
    /** Every partition a reader of all tenants queries: the legacy one, then each shard. */
    all: [base, ...Array.from({ length: shards }, (_, n) => shard(n))],
    /** The partitions that may hold one tenant's items. */
    ofTenant: (tenantId: string) => [base, shard(stableShard(tenantId, shards))],
  };
}

/**
 * The first `limit` items of several partitions' reads, each already sorted by its index sort key and each
 * bounded by `limit`: merged by that key, so the oldest work of any partition still goes first, and each
 * item once (an item moving between partitions may show up in both while the index catches up). Keys are
 * ASCII, so comparing code units orders them as DynamoDB does.
 */
export function oldestFirst<T>(pages: T[][], key: { sortKey: (item: T) => string; identity: (item: T) => string }, limit: number): T[] {
  const seen = new Set<string>();
  const sorted = pages.flat().sort((a, b) => {
    const [x, y] = [key.sortKey(a), key.sortKey(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const merged: T[] = [];
  for (const item of sorted) {
    if (merged.length === limit) break;
    const id = key.identity(item);
    if (seen.has(id)) continue;
    seen.add(id);
    merged.push(item);
  }
  return merged;
}
