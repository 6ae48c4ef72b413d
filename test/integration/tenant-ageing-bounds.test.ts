import { describe, expect, it } from 'vitest';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

const workspace = (await import('../../functions/http/workspace-api.handler.ts')).handler;
const deps = testDeps();

const patchTenant = (as: TestUser, body: Record<string, unknown>, version: number, lang = 'es') =>
  workspace(
    httpEvent({ routeKey: 'PATCH /v1/tenant', as, body, headers: { 'if-match': `"${version}"`, 'accept-language': lang } }),
    contextOf('workspace-api'),
  );

describe("a tenant's ageing buckets (PATCH /v1/tenant ageingBounds)", () => {
  it('stores increasing bounds and reads them back', async () => {
    const { admin } = await newTenant(deps);
    const saved = await patchTenant(admin, { ageingBounds: [15, 30, 45] }, 1);
    expect(saved.statusCode).toBe(200);
    expect(json(saved)).toMatchObject({ ageingBounds: [15, 30, 45], version: 2 });
    expect((await deps.tenants.get(admin.tenantId))?.ageingBounds).toEqual([15, 30, 45]);
  });

  it.each([[[30, 30]], [[60, 30]], [[0]], [[1.5]], [[]], [Array.from({ length: 10 }, (_, i) => i + 1)], [['30']], [[4000]]])(
    'answers 400 with a stable code in Spanish and English to %j, and keeps the tenant',
    async (bounds) => {
      const { admin } = await newTenant(deps);
      const es = await patchTenant(admin, { ageingBounds: bounds }, 1);
      const en = await patchTenant(admin, { ageingBounds: bounds }, 1, 'en');
      expect(es.statusCode).toBe(400);
      expect(json(es).code).toBe('validation_failed');
      expect(json(es).errors[0].pointer).toMatch(/^\/body\/ageingBounds/);
      expect(json(es).detail).not.toBe(json(en).detail);
      expect((await deps.tenants.get(admin.tenantId))?.ageingBounds).toBeUndefined();
    },
  );
});
