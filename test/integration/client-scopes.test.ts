import { beforeAll, describe, expect, it } from 'vitest';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

/**
 * Access levels restrict the client book (issue 7): level 1 sees every client, level 2 its branch's,
 * level 3 those assigned to users of its department, level 4 its own. Outside the scope is a 404,
 * exactly as for another tenant, on every route that reads or writes a client.
 */
const { handler } = await import('../../functions/http/clients-api.handler.ts');
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  handler(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));

const deps = testDeps();
const at = new Date().toISOString();
const stamp = { version: 1, createdAt: at, updatedAt: at };

let admin: TestUser;
let branchUser: TestUser; // level 2, branch B1
let deptUser: TestUser; // level 3, department D1
let collector: TestUser; // level 4, department D1
let otherSeller: TestUser; // level 4, department D2
let stranger: TestUser; // level 2 without a branch
const ids: Record<string, string> = {};
let b1: string;
let b2: string;

async function unit(tenantId: string, kind: 'branch' | 'department', id: string) {
  await deps.orgUnits.create({ tenantId, kind, id, name: `${kind} ${id}`, ...stamp });
  return id;
}

async function user(tenantId: string, id: string, accessLevel: 1 | 2 | 3 | 4, org: { branchId?: string; departmentId?: string }, permissions: string[] = []) {
  const u = { tenantId, id, email: `${id}@${tenantId}.test`, accessLevel, permissions, ...org };
  await deps.users.create({ ...u, name: id, status: 'active', createdBy: 't', updatedBy: 't', ...stamp });
  return u as TestUser;
}

const create = async (body: Record<string, unknown>, as = admin) => {
  const res = await call('POST /v1/clients', as, { body });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as { id: string; version: number; assignedDepartmentIds?: string[] };
};

async function listNames(as: TestUser, query: Record<string, string> = {}) {
  const names: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const res = await call('GET /v1/clients', as, { query: { limit: '2', ...query, ...(cursor ? { cursor } : {}) } });
    expect(res.statusCode, res.body).toBe(200);
    const page = json(res) as { items: Array<{ displayName: string }>; cursor?: string };
    expect(page.items.length).toBeLessThanOrEqual(2);
    names.push(...page.items.map((c) => c.displayName));
    cursor = page.cursor;
    if (!cursor) return names;
  }
  throw new Error('cursor never ended');
}

beforeAll(async () => {
  const t = await newTenant(deps);
  const tenantId = t.admin.tenantId;
  admin = { ...t.admin, permissions: ['users.manage', 'clients.mass_update', 'clients.reassign_agent'] };
  b1 = await unit(tenantId, 'branch', 'b1');
  b2 = await unit(tenantId, 'branch', 'b2');
  const d1 = await unit(tenantId, 'department', 'd1');
  const d2 = await unit(tenantId, 'department', 'd2');
  branchUser = await user(tenantId, 'u-branch', 2, { branchId: b1 }, ['clients.mass_update', 'clients.reassign_agent']);
  deptUser = await user(tenantId, 'u-dept', 3, { branchId: b2, departmentId: d1 });
  collector = await user(tenantId, 'u-collector', 4, { branchId: b2, departmentId: d1 }, ['clients.mass_update']);
  otherSeller = await user(tenantId, 'u-seller', 4, { branchId: b2, departmentId: d2 });
  stranger = await user(tenantId, 'u-nobranch', 2, {});
  // Who sees what:           admin  branch(b1)  dept(d1)  collector  otherSeller
  ids.anden = (await create({ personType: 'other', name: 'Andén', email: 'a@s.test', branchId: b1, collectorId: collector.id })).id; // ✓ ✓ ✓ ✓ ·
  ids.bosque = (await create({ personType: 'other', name: 'Bosque', email: 'b@s.test', branchId: b2, sellerId: otherSeller.id })).id; // ✓ · · · ✓
  ids.cerro = (await create({ personType: 'other', name: 'Cerro', email: 'c@s.test', branchId: b1 })).id; // ✓ ✓ · · ·
  ids.delta = (await create({ personType: 'other', name: 'Delta', email: 'd@s.test', branchId: b2, agentId: collector.id, sellerId: otherSeller.id })).id; // ✓ · ✓ ✓ ✓
  ids.estero = (await create({ personType: 'other', name: 'Estero', email: 'e@s.test', sellerId: deptUser.id })).id; // ✓ · ✓ · ·
  ids.fiordo = (
    await create({ personType: 'other', name: 'Fiordo', email: 'f@s.test', sellerId: collector.id, collectorId: collector.id, agentId: collector.id })
  ).id; // ✓ · ✓ ✓ ·
});

