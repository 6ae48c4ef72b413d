import { describe, expect, it } from 'vitest';
import { Permission } from '../../domain/shared/actor.ts';
import { countryDefaults, NewTenant, tenantSlugOf } from '../../domain/workspace/tenant-provisioning.schema.ts';
import { provisionTenant, reactivateTenant, suspendTenant } from '../../domain/workspace/tenant-provisioning.use-cases.ts';
import { countryCurrencies } from '../../domain/workspace/tenant-currency.ts';
import { isIanaTimeZone } from '../../domain/workspace/tenant.schema.ts';
import { parseTaxId } from '../../domain/clients/tax-id.ts';
import { FakeClock, InMemoryIdentityDirectory, InMemoryOutboxRepository, InMemoryTenantRepository, InMemoryUserRepository, SequentialIds } from './fakes.ts';
import { T0 } from './fixtures.ts';

function setup() {
  return {
    tenants: new InMemoryTenantRepository(),
    users: new InMemoryUserRepository(),
    directory: new InMemoryIdentityDirectory(),
    outbox: new InMemoryOutboxRepository(),
    clock: new FakeClock(T0),
    ids: new SequentialIds('new'),
    defaultSender: 'no-reply@cobranza.test',
  };
}
const command = (overrides: Record<string, unknown> = {}) => NewTenant.parse({ name: 'Ferretería Sur', country: 'CL', adminEmail: 'Ana@Sur.CL', ...overrides });

