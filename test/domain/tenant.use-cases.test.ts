import { describe, expect, it } from 'vitest';
import { currencyMinorUnits, TenantPatch, TenantSettings } from '../../domain/workspace/tenant.schema.ts';
import { getTenant, updateTenant } from '../../domain/workspace/tenant.use-cases.ts';
import { FakeClock, InMemoryTenantRepository } from './fakes.ts';
import { aTenant, anActor, belowCompanyLevel, T0 } from './fixtures.ts';

async function setup() {
  const tenants = new InMemoryTenantRepository();
  const clock = new FakeClock(T0);
  await tenants.createIfAbsent(aTenant({ id: 'tenant-a', name: 'Acme' }));
  await tenants.createIfAbsent(aTenant({ id: 'tenant-b', name: 'Beta' }));
  return { tenants, clock };
}

const settings = { name: 'Acme', country: 'CL', currency: 'CLP', timeZone: 'America/Santiago', locale: 'es', mailHour: 9 };

describe('getTenant', () => {
  it("returns the actor's own tenant", async () => {
    // Prepare
    const deps = await setup();

    // Act
    const tenant = await getTenant(deps)(anActor({ tenantId: 'tenant-b' }));

    // Assess
    expect(tenant).toMatchObject({ id: 'tenant-b', name: 'Beta' });
  });

  it('answers not_found when the actor’s tenant does not exist', async () => {
    // Prepare
    const deps = await setup();

    // Act
    const attempt = getTenant(deps)(anActor({ tenantId: 'tenant-gone' }));

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'not_found', details: { entity: 'tenant', id: 'tenant-gone' } });
  });
});

describe('updateTenant', () => {
  it.each(belowCompanyLevel)('is forbidden at access level %i and leaves the tenant unchanged', async (accessLevel) => {
    // Prepare
    const deps = await setup();

    // Act
    const attempt = updateTenant(deps)(anActor({ accessLevel }), { name: 'Hijacked' }, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'forbidden' });
    expect(await deps.tenants.get('tenant-a')).toMatchObject({ name: 'Acme', version: 1 });
  });

  it('applies the patch, bumps the version and stamps updatedAt from the clock', async () => {
    // Prepare
    const deps = await setup();
    deps.clock.advance(60_000);

    // Act
    const updated = await updateTenant(deps)(anActor(), { name: 'Acme SpA', mailHour: 8 }, 1);

    // Assess
    const expected = { id: 'tenant-a', name: 'Acme SpA', mailHour: 8, version: 2, createdAt: T0, updatedAt: '2026-03-02T12:01:00.000Z' };
    expect(updated).toMatchObject(expected);
    expect(await deps.tenants.get('tenant-a')).toMatchObject(expected);
  });

  it('rejects a stale expectedVersion with version_mismatch and keeps the stored tenant', async () => {
    // Prepare
    const deps = await setup();
    await updateTenant(deps)(anActor(), { name: 'First' }, 1);

    // Act
    const attempt = updateTenant(deps)(anActor(), { name: 'Second' }, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'version_mismatch' });
    expect(await deps.tenants.get('tenant-a')).toMatchObject({ name: 'First', version: 2 });
  });

  it('keeps the version and writes nothing when the patch says what the tenant already says', async () => {
    // Prepare
    const deps = await setup();
    const before = await deps.tenants.get('tenant-a');
    deps.clock.advance(60_000);

    // Act
    const same = await updateTenant(deps)(anActor(), { name: 'Acme', country: 'CL', mailHour: 9 }, 1);
    const any = await updateTenant(deps)(anActor(), { locale: 'es' }, 'any');

    // Assess
    expect(same).toEqual(before);
    expect(any).toEqual(before);
    expect(await deps.tenants.get('tenant-a')).toEqual(before);
  });

  it('changes the current version when told any version will do', async () => {
    // Prepare
    const deps = await setup();
    await updateTenant(deps)(anActor(), { name: 'First' }, 1);

    // Act
    const updated = await updateTenant(deps)(anActor(), { name: 'Second' }, 'any');

    // Assess
    expect(updated).toMatchObject({ name: 'Second', version: 3 });
  });

  it("changes only the actor's tenant", async () => {
    // Prepare
    const deps = await setup();

    // Act
    await updateTenant(deps)(anActor({ tenantId: 'tenant-b' }), { locale: 'en' }, 1);

    // Assess
    expect(await deps.tenants.get('tenant-b')).toMatchObject({ locale: 'en', version: 2 });
    expect(await deps.tenants.get('tenant-a')).toMatchObject({ locale: 'es', version: 1 });
  });
});

