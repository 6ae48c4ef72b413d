import { requireCompanyLevel, type Actor } from '../shared/actor.ts';
import { createOnce } from '../shared/create-once.ts';
import { notFound } from '../shared/errors.ts';
import type { Clock, IdGenerator, Page, PageRequest } from '../shared/ports.ts';
import { assertVersion, changesNothing, type ExpectedVersion } from '../shared/versions.ts';
import type { CatalogEntry, CatalogInput, CatalogKind } from './catalog.schema.ts';
import type { CatalogRepository } from './ports.ts';

interface Deps {
  catalogs: CatalogRepository;
  clock: Clock;
  ids: IdGenerator;
}

/** Categories and zones are company-wide settings: level 1 creates, changes and deletes them. */
export const createCatalogEntry =
  (deps: Deps) =>
  async (actor: Actor, kind: CatalogKind, input: CatalogInput): Promise<CatalogEntry> => {
    requireCompanyLevel(actor);
    const now = deps.clock.now().toISOString();
    const entry: CatalogEntry = {
      id: deps.ids.next(),
      tenantId: actor.tenantId,
      kind,
      name: input.name,
      ...(input.color ? { color: input.color } : {}),
      ...(input.icon ? { icon: input.icon } : {}),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    return createOnce(
      entry,
      () => deps.catalogs.create(entry),
      () => deps.catalogs.get(actor.tenantId, kind, entry.id),
    );
  };

export const getCatalogEntry = (deps: Pick<Deps, 'catalogs'>) => async (actor: Actor, kind: CatalogKind, id: string) => {
  const entry = await deps.catalogs.get(actor.tenantId, kind, id);
  if (!entry) throw notFound(kind, id);
  return entry;
};

export const listCatalog =
  (deps: Pick<Deps, 'catalogs'>) =>
  (actor: Actor, kind: CatalogKind, page: PageRequest): Promise<Page<CatalogEntry>> =>
    deps.catalogs.list(actor.tenantId, kind, page);

export const updateCatalogEntry =
  (deps: Deps) => async (actor: Actor, kind: CatalogKind, id: string, patch: Partial<CatalogInput>, expectedVersion: ExpectedVersion) => {
    requireCompanyLevel(actor);
    const current = await getCatalogEntry(deps)(actor, kind, id);
    assertVersion(kind, id, current.version, expectedVersion);
    const next: CatalogEntry = { ...current, version: current.version + 1, updatedAt: deps.clock.now().toISOString() };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.color !== undefined) next.color = patch.color;
    if (patch.icon === null) delete next.icon;
    else if (patch.icon !== undefined) next.icon = patch.icon;
    if (changesNothing(current, next)) return current;
    await deps.catalogs.update(next, current);
    return next;
  };

/**
 * Deleting a category or zone that clients still use is refused with the count (409): the clients
 * are moved first with a mass update, so no client keeps a dangling reference and every move is in
 * its history. The store decides it atomically with the delete (a client assigned meanwhile counts).
 */
export const deleteCatalogEntry = (deps: Deps) => async (actor: Actor, kind: CatalogKind, id: string, expectedVersion: ExpectedVersion) => {
  requireCompanyLevel(actor);
  const current = await getCatalogEntry(deps)(actor, kind, id);
  assertVersion(kind, id, current.version, expectedVersion);
  await deps.catalogs.delete(current);
};
