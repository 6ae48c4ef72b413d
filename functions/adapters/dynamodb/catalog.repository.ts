import type { CatalogEntry } from '../../../domain/clients/catalog.schema.ts';
import type { CatalogRepository } from '../../../domain/clients/ports.ts';
import { conflict, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import { fold } from '../../../domain/shared/text.ts';
import { compact } from './conditional.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { DataService } from './entities/index.ts';
import { writeWithGuards } from './unique-transaction.ts';

export function dynamoCatalogRepository(data: DataService): CatalogRepository {
  const { catalogEntry } = data.entities;
  const fromItem = (item: Record<string, unknown>) => compact(item) as unknown as CatalogEntry;
  // Names are unique per kind and tenant, compared without case or accents.
  const guard = (e: CatalogEntry) => ({ tenantId: e.tenantId, scope: `${e.kind}-name`, value: fold(e.name), ownerId: e.id });
  const guardInfo = (index: number, e: CatalogEntry) => ({ index, ...guard(e), entity: e.kind, field: 'name' });
  return {
    async get(tenantId, kind, id) {
      const { data: item } = await catalogEntry.get({ tenantId, kind, id }).go();
      return item ? fromItem(item) : undefined;
    },
    async create(entry) {
      const outcome = await writeWithGuards(
        data,
        () => data.transaction.write(({ catalogEntry: c, uniqueGuard: g }) => [c.create(entry).commit(), g.create(guard(entry)).commit()]).go(),
        [guardInfo(1, entry)],
      );
      if (!outcome.ok) throw conflict(entry.kind, 'id', entry.id);
    },
    async update(next, previous) {
      const renamed = fold(next.name) !== fold(previous.name);
      const outcome = await writeWithGuards(
        data,
        () => data.transaction.write(({ catalogEntry: c, uniqueGuard: g }) => [
          c.put(next).where(({ version }, { eq }) => eq(version, previous.version)).commit(),
          ...(renamed ? [g.create(guard(next)).commit(), g.delete(guard(previous)).commit()] : []),
        ]).go(),
        renamed ? [guardInfo(1, next)] : [],
      );
      if (!outcome.ok) throw (await this.get(next.tenantId, next.kind, next.id)) ? versionMismatch(next.kind, next.id) : notFound(next.kind, next.id);
    },
    async delete(entry) {
      const outcome = await writeWithGuards(
        data,
        () => data.transaction.write(({ catalogEntry: c, uniqueGuard: g }) => [
          c.delete({ tenantId: entry.tenantId, kind: entry.kind, id: entry.id }).where(({ version }, { eq }) => eq(version, entry.version)).commit(),
          g.delete(guard(entry)).commit(),
        ]).go(),
        [],
      );
      if (!outcome.ok) throw versionMismatch(entry.kind, entry.id);
    },
    async list(tenantId, kind, page) {
      const result = await catalogEntry.query.byKind({ tenantId, kind }).go({ limit: page.limit, cursor: decodeCursor(tenantId, page.cursor) ?? null, pages: 1 });
      return { items: result.data.map(fromItem), cursor: encodeCursor(tenantId, result.cursor) };
    },
  };
}
