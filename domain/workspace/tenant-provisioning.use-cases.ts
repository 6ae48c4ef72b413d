import type { OutboxRepository } from '../messaging/ports.ts';
import { welcomeEmail } from '../messaging/welcome-email.ts';
import { Permission } from '../shared/actor.ts';
import { conflict, DomainError, invalidFields, notFound } from '../shared/errors.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import type { IdentityDirectory, TenantRepository, UserRepository } from './ports.ts';
import { countryDefaults, DEFAULT_MAIL_HOUR, tenantSlugOf, type NewTenant } from './tenant-provisioning.schema.ts';
import { assertCurrencyOfCountry } from './tenant-currency.ts';
import type { Tenant } from './tenant.schema.ts';
import type { User } from './user.schema.ts';

interface ProvisioningDeps {
  tenants: TenantRepository;
  users: UserRepository;
  directory: IdentityDirectory;
  outbox: OutboxRepository;
  clock: Clock;
  ids: IdGenerator;
  /** Platform sender of the welcome e-mail while the tenant has none of its own. */
  defaultSender: string;
}

export interface ProvisionedTenant {
  tenant: Tenant;
  admin: User;
  /** False when this was a replay: the tenant and its administrator already existed as asked. */
  created: boolean;
}

/** The id names another business, or a business already provisioned with another administrator. */
const tenantConflict = (tenantId: string, reason: 'tenant_id_taken' | 'tenant_already_provisioned') =>
  new DomainError('conflict', `tenant ${tenantId}: ${reason}`, { entity: 'tenant', field: 'id', existingId: tenantId, reason });

/** How operator commands are recorded as authors (`createdBy`, `suspendedBy`). */
const operatorRef = (operator: string) => `operator:${operator}`;

/**
 * Creates a business: the tenant with its country's defaults (currency, time zone, language,
 * tax-id scheme) and its first user, a level-1 administrator with every permission, who gets a
 * sign-in identity and the welcome e-mail.
 *
 * The tenant id is the stable key (given, or made from the name): running the same command again,
 * after a success or a failure half-way, completes or returns the same tenant and administrator
 * instead of making a second business. The same id with another name or country, or with another
 * administrator once the tenant has users, is a `conflict`.
 */
export const provisionTenant =
  (deps: ProvisioningDeps) =>
  async (command: NewTenant, operator: string): Promise<ProvisionedTenant> => {
    const tenantId = command.tenantId ?? tenantSlugOf(command.name);
    if (!tenantId) {
      throw invalidFields('the name gives no id; give a tenantId', [{ pointer: '/tenantId', code: 'required', params: { because: 'no_slug' } }]);
    }
    const now = deps.clock.now().toISOString();
    const defaults = countryDefaults[command.country];
    const wanted: Tenant = {
      id: tenantId,
      name: command.name,
      country: command.country,
      currency: command.currency ?? defaults.currency,
      timeZone: command.timeZone ?? defaults.timeZone,
      locale: command.locale ?? defaults.locale,
      mailHour: DEFAULT_MAIL_HOUR,
      taxIdScheme: defaults.taxIdScheme,
      ...(command.allowForeignCurrency ? { allowForeignCurrency: true } : {}),
      ...(command.senderEmail ? { senderEmail: command.senderEmail } : {}),
      status: 'active',
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    // Before anything is read or written: a refused command leaves no trace.
    assertCurrencyOfCountry(wanted);
    const sameBusiness = (t: Tenant) => t.name === wanted.name && t.country === wanted.country;

    let existing = await deps.tenants.get(tenantId);
    if (existing && !sameBusiness(existing)) throw tenantConflict(tenantId, 'tenant_id_taken');
    if (existing) {
      const holder = await deps.users.findByEmail(tenantId, command.adminEmail);
      if (holder?.accessLevel === 1) return { tenant: existing, admin: holder, created: false };
      if (holder) throw conflict('user', 'email', holder.id, { name: holder.name, status: holder.status });
      // A replay may finish a provisioning that stopped before its administrator; it never adds another.
      const { items } = await deps.users.list(tenantId, { limit: 1 }, { status: 'all' });
      if (items.length) throw tenantConflict(tenantId, 'tenant_already_provisioned');
    }

    const admin: User = {
      id: deps.ids.next(),
      tenantId,
      email: command.adminEmail,
      name: command.adminName ?? command.adminEmail.split('@')[0]!,
      accessLevel: 1,
      permissions: [...Permission.options],
      status: 'active',
      version: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: operatorRef(operator),
      updatedBy: operatorRef(operator),
    };
    // The sign-in identity first: if its e-mail already signs in elsewhere, nothing has been written.
    await deps.directory.register(admin);
    try {
      if (!existing) {
        if (!(await deps.tenants.createIfAbsent(wanted))) {
          // Another run with the same id got there first: it is ours only if it is the same business.
          existing = await deps.tenants.get(tenantId);
          if (!existing || !sameBusiness(existing)) throw tenantConflict(tenantId, 'tenant_id_taken');
        }
      }
      await deps.users.create(admin);
    } catch (error) {
      await deps.directory.unregister(admin).catch(() => undefined);
      throw error;
    }
    const tenant = existing ?? wanted;
    await deps.outbox.enqueue(welcomeEmail({ tenant, user: admin, id: deps.ids.next(), now: deps.clock.now(), fallbackSender: deps.defaultSender }));
    return { tenant, admin, created: true };
  };

/**
 * Suspends a tenant: every request of its users is refused (403 `tenant_suspended`) once each
 * container's short cache has expired. Data is kept. Suspending a suspended tenant changes nothing.
 */
export const suspendTenant =
  (deps: { tenants: TenantRepository; clock: Clock }) =>
  async (tenantId: string, operator: string): Promise<Tenant> => {
    const current = await deps.tenants.get(tenantId);
    if (!current) throw notFound('tenant', tenantId);
    if (current.status === 'suspended') return current;
    const at = deps.clock.now().toISOString();
    const next: Tenant = { ...current, status: 'suspended', suspendedAt: at, suspendedBy: operatorRef(operator), version: current.version + 1, updatedAt: at };
    await deps.tenants.update(next, current.version);
    return next;
  };

/** Lets a suspended tenant's users in again. Reactivating an active tenant changes nothing. */
export const reactivateTenant =
  (deps: { tenants: TenantRepository; clock: Clock }) =>
  async (tenantId: string, _operator: string): Promise<Tenant> => {
    const current = await deps.tenants.get(tenantId);
    if (!current) throw notFound('tenant', tenantId);
    if (current.status !== 'suspended') return current;
    const { suspendedAt: _at, suspendedBy: _by, ...rest } = current;
    const next: Tenant = { ...rest, status: 'active', version: current.version + 1, updatedAt: deps.clock.now().toISOString() };
    await deps.tenants.update(next, current.version);
    return next;
  };
