import type { Client } from '../../../domain/clients/client.schema.ts';
import { searchTermsOf, type SearchTermKind } from '../../../domain/clients/search-terms.ts';
import type { DataService } from './entities/index.ts';
import { NONE } from './entities/model.ts';

/** One search-term item (entities/search-term.entity.ts) as its attributes. */
export interface TermRecord {
  tenantId: string;
  clientId: string;
  term: string;
  shard: string;
  kind: SearchTermKind;
  status: string;
  sellerKey: string;
  collectorKey: string;
  agentKey: string;
  branchKey: string;
  department1Key: string;
  department2Key: string;
  department3Key: string;
}

/** Which search partition holds a term (or the prefix of one): its first character. */
export const shardOf = (term: string) => String.fromCodePoint(term.codePointAt(0)!);

/** The search-term items of a client: one per term, each carrying the client's status and scope keys. */
export function termRecords(c: Client, contactEmails: readonly string[]): TermRecord[] {
  const departments = c.assignedDepartmentIds ?? [];
  const keys = {
    tenantId: c.tenantId,
    clientId: c.id,
    status: c.status,
    sellerKey: c.sellerId ?? NONE,
    collectorKey: c.collectorId ?? NONE,
    agentKey: c.agentId ?? NONE,
    branchKey: c.branchId ?? NONE,
    department1Key: departments[0] ?? NONE,
    department2Key: departments[1] ?? NONE,
    department3Key: departments[2] ?? NONE,
  };
  return searchTermsOf(c, contactEmails).map(({ term, kind }) => ({ ...keys, term, kind, shard: shardOf(term) }));
}

const same = (a: TermRecord, b: TermRecord) => (Object.keys(a) as Array<keyof TermRecord>).every((k) => a[k] === b[k]);

/**
 * What a write must do to the term items: put the new and changed ones (a changed status or scope key
 * moves an item between index partitions), delete the ones whose term is gone. Nothing searchable
 * changed → nothing to write.
 */
export function termChanges(before: TermRecord[], after: TermRecord[]): { put: TermRecord[]; remove: TermRecord[] } {
  const old = new Map(before.map((r) => [r.term, r]));
  const next = new Set(after.map((r) => r.term));
  return {
    put: after.filter((r) => !old.has(r.term) || !same(old.get(r.term)!, r)),
    remove: before.filter((r) => !next.has(r.term)),
  };
}

type Tx = Parameters<Parameters<DataService['transaction']['write']>[0]>[0];

/** The transaction items of `termChanges`, puts first. */
export function termWrites(tx: Tx, changes: ReturnType<typeof termChanges>) {
  return [
    ...changes.put.map((r) => tx.searchTerm.put(r).commit()),
    ...changes.remove.map((r) => tx.searchTerm.delete({ tenantId: r.tenantId, shard: r.shard, term: r.term, clientId: r.clientId }).commit()),
  ];
}
