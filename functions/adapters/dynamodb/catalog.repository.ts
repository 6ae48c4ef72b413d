import type { CatalogEntry } from '../../../domain/clients/catalog.schema.ts';
import type { CatalogRepository } from '../../../domain/clients/ports.ts';
import { catalogInUse, countsOf } from '../../../domain/clients/catalog-usage.ts';
import type { DataService } from './entities/index.ts';
import { namedEntryStore } from './named-entry.store.ts';

/**
 * Client categories and zones. A delete also removes the entry's usage count, on condition that it is
 * zero: a client write that references the entry moves that count in its own transaction, so the two
 * cannot interleave into a client pointing at a deleted entry.
 */
export function dynamoCatalogRepository(data: DataService): CatalogRepository {
  const { catalogUsage } = data.entities;
  const clientCounts = async (tenantId: string, kind: string, id: string) => {
    const { data: usage } = await catalogUsage.get({ tenantId, kind, id }).go({ consistent: true });
    return countsOf(usage?.clients, usage?.inactive);
  };
  const store = namedEntryStore<CatalogEntry>(data, 'catalogEntry', {
    item: (tx, entry) =>
      tx.catalogUsage
        .delete({ tenantId: entry.tenantId, kind: entry.kind, id: entry.id })
        .where((attr, { notExists, eq }) => `${notExists(attr.clients)} OR ${eq(attr.clients, 0)}`)
        .commit(),
    refused: async (entry) => catalogInUse(entry, await clientCounts(entry.tenantId, entry.kind, entry.id)),
  });
  return { ...store, clientCounts };
}