describe('TenantSettings schema', () => {
  it('rejects an unknown IANA time zone', () => {
    const result = TenantSettings.safeParse({ ...settings, timeZone: 'America/Atlantis' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['timeZone']);
  });

  it.each(['America/Santiago', 'UTC'])('accepts the time zone %s', (timeZone) => {
    expect(TenantSettings.safeParse({ ...settings, timeZone }).success).toBe(true);
  });
});

describe('TenantPatch schema', () => {
  it.each([
    ['id', 'tenant-x'],
    ['version', 7],
  ])('rejects the key %s, which clients may not set', (key, value) => {
    const result = TenantPatch.safeParse({ name: 'Acme', [key]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: [key] })]);
  });

  it('accepts a patch of known settings only', () => {
    expect(TenantPatch.parse({ locale: 'en' })).toEqual({ locale: 'en' });
  });
});

describe("a tenant's currency against its country", () => {
  it.each([
    ['CL', 'CLF'],
    ['CL', 'CLP'],
    ['AR', 'ARS'],
    ['MX', 'MXN'],
    ['CO', 'COP'],
    ['EC', 'USD'],
    ['other', 'MXN'],
  ] as const)('accepts %s with %s', async (country, currency) => {
    // Prepare
    const deps = await setup();

    // Act
    const updated = await updateTenant(deps)(anActor(), { country, currency }, 1);

    // Assess: the fixture tenant is CL/CLP already, so that patch changes nothing and keeps the version
    expect(updated).toMatchObject({ country, currency, version: country === 'CL' && currency === 'CLP' ? 1 : 2 });
  });

  it.each([
    ['a currency the country does not use', { currency: 'USD' as const }, ['CLP', 'CLF']],
    ['a move to a country that does not use the current currency', { country: 'AR' as const }, ['ARS']],
    ['withdrawing the permission while the currency is foreign', { country: 'EC' as const, allowForeignCurrency: false }, ['USD']],
  ])("refuses %s, naming the country's currencies, and keeps the stored tenant", async (_what, patch, currencies) => {
    // Prepare
    const deps = await setup();
    const before = await deps.tenants.get('tenant-a');

    // Act
    const error = await updateTenant(deps)(anActor(), patch, 1).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ pointer: '/currency', code: 'currency_of_country', params: { currencies } }] },
    });
    expect(await deps.tenants.get('tenant-a')).toEqual(before);
  });

  it('accepts a foreign currency when the same patch allows it, and keeps it allowed on later changes', async () => {
    // Prepare
    const deps = await setup();

    // Act
    const allowed = await updateTenant(deps)(anActor(), { currency: 'USD', allowForeignCurrency: true }, 1);
    const renamed = await updateTenant(deps)(anActor(), { name: 'Acme Dólar' }, 2);

    // Assess
    expect(allowed).toMatchObject({ currency: 'USD', allowForeignCurrency: true, version: 2 });
    expect(await deps.tenants.get('tenant-a')).toMatchObject({ name: 'Acme Dólar', currency: 'USD', allowForeignCurrency: true, version: 3 });
    expect(renamed.version).toBe(3);
  });

  it('lets a tenant stored with a foreign currency before the rule change its other settings', async () => {
    // Prepare
    const deps = await setup();
    await deps.tenants.createIfAbsent(aTenant({ id: 'legacy', country: 'MX', currency: 'USD' }));

    // Act
    const renamed = await updateTenant(deps)(anActor({ tenantId: 'legacy' }), { mailHour: 7 }, 1);
    const refused = await updateTenant(deps)(anActor({ tenantId: 'legacy' }), { currency: 'CLP' }, 2).catch((e: unknown) => e);

    // Assess
    expect(renamed).toMatchObject({ mailHour: 7, currency: 'USD', version: 2 });
    expect(refused).toMatchObject({ details: { errors: [{ params: { country: 'MX', currencies: ['MXN'] } }] } });
  });

  it.each(belowCompanyLevel)('is forbidden at level %i before any currency is judged', async (accessLevel) => {
    const deps = await setup();
    await expect(updateTenant(deps)(anActor({ accessLevel }), { currency: 'USD' }, 1)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('currencyMinorUnits', () => {
  it.each([
    ['CLP', 0],
    ['CLF', 4],
    ['USD', 2],
  ] as const)('gives %s %i decimals', (currency, decimals) => {
    expect(currencyMinorUnits[currency]).toBe(decimals);
  });
});
