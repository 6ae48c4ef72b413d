import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { TenantOperatorResult } from '../../functions/operator/tenant-operator.handler.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const operator = (await import('../../functions/operator/tenant-operator.handler.ts')).handler;
const workspace = (await import('../../functions/http/workspace-api.handler.ts')).handler;
const deps = testDeps();

const run = (payload: Record<string, unknown>) =>
  operator(
    { action: 'create', tenantId: `cur-${ulid().toLowerCase()}`, name: 'Ferretería Sur', adminEmail: 'ana@sur.cl', operator: 'ops@cobranza.test', ...payload },
    contextOf('tenant-operator'),
  ) as Promise<TenantOperatorResult>;
const patchTenant = (as: TestUser, body: Record<string, unknown>, version: number, lang = 'es') =>
  workspace(
    httpEvent({ routeKey: 'PATCH /v1/tenant', as, body, headers: { 'if-match': `"${version}"`, 'accept-language': lang } }),
    contextOf('workspace-api'),
  );
const readTenant = async (as: TestUser) => json(await workspace(httpEvent({ routeKey: 'GET /v1/tenant', as }), contextOf('workspace-api')));

describe("a tenant's currency is one its country uses (PATCH /v1/tenant)", () => {
  it("answers 400 naming the country's currencies, in Spanish and English, and keeps the tenant", async () => {
    const { admin } = await newTenant(deps);
    const es = await patchTenant(admin, { currency: 'USD' }, 1);
    const en = await patchTenant(admin, { currency: 'USD' }, 1, 'en');
    expect(es.statusCode).toBe(400);
    expect(json(es)).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/body/currency', code: 'currency_of_country' }] });
    expect(json(es).detail).toBe(
      'La moneda «USD» no se usa en Chile: usa CLP o CLF; si tu empresa factura en otra moneda, envía también allowForeignCurrency: true',
    );
    expect(json(en).detail).toBe(
      'The currency "USD" is not used in Chile: use CLP or CLF; if your company bills in another currency, also send allowForeignCurrency: true',
    );
    expect(await readTenant(admin)).toMatchObject({ currency: 'CLP', version: 1 });
  });

  it('refuses a change of country the currency does not follow, and accepts both changed together', async () => {
    const { admin } = await newTenant(deps);
    const moved = await patchTenant(admin, { country: 'MX' }, 1);
    expect(json(moved).errors).toEqual([expect.objectContaining({ pointer: '/body/currency', code: 'currency_of_country' })]);
    expect(json(moved).detail).toMatch(/^La moneda «CLP» no se usa en México: usa MXN;/);
    const both = await patchTenant(admin, { country: 'MX', currency: 'MXN', timeZone: 'America/Mexico_City' }, 1);
    expect(both.statusCode).toBe(200);
    expect(json(both)).toMatchObject({ country: 'MX', currency: 'MXN', version: 2 });
  });

  it('accepts a foreign currency allowed explicitly, records the permission, and refuses to withdraw it while the currency is foreign', async () => {
    const { admin } = await newTenant(deps);
    const allowed = await patchTenant(admin, { currency: 'USD', allowForeignCurrency: true }, 1);
    expect(allowed.statusCode).toBe(200);
    expect(await readTenant(admin)).toMatchObject({ currency: 'USD', allowForeignCurrency: true, version: 2 });
    expect((await patchTenant(admin, { allowForeignCurrency: false }, 2)).statusCode).toBe(400);
    const back = await patchTenant(admin, { currency: 'CLF', allowForeignCurrency: false }, 2);
    expect(json(back)).toMatchObject({ currency: 'CLF', allowForeignCurrency: false, version: 3 });
  });

  it('answers 403 to a level-2 user, whatever the currency', async () => {
    const { admin } = await newTenant(deps);
    const branchHead = await newUser(deps, admin.tenantId, { accessLevel: 2, branchId: 'b' });
    expect((await patchTenant(branchHead, { currency: 'USD', allowForeignCurrency: true }, 1)).statusCode).toBe(403);
    expect(await readTenant(admin)).toMatchObject({ currency: 'CLP', version: 1 });
  });
});

describe("a tenant's currency is one its country uses (tenant-operator create)", () => {
  it("refuses a currency the country does not use, naming the country's currencies, and creates nothing", async () => {
    const result = await run({ country: 'EC', currency: 'COP', lang: 'en' });
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      code: 'validation_failed',
      errors: [
        {
          pointer: '/currency',
          code: 'currency_of_country',
          message: 'The currency "COP" is not used in Ecuador: use USD; if your company bills in another currency, also send allowForeignCurrency: true',
        },
      ],
    });
  });

  it('creates a tenant with a foreign currency when the command allows it, recorded on the tenant', async () => {
    const result = await run({ country: 'CO', currency: 'USD', allowForeignCurrency: true });
    expect(result).toMatchObject({ ok: true, tenant: { country: 'CO', currency: 'USD', allowForeignCurrency: true } });
    if (!result.ok || result.action !== 'create') throw new Error('not created');
    expect(await deps.tenants.get(result.tenant.id)).toMatchObject({ currency: 'USD', allowForeignCurrency: true });
  });
});
