import type { Actor } from '../shared/actor.ts';
import { requireCompanyLevel } from '../shared/actor.ts';
import { createOnce } from '../shared/create-once.ts';
import { invalidState, notFound } from '../shared/errors.ts';
import type { Clock, IdGenerator, Page, PageRequest } from '../shared/ports.ts';
import { assertVersion, changesNothing, type ExpectedVersion } from '../shared/versions.ts';
import type { NewOrgUnit, OrgUnit, OrgUnitKind, OrgUnitPatch } from './org-unit.schema.ts';
import type { OrgUnitRepository, UserRepository } from './ports.ts';

interface Deps {
  orgUnits: OrgUnitRepository;
  users: UserRepository;
  clock: Clock;
  ids: IdGenerator;
}

/** Creates a branch or department (level 1 only); names are unique per kind and tenant. */
export const createOrgUnit =
  (deps: Deps) =>
  async (actor: Actor, kind: OrgUnitKind, input: NewOrgUnit): Promise<OrgUnit> => {
    requireCompanyLevel(actor);
    const now = deps.clock.now().toISOString();
    const unit: OrgUnit = { id: deps.ids.next(), tenantId: actor.tenantId, kind, name: input.name, version: 1, createdAt: now, updatedAt: now };
    return createOnce(
      unit,
      () => deps.orgUnits.create(unit),
      () => deps.orgUnits.get(actor.tenantId, kind, unit.id),
    );
  };

export const getOrgUnit =
  (deps: Pick<Deps, 'orgUnits'>) =>
  async (actor: Actor, kind: OrgUnitKind, id: string): Promise<OrgUnit> => {
    const unit = await deps.orgUnits.get(actor.tenantId, kind, id);
    if (!unit) throw notFound(kind, id);
    return unit;
  };

export const listOrgUnits =
  (deps: Pick<Deps, 'orgUnits'>) =>
  async (actor: Actor, kind: OrgUnitKind, page: PageRequest): Promise<Page<OrgUnit>> =>
    deps.orgUnits.list(actor.tenantId, kind, page);

export const renameOrgUnit =
  (deps: Deps) =>
  async (actor: Actor, kind: OrgUnitKind, id: string, patch: OrgUnitPatch, expectedVersion: ExpectedVersion): Promise<OrgUnit> => {
    requireCompanyLevel(actor);
    const current = await getOrgUnit(deps)(actor, kind, id);
    assertVersion(kind, id, current.version, expectedVersion);
    const next: OrgUnit = { ...current, ...patch, version: current.version + 1, updatedAt: deps.clock.now().toISOString() };
    if (changesNothing(current, next)) return current;
    await deps.orgUnits.update(next, current);
    return next;
  };

/** Refuses (with the count) to delete a unit that users still belong to: no dangling references. */
export const deleteOrgUnit =
  (deps: Deps) =>
  async (actor: Actor, kind: OrgUnitKind, id: string, expectedVersion: ExpectedVersion): Promise<void> => {
    requireCompanyLevel(actor);
    const current = await getOrgUnit(deps)(actor, kind, id);
    assertVersion(kind, id, current.version, expectedVersion);
    const members = await deps.users.countByOrgUnit(actor.tenantId, kind, id);
    if (members > 0) throw invalidState(`${kind} still has ${members} users`, { reason: `${kind}_in_use`, users: members });
    await deps.orgUnits.delete(current);
  };
