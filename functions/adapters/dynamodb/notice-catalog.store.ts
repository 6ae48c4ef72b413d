import type { NoticeConcept } from '../../../domain/collections/collections.schema.ts';
import { builtInConcepts, CATALOGUE_MARKER_ID } from '../../../domain/collections/settings-defaults.ts';
import type { NoticeCatalogStore } from '../../../domain/collections/settings-ports.ts';
import { notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import type { TenantRepository } from '../../../domain/workspace/ports.ts';
import { appliedIf, compact } from './conditional.ts';
import type { DataService } from './entities/index.ts';

/**
 * The notice catalogue (`T#<t>` / `NOTICE#<id>`), read whole by one Query. A tenant that never wrote it
 * has no item: it reads the built-in "7 días antes" / "7 días después" (in the tenant's language, dated at
 * its creation; one more GetItem, of the tenant). The first write of any kind materializes them with a
 * marker item in one transaction, so tenants created before the catalogue existed have them too, and a
 * tenant that deletes both keeps an empty catalogue.
 */
export function dynamoNoticeCatalogStore(data: DataService, tenants: Pick<TenantRepository, 'get'>): NoticeCatalogStore {
  const { noticeConcept } = data.entities;
  const fromItem = (item: Record<string, unknown>) => {
    const { tenantId: _t, ...concept } = compact(item);
    return concept as unknown as NoticeConcept;
  };

  async function builtIns(tenantId: string): Promise<NoticeConcept[]> {
    const tenant = await tenants.get(tenantId);
    return builtInConcepts(tenant?.locale ?? 'es', tenant?.createdAt ?? '1970-01-01T00:00:00.000Z');
  }

  /** The stored items; `written` false when the tenant never wrote its catalogue. */
  async function stored(tenantId: string) {
    const { data: items } = await noticeConcept.query.byId({ tenantId }).go({ pages: 'all', consistent: true });
    const written = items.some((i) => i.id === CATALOGUE_MARKER_ID);
    return { written, concepts: items.filter((i) => i.id !== CATALOGUE_MARKER_ID).map((i) => fromItem(i as Record<string, unknown>)) };
  }

  /** Writes the marker and the built-in concepts unless the catalogue was written (a concurrent first write is the same outcome). */
  async function materialize(tenantId: string): Promise<void> {
    if ((await stored(tenantId)).written) return;
    const concepts = await builtIns(tenantId);
    const at = concepts[0]!.createdAt;
    await appliedIf(() =>
      data.transaction
        .write(({ noticeConcept: n }) => [
          n.create({ tenantId, id: CATALOGUE_MARKER_ID, version: 1, createdAt: at, updatedAt: at }).commit(),
          ...concepts.map((c) => n.create({ tenantId, ...c }).commit()),
        ])
        .go(),
    );
  }

  const list = async (tenantId: string) => {
    const { written, concepts } = await stored(tenantId);
    return written ? concepts : builtIns(tenantId);
  };

  return {
    list,
    async get(tenantId, id) {
      return (await list(tenantId)).find((c) => c.id === id);
    },
    async create(tenantId, concept) {
      await materialize(tenantId);
      await noticeConcept.create({ tenantId, ...concept }).go();
    },
    async update(tenantId, next, previousVersion) {
      await materialize(tenantId);
      const applied = await appliedIf(() =>
        noticeConcept
          .put({ tenantId, ...next })
          .where(({ version }, { eq }) => eq(version, previousVersion))
          .go(),
      );
      if (applied) return;
      const still = await this.get(tenantId, next.id);
      throw still ? versionMismatch('noticeConcept', next.id) : notFound('noticeConcept', next.id);
    },
    async delete(tenantId, concept) {
      await materialize(tenantId);
      await noticeConcept.delete({ tenantId, id: concept.id }).go();
    },
  };
}