describe('provisionTenant', () => {
  it("creates the tenant with its country's defaults and a level-1 administrator holding every permission", async () => {
    // Prepare
    const deps = setup();

    // Act
    const { tenant, admin, created } = await provisionTenant(deps)(command({ adminName: 'Ana Soto' }), 'ops@cobranza.test');

    // Assess
    expect(created).toBe(true);
    expect(tenant).toMatchObject({
      id: 'ferreteria-sur',
      name: 'Ferretería Sur',
      country: 'CL',
      currency: 'CLP',
      timeZone: 'America/Santiago',
      locale: 'es',
      taxIdScheme: 'CL_RUT',
      mailHour: 9,
      status: 'active',
      version: 1,
      createdAt: T0,
    });
    expect(admin).toMatchObject({
      tenantId: 'ferreteria-sur',
      email: 'ana@sur.cl',
      name: 'Ana Soto',
      accessLevel: 1,
      status: 'active',
      createdBy: 'operator:ops@cobranza.test',
    });
    expect([...admin.permissions].sort()).toEqual([...Permission.options].sort());
    expect(await deps.tenants.get('ferreteria-sur')).toEqual(tenant);
    expect(await deps.users.get('ferreteria-sur', admin.id)).toEqual(admin);
    expect(deps.directory.calls).toEqual([{ op: 'register', userId: admin.id }]);
  });

  it.each([
    ['AR', 'ARS', 'America/Argentina/Buenos_Aires', 'AR_CUIT'],
    ['MX', 'MXN', 'America/Mexico_City', 'MX_RFC'],
    ['CO', 'COP', 'America/Bogota', 'CO_NIT'],
    ['EC', 'USD', 'America/Guayaquil', 'EC_RUC'],
    ['other', 'USD', 'UTC', 'OTHER'],
  ])('gives a tenant of %s %s, %s and the %s tax id', async (country, currency, timeZone, taxIdScheme) => {
    const deps = setup();
    const { tenant } = await provisionTenant(deps)(command({ country }), 'ops');
    expect(tenant).toMatchObject({ currency, timeZone, taxIdScheme });
  });

  it('defaults only to real IANA zones and to tax-id schemes the client book validates', () => {
    for (const defaults of Object.values(countryDefaults)) {
      expect(isIanaTimeZone(defaults.timeZone)).toBe(true);
      expect(parseTaxId(defaults.taxIdScheme, '').ok).toBe(false); // a known scheme: it judges the value, it does not throw
    }
  });

  it('takes currency, time zone, language and sender from the command over the defaults', async () => {
    const deps = setup();
    const { tenant } = await provisionTenant(deps)(
      command({ country: 'CL', currency: 'CLF', timeZone: 'America/Punta_Arenas', locale: 'en', senderEmail: 'cobros@sur.cl' }),
      'ops',
    );
    expect(tenant).toMatchObject({ currency: 'CLF', timeZone: 'America/Punta_Arenas', locale: 'en', senderEmail: 'cobros@sur.cl' });
    expect(tenant).not.toHaveProperty('allowForeignCurrency');
  });

  it('gives every country a default currency that country uses', () => {
    for (const [country, defaults] of Object.entries(countryDefaults)) {
      expect(countryCurrencies[country as keyof typeof countryCurrencies]).toContain(defaults.currency);
    }
  });

  it("refuses a currency the country does not use, naming the country's currencies, and writes nothing", async () => {
    // Prepare
    const deps = setup();

    // Act
    const error = await provisionTenant(deps)(command({ country: 'CL', currency: 'USD' }), 'ops').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ pointer: '/currency', code: 'currency_of_country', params: { currency: 'USD', country: 'CL', currencies: ['CLP', 'CLF'] } }] },
    });
    expect(await deps.tenants.get('ferreteria-sur')).toBeUndefined();
    expect(deps.directory.calls).toEqual([]);
    expect(deps.outbox.all()).toEqual([]);
  });

  it('creates a tenant with a foreign currency when asked explicitly, and records that it was', async () => {
    // Prepare
    const deps = setup();

    // Act
    const { tenant } = await provisionTenant(deps)(command({ country: 'AR', currency: 'USD', allowForeignCurrency: true }), 'ops');

    // Assess
    expect(tenant).toMatchObject({ country: 'AR', currency: 'USD', allowForeignCurrency: true });
    expect(await deps.tenants.get(tenant.id)).toMatchObject({ currency: 'USD', allowForeignCurrency: true });
  });

  it("queues the administrator's welcome e-mail in the tenant's language", async () => {
    const deps = setup();
    const { admin } = await provisionTenant(deps)(command(), 'ops');
    expect(deps.outbox.all()).toEqual([
      expect.objectContaining({
        tenantId: 'ferreteria-sur',
        to: ['ana@sur.cl'],
        from: 'no-reply@cobranza.test',
        subject: 'Te damos la bienvenida a Ferretería Sur',
      }),
    ]);
    expect(admin.name).toBe('ana');
  });

  it('returns the same tenant and administrator when the same command runs again, creating nothing', async () => {
    const deps = setup();
    const first = await provisionTenant(deps)(command(), 'ops');
    const again = await provisionTenant(deps)(command(), 'ops');
    expect(again).toEqual({ tenant: first.tenant, admin: first.admin, created: false });
    expect(deps.users.all()).toHaveLength(1);
    expect(deps.outbox.all()).toHaveLength(1);
    expect(deps.directory.calls.filter((c) => c.op === 'register')).toHaveLength(1);
  });

  it('finishes a provisioning that stopped after the tenant and before its administrator', async () => {
    const deps = setup();
    const failing = {
      ...deps,
      users: Object.assign(Object.create(deps.users), {
        create: async () => {
          throw new Error('throttled');
        },
      }),
    };
    await expect(provisionTenant(failing)(command(), 'ops')).rejects.toThrow('throttled');
    expect(await deps.tenants.get('ferreteria-sur')).toBeDefined();
    expect(deps.directory.identities.size).toBe(0); // the identity was removed again

    const retried = await provisionTenant(deps)(command(), 'ops');
    expect(retried.created).toBe(true);
    expect(deps.users.all()).toEqual([retried.admin]);
  });

  it('refuses the id of another business (other name or country) with conflict, changing nothing', async () => {
    const deps = setup();
    await provisionTenant(deps)(command(), 'ops');
    for (const other of [command({ tenantId: 'ferreteria-sur', name: 'Otra Ferretería' }), command({ country: 'AR' })]) {
      await expect(provisionTenant(deps)(other, 'ops')).rejects.toMatchObject({ code: 'conflict', details: { entity: 'tenant', reason: 'tenant_id_taken' } });
    }
    expect(deps.users.all()).toHaveLength(1);
  });

  it('refuses to add a second administrator to a tenant that already has users', async () => {
    const deps = setup();
    await provisionTenant(deps)(command(), 'ops');
    const attempt = provisionTenant(deps)(command({ adminEmail: 'otro@sur.cl' }), 'ops');
    await expect(attempt).rejects.toMatchObject({ code: 'conflict', details: { entity: 'tenant', reason: 'tenant_already_provisioned' } });
    expect(deps.users.all()).toHaveLength(1);
    expect(deps.directory.calls.filter((c) => c.op === 'register')).toHaveLength(1);
  });

  it('creates a second business under its own id with the same administrator e-mail', async () => {
    const deps = { ...setup(), directory: { register: async () => undefined, sync: async () => undefined, unregister: async () => undefined } };
    const first = await provisionTenant(deps)(command(), 'ops');
    const second = await provisionTenant(deps)(command({ name: 'Ferretería Norte' }), 'ops');
    expect(second.tenant.id).toBe('ferreteria-norte');
    expect(second.admin.id).not.toBe(first.admin.id);
    expect(second.admin.email).toBe(first.admin.email);
  });

  it('writes nothing when the e-mail already signs in elsewhere in the user directory', async () => {
    const deps = setup();
    await provisionTenant(deps)(command(), 'ops');
    const attempt = provisionTenant(deps)(command({ name: 'Ferretería Norte' }), 'ops');
    await expect(attempt).rejects.toMatchObject({ code: 'conflict', details: { entity: 'user', field: 'email' } });
    expect(await deps.tenants.get('ferreteria-norte')).toBeUndefined();
  });

  it('asks for an id when the name gives none', async () => {
    const deps = setup();
    const attempt = provisionTenant(deps)(command({ name: '東京商事' }), 'ops');
    await expect(attempt).rejects.toMatchObject({ code: 'validation_failed', details: { errors: [expect.objectContaining({ pointer: '/tenantId' })] } });
    const withId = await provisionTenant(deps)(command({ name: '東京商事', tenantId: 'tokyo-shoji' }), 'ops');
    expect(withId.tenant.id).toBe('tokyo-shoji');
  });
});

