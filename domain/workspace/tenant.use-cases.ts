import type { Actor } from '../shared/actor.ts';
import { requireCompanyLevel } from '../shared/actor.ts';
import { notFound } from '../shared/errors.ts';
import type { Clock } from '../shared/ports.ts';
import { assertVersion, changesNothing, type ExpectedVersion } from '../shared/versions.ts';
import type { TenantRepository } from './ports.ts';
import { assertCurrencyOfCountry } from './tenant-currency.ts';
import type { Tenant, TenantPatch } from './tenant.schema.ts';

/** Reads the caller's own tenant. The tenant id comes from the actor, never from input. */
export const getTenant =
  (deps: { tenants: TenantRepository }) =>
  async (actor: Actor): Promise<Tenant> => {
    const tenant = await deps.tenants.get(actor.tenantId);
    if (!tenant) throw notFound('tenant', actor.tenantId);
    return tenant;
  };

/** Changes tenant settings (level 1 only) if `expectedVersion` is still current; a patch that changes nothing writes nothing. */
export const updateTenant =
  (deps: { tenants: TenantRepository; clock: Clock }) =>
  async (actor: Actor, patch: TenantPatch, expectedVersion: ExpectedVersion): Promise<Tenant> => {
    requireCompanyLevel(actor);
    const current = await getTenant(deps)(actor);
    assertVersion('tenant', current.id, current.version, expectedVersion);
    const next: Tenant = { ...current, ...patch, version: current.version + 1, updatedAt: deps.clock.now().toISOString() };
    // Checked when the patch touches what the rule reads; a tenant stored before it can still change other settings.
    if (patch.country !== undefined || patch.currency !== undefined || patch.allowForeignCurrency !== undefined) assertCurrencyOfCountry(next);
    if (changesNothing(current, next)) return current;
    await deps.tenants.update(next, current.version);
    return next;
  };
