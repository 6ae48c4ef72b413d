import { conflict, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import type { Page, PageRequest } from '../../../domain/shared/ports.ts';
import { fold } from '../../../domain/shared/text.ts';
import { compact } from './conditional.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { DataService } from './entities/index.ts';
import { writeWithGuards } from './unique-transaction.ts';

/** A tenant catalogue entry: branches, departments, client categories, zones. */
export interface NamedEntry {
  tenantId: string;
  kind: string;
  id: string;
  name: string;
  version: number;
}

/**
 * The storage shared by every named catalogue: entries keyed by (tenant, kind, id), names unique per
 * kind and tenant (case- and accent-insensitive) through a guard written in the same transaction.
 */
type TxEntities = Parameters<Parameters<DataService['transaction']['write']>[0]>[0];

/**
 * A condition a delete must meet, written as one more item of the delete's transaction (e.g. a usage
 * count that must be zero), and the error to answer when that item is what refused it.
 */
export interface DeleteCondition<T> {
  item(tx: TxEntities, entry: T): unknown;
  refused(entry: T): Promise<Error>;
}

export function namedEntryStore<T extends NamedEntry>(data: DataService, entityName: 'orgUnit' | 'catalogEntry', onDelete?: DeleteCondition<T>) {
  // Both entities share this key shape; the casts only bridge ElectroDB's per-entity types.
  const entity = data.entities[entityName] as unknown as typeof data.entities.orgUnit;
  const fromItem = (item: Record<string, unknown>) => compact(item) as unknown as T;
  const guard = (e: T) => ({ tenantId: e.tenantId, scope: `${e.kind}-name`, value: fold(e.name), ownerId: e.id });
  const guardInfo = (index: number, e: T) => ({ index, ...guard(e), entity: e.kind, field: 'name' });
  /** The entry already called that (names compare without case or accents, so it may be written otherwise). */
  const holderOf = (kind: string) => async (tenantId: string, id: string) => {
    const { data: item } = await entity.get({ tenantId, kind, id }).go();
    return item ? { name: item.name } : undefined;
  };
  const tx = (build: (ops: { entry: TxEntities['orgUnit']; guard: TxEntities['uniqueGuard']; all: TxEntities }) => unknown[]) =>
    data.transaction.write((all) => build({ entry: all[entityName] as unknown as TxEntities['orgUnit'], guard: all.uniqueGuard, all }) as never).go();

  const store = {
    async get(tenantId: string, kind: string, id: string): Promise<T | undefined> {
      const { data: item } = await entity.get({ tenantId, kind, id }).go();
      return item ? fromItem(item) : undefined;
    },
    async create(entry: T): Promise<void> {
      const outcome = await writeWithGuards(
        data,
        () => tx(({ entry: e, guard: g }) => [e.create(entry as never).commit(), g.create(guard(entry)).commit()]),
        [guardInfo(1, entry)],
        holderOf(entry.kind),
      );
      if (!outcome.ok) throw conflict(entry.kind, 'id', entry.id);
    },
    async update(next: T, previous: T): Promise<void> {
      const renamed = fold(next.name) !== fold(previous.name);
      const outcome = await writeWithGuards(
        data,
        () =>
          tx(({ entry: e, guard: g }) => [
            e
              .put(next as never)
              .where(({ version }, { eq }) => eq(version, previous.version))
              .commit(),
            ...(renamed ? [g.create(guard(next)).commit(), g.delete(guard(previous)).commit()] : []),
          ]),
        renamed ? [guardInfo(1, next)] : [],
        holderOf(next.kind),
      );
      if (!outcome.ok) throw (await store.get(next.tenantId, next.kind, next.id)) ? versionMismatch(next.kind, next.id) : notFound(next.kind, next.id);
    },
    async delete(entry: T): Promise<void> {
      const outcome = await writeWithGuards(
        data,
        () =>
          tx(({ entry: e, guard: g, all }) => [
            e
              .delete({ tenantId: entry.tenantId, kind: entry.kind, id: entry.id })
              .where(({ version }, { eq }) => eq(version, entry.version))
              .commit(),
            g.delete(guard(entry)).commit(),
            ...(onDelete ? [onDelete.item(all, entry)] : []),
          ]),
        [],
      );
      if (!outcome.ok) {
        if (onDelete && outcome.rejected.includes(2) && !outcome.rejected.includes(0)) throw await onDelete.refused(entry);
        throw versionMismatch(entry.kind, entry.id);
      }
    },
    async list(tenantId: string, kind: string, page: PageRequest): Promise<Page<T>> {
      const result = await entity.query.byKind({ tenantId, kind }).go({ limit: page.limit, cursor: decodeCursor(tenantId, page.cursor) ?? null, pages: 1 });
      return { items: result.data.map(fromItem), cursor: encodeCursor(tenantId, result.cursor) };
    },
  };
  return store;
}