describe('tenant ids made from names', () => {
  it.each([
    ['Ferretería Sur', 'ferreteria-sur'],
    ['  Comercial Ñuñoa & Cía. Ltda. ', 'comercial-nunoa-cia-ltda'],
    ['A'.repeat(60), 'a'.repeat(40)],
    ['---', ''],
  ])('%j → %j', (name, slug) => {
    expect(tenantSlugOf(name)).toBe(slug);
  });

  it('refuses ids with upper case, spaces or outer hyphens', () => {
    for (const tenantId of ['Acme', 'a b', '-acme', 'acme-', 'a'.repeat(41)]) {
      expect(NewTenant.safeParse({ tenantId, name: 'A', country: 'CL', adminEmail: 'a@a.cl' }).success, tenantId).toBe(false);
    }
  });
});

describe('suspendTenant and reactivateTenant', () => {
  it('suspends with who and when, and reactivates clearing both', async () => {
    const deps = setup();
    await provisionTenant(deps)(command(), 'ops');
    deps.clock.advance(60_000);
    const suspended = await suspendTenant(deps)('ferreteria-sur', 'ops@cobranza.test');
    expect(suspended).toMatchObject({ status: 'suspended', suspendedAt: '2026-03-02T12:01:00.000Z', suspendedBy: 'operator:ops@cobranza.test', version: 2 });
    expect(await deps.tenants.get('ferreteria-sur')).toEqual(suspended);

    const reactivated = await reactivateTenant(deps)('ferreteria-sur', 'ops@cobranza.test');
    expect(reactivated).toMatchObject({ status: 'active', version: 3 });
    expect(reactivated).not.toHaveProperty('suspendedAt');
    expect(reactivated).not.toHaveProperty('suspendedBy');
  });

  it('changes nothing when the tenant is already in the state asked for', async () => {
    const deps = setup();
    await provisionTenant(deps)(command(), 'ops');
    expect((await reactivateTenant(deps)('ferreteria-sur', 'ops')).version).toBe(1);
    const first = await suspendTenant(deps)('ferreteria-sur', 'ops');
    deps.clock.advance(1000);
    expect(await suspendTenant(deps)('ferreteria-sur', 'someone else')).toEqual(first);
  });

  it('answers not_found for a tenant that does not exist', async () => {
    const deps = setup();
    await expect(suspendTenant(deps)('nope', 'ops')).rejects.toMatchObject({ code: 'not_found', details: { entity: 'tenant', id: 'nope' } });
    await expect(reactivateTenant(deps)('nope', 'ops')).rejects.toMatchObject({ code: 'not_found' });
  });
});