const visible = () => ({
  admin: ['Andén', 'Bosque', 'Cerro', 'Delta', 'Estero', 'Fiordo'],
  branch: ['Andén', 'Cerro'],
  dept: ['Andén', 'Delta', 'Estero', 'Fiordo'],
  collector: ['Andén', 'Delta', 'Fiordo'],
  otherSeller: ['Bosque', 'Delta'],
});

describe('client visibility by access level', () => {
  it('records the departments of the assigned users on the client', async () => {
    const delta = json(await call('GET /v1/clients/{clientId}', admin, { pathParameters: { clientId: ids.delta! } }));
    expect(delta.assignedDepartmentIds).toEqual(['d1', 'd2']);
    expect(delta.branchId).toBe(b2);
  });

  it("lists, page by page, exactly the clients of each level's scope, each once, in name order", async () => {
    const v = visible();
    expect(await listNames(admin)).toEqual(v.admin);
    expect(await listNames(branchUser)).toEqual(v.branch);
    expect(await listNames(deptUser)).toEqual(v.dept);
    expect(await listNames(collector)).toEqual(v.collector);
    expect(await listNames(otherSeller)).toEqual(v.otherSeller);
    expect(await listNames(stranger)).toEqual([]);
  });

  it('applies filters inside the scope', async () => {
    expect(await listNames(collector, { collectorId: collector.id })).toEqual(['Andén', 'Fiordo']);
    expect(await listNames(deptUser, { sellerId: otherSeller.id })).toEqual(['Delta']);
    expect(await listNames(branchUser, { name: 'cer' })).toEqual(['Cerro']);
  });

  it('answers 404 on every client route for a client outside the scope, and 200 inside', async () => {
    const reads = [
      'GET /v1/clients/{clientId}',
      'GET /v1/clients/{clientId}/history',
      'GET /v1/clients/{clientId}/contacts',
      'GET /v1/clients/{clientId}/recipients',
      'GET /v1/clients/{clientId}/overview',
    ];
    for (const routeKey of reads) {
      const outside = await call(routeKey, collector, { pathParameters: { clientId: ids.bosque! } });
      expect(outside.statusCode, routeKey).toBe(404);
      expect(outside.headers?.['content-type']).toBe('application/problem+json');
      const inside = await call(routeKey, collector, { pathParameters: { clientId: ids.anden! } });
      expect(inside.statusCode, routeKey).toBe(200);
    }
    const writes: Array<[string, Record<string, unknown> | undefined]> = [
      ['PATCH /v1/clients/{clientId}', { observations: 'x' }],
      ['DELETE /v1/clients/{clientId}', undefined],
      ['POST /v1/clients/{clientId}/restore', undefined],
      ['POST /v1/clients/{clientId}/contacts', { type: 'billing', name: 'Pagos', email: 'p@s.test' }],
    ];
    for (const [routeKey, body] of writes) {
      const res = await call(routeKey, branchUser, { pathParameters: { clientId: ids.delta! }, headers: { 'if-match': '"1"' }, ...(body ? { body } : {}) });
      expect(res.statusCode, routeKey).toBe(404);
    }
    const after = json(await call('GET /v1/clients/{clientId}', admin, { pathParameters: { clientId: ids.delta! } }));
    expect(after.version).toBe(1);
    expect(after.observations).toBeUndefined();
  });

  it('finds by quick search only what the caller may see, exact matches included', async () => {
    const search = async (as: TestUser, q: string) =>
      (json(await call('GET /v1/clients/search', as, { query: { q } })).items as Array<{ client: { displayName: string } }>).map((h) => h.client.displayName);
    expect(await search(admin, 'b@s.test')).toEqual(['Bosque']);
    expect(await search(collector, 'b@s.test')).toEqual([]);
    expect(await search(collector, 'a')).toEqual(['Andén']);
    expect(await search(otherSeller, 'd')).toEqual(['Delta']);
  });

  it('mass-updates only clients in scope: others read as not found, a filter never reaches them', async () => {
    const byIds = json(
      await call('POST /v1/clients/mass-update', collector, {
        body: { clientIds: [ids.anden, ids.bosque], patch: { paymentTermsDays: 45 } },
      }),
    );
    expect(byIds.counts).toMatchObject({ updated: 1, not_found: 1 });
    const byFilter = json(await call('POST /v1/clients/mass-update', branchUser, { body: { filter: {}, all: true, patch: { paymentTermsDays: 15 } } }));
    expect(byFilter.total).toBe(2);
    const bosque = json(await call('GET /v1/clients/{clientId}', admin, { pathParameters: { clientId: ids.bosque! } }));
    expect(bosque.paymentTermsDays).toBeUndefined();
  });

  it("refuses a change that would take the client out of the caller's own scope, and branch moves below level 2", async () => {
    const anden = json(await call('GET /v1/clients/{clientId}', collector, { pathParameters: { clientId: ids.anden! } }));
    const handOff = await call('PATCH /v1/clients/{clientId}', collector, {
      pathParameters: { clientId: ids.anden! },
      headers: { 'if-match': `"${anden.version}"` },
      body: { collectorId: otherSeller.id },
    });
    expect(handOff.statusCode).toBe(403);
    const move = await call('PATCH /v1/clients/{clientId}', collector, {
      pathParameters: { clientId: ids.anden! },
      headers: { 'if-match': `"${anden.version}"` },
      body: { branchId: b2 },
    });
    expect(move.statusCode).toBe(403);
    const cerro = json(await call('GET /v1/clients/{clientId}', branchUser, { pathParameters: { clientId: ids.cerro! } }));
    const away = await call('PATCH /v1/clients/{clientId}', branchUser, {
      pathParameters: { clientId: ids.cerro! },
      headers: { 'if-match': `"${cerro.version}"` },
      body: { branchId: b2 },
    });
    expect(away.statusCode).toBe(403);
    const byAdmin = await call('PATCH /v1/clients/{clientId}', admin, {
      pathParameters: { clientId: ids.cerro! },
      headers: { 'if-match': `"${cerro.version}"` },
      body: { branchId: b2 },
    });
    expect(byAdmin.statusCode).toBe(200);
    expect(await listNames(branchUser)).toEqual(['Andén']);
  });

  it("gives a client created by a level-4 user that user as seller and the user's branch", async () => {
    const own = await create({ personType: 'other', name: 'Glaciar', email: 'g@s.test' }, otherSeller);
    const read = json(await call('GET /v1/clients/{clientId}', otherSeller, { pathParameters: { clientId: own.id } }));
    expect(read).toMatchObject({ sellerId: otherSeller.id, branchId: b2, assignedDepartmentIds: ['d2'] });
    const elsewhere = await call('POST /v1/clients', otherSeller, { body: { personType: 'other', name: 'Huemul', email: 'h@s.test', branchId: b1 } });
    expect(elsewhere.statusCode).toBe(403);
  });

  it('reassigns agents only on the clients the caller may see', async () => {
    const res = await call('POST /v1/agents/reassign', branchUser, { body: { moves: { [collector.id]: otherSeller.id } } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).results[collector.id].total).toBe(0); // Delta (agent u-collector) is in b2, outside b1
    const delta = json(await call('GET /v1/clients/{clientId}', admin, { pathParameters: { clientId: ids.delta! } }));
    expect(delta.agentId).toBe(collector.id);
  });
});
