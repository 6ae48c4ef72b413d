import { beforeAll, describe, expect, it } from 'vitest';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

/**
 * A user's clients follow the user (issue 7): deactivating a user who still holds clients says how
 * many per role and how to reassign them, unless the caller proceeds; moving a user to another
 * department moves the level-3 visibility of every client they hold.
 */
const clients = (await import('../../functions/http/clients-api.handler.ts')).handler;
const workspace = (await import('../../functions/http/workspace-api.handler.ts')).handler;
const callClients = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  clients(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));
const callWorkspace = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  workspace(httpEvent({ routeKey, as, ...extra }), contextOf('workspace-api'));

const deps = testDeps();
const at = new Date().toISOString();
let admin: TestUser;

async function user(id: string, accessLevel: 1 | 2 | 3 | 4, departmentId?: string) {
  const u = { tenantId: admin.tenantId, id, email: `${id}@${admin.tenantId}.test`, accessLevel, permissions: [], ...(departmentId ? { departmentId } : {}) };
  await deps.users.create({ ...u, name: id, status: 'active', version: 1, createdAt: at, updatedAt: at, createdBy: 't', updatedBy: 't' });
  return u as TestUser;
}
const newClient = async (body: Record<string, unknown>) => {
  const res = await callClients('POST /v1/clients', admin, { body: { personType: 'other', ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as { id: string };
};
const names = async (as: TestUser) =>
  (json(await callClients('GET /v1/clients', as, { query: { limit: '100' } })).items as Array<{ displayName: string }>).map((c) => c.displayName);

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  for (const [kind, id] of [
    ['department', 'd1'],
    ['department', 'd2'],
  ] as const) {
    await deps.orgUnits.create({ tenantId: admin.tenantId, kind, id, name: id, version: 1, createdAt: at, updatedAt: at });
  }
});

describe('deactivating a user who holds clients', () => {
  it('answers 409 with the count per role and how to reassign, and deactivates with proceed=true', async () => {
    const seller = await user('holder', 4);
    await newClient({ name: 'Uno', email: 'uno@h.test', sellerId: seller.id });
    await newClient({ name: 'Dos', email: 'dos@h.test', sellerId: seller.id, collectorId: seller.id });
    await newClient({ name: 'Tres', email: 'tres@h.test', agentId: seller.id });

    const refused = await callWorkspace('DELETE /v1/users/{userId}', admin, { pathParameters: { userId: seller.id }, headers: { 'if-match': '"1"' } });
    expect(refused.statusCode).toBe(409);
    const problem = json(refused);
    expect(problem).toMatchObject({ code: 'invalid_state', reason: 'user_holds_clients', clients: { seller: 2, collector: 1, agent: 1 } });
    expect(problem.detail).toBe(
      'El usuario aún es vendedor de 2 clientes, recaudador de 1 cliente y agente preferido de 1 cliente; ' +
        'reasígnalos (POST /v1/agents/reassign o una actualización masiva) o confirma la desactivación con ?proceed=true',
    );
    expect((await deps.users.get(admin.tenantId, seller.id))?.status).toBe('active');

    const viaPatch = await callWorkspace('PATCH /v1/users/{userId}', admin, {
      pathParameters: { userId: seller.id },
      headers: { 'if-match': '"1"', 'accept-language': 'en' },
      body: { status: 'inactive' },
    });
    expect(viaPatch.statusCode).toBe(409);
    expect(json(viaPatch).detail).toMatch(/^The user is still the seller of 2 clients, the collector of 1 client and the preferred agent of 1 client;/);

    const done = await callWorkspace('DELETE /v1/users/{userId}', admin, {
      pathParameters: { userId: seller.id },
      headers: { 'if-match': '"1"' },
      query: { proceed: 'true' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(json(done).status).toBe('inactive');
  });

  it('deactivates at once a user who holds no client', async () => {
    const idle = await user('idle', 4);
    const res = await callWorkspace('DELETE /v1/users/{userId}', admin, { pathParameters: { userId: idle.id }, headers: { 'if-match': '"1"' } });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('moving a user to another department', () => {
  it('moves the level-3 visibility of every client the user holds, and nothing else', async () => {
    const mover = await user('mover', 4, 'd1');
    const stay = await user('stay', 4, 'd1');
    const headD1 = await user('head-d1', 3, 'd1');
    const headD2 = await user('head-d2', 3, 'd2');
    await newClient({ name: 'Arce', email: 'arce@m.test', collectorId: mover.id });
    await newClient({ name: 'Boldo', email: 'boldo@m.test', sellerId: mover.id, collectorId: stay.id });
    await newClient({ name: 'Coihue', email: 'coihue@m.test', sellerId: stay.id });
    expect(await names(headD1)).toEqual(['Arce', 'Boldo', 'Coihue']);
    expect(await names(headD2)).toEqual([]);

    const moved = await callWorkspace('PATCH /v1/users/{userId}', admin, {
      pathParameters: { userId: mover.id },
      headers: { 'if-match': '"1"' },
      body: { departmentId: 'd2' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    // Boldo stays in d1 through its other assignee; Arce only had the mover.
    expect(await names(headD1)).toEqual(['Boldo', 'Coihue']);
    expect(await names(headD2)).toEqual(['Arce', 'Boldo']);
    const boldo = (json(await callClients('GET /v1/clients', admin, { query: { name: 'boldo' } })).items as Array<Record<string, unknown>>)[0]!;
    expect(boldo.assignedDepartmentIds).toEqual(['d1', 'd2']);
    expect(boldo.version).toBe(1); // bookkeeping, not a change of the client's data
  });
});
