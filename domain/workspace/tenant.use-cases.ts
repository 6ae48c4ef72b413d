import type { Actor } from '../shared/actor.ts';
import { requireCompanyLevel } from '../shared/actor.ts';
import { notFound, versionMismatch } from '../shared/errors.ts';
import type { Clock } from '../shared/ports.ts';
import type { TenantRepository } from './ports.ts';
import { assertCurrencyOfCountry } from './tenant-currency.ts';
import type { Tenant, TenantPatch } from './tenant.schema.ts';

/** Reads the caller's own tenant. The tenant id comes from the actor, never from input. */
export const getTenant = (deps: { tenants: TenantRepository }) => async (actor: Actor): Promise<Tenant> => {
  const tenant = await deps.tenants.get(actor.tenantId);
  if (!tenant) throw notFound('tenant', actor.tenantId);
  return tenant;
};

/** Changes tenant settings (level 1 only) if `expectedVersion` is still current. */
export const updateTenant =
  (deps: { tenants: TenantRepository; clock: Clock }) =>
  async (actor: Actor, patch: TenantPatch, expectedVersion: number): Promise<Tenant> => {
    requireCompanyLevel(actor);
    const current = await getTenant(deps)(actor);
    if (current.version !== expectedVersion) throw versionMismatch('tenant', current.id);
    const next: Tenant = { ...current, ...patch, version: current.version + 1, updatedAt: deps.clock.now().toISOString() };
    // Checked when the patch touches what the rule reads; a tenant stored before it can still change other settings.
    if (patch.country !== undefined || patch.currency !== undefined || patch.allowForeignCurrency !== undefined) assertCurrencyOfCountry(next);
    await deps.tenants.update(next, expectedVersion);
    return next;
  };
