import { beforeAll, describe, expect, it } from 'vitest';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/workspace-api.handler.ts');
const call = (input: Parameters<typeof httpEvent>[0]) => handler(httpEvent(input), contextOf('workspace-api'));

const deps = testDeps();
let admin: TestUser;
let otherAdmin: TestUser;
let branchId: string;
let departmentId: string;
let foreignBranchId: string;

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: otherAdmin } = await newTenant(deps));
  branchId = json(await call({ routeKey: 'POST /v1/branches', as: admin, body: { name: 'Casa Matriz' } })).id;
  departmentId = json(await call({ routeKey: 'POST /v1/departments', as: admin, body: { name: 'Cobranza' } })).id;
  foreignBranchId = json(await call({ routeKey: 'POST /v1/branches', as: otherAdmin, body: { name: 'Ajena' } })).id;
});

let seq = 0;
const createUser = (body: Record<string, unknown>, lang = 'es') =>
  call({
    routeKey: 'POST /v1/users',
    as: admin,
    body: { email: `u${++seq}@units.test`, name: `Usuario ${seq}`, ...body },
    headers: { 'accept-language': lang },
  });
const patchUser = (id: string, body: Record<string, unknown>, version: number, as = admin) =>
  call({ routeKey: 'PATCH /v1/users/{userId}', as, pathParameters: { userId: id }, body, headers: { 'if-match': `"${version}"` } });

describe('a level-2 user needs a branch, a level-3 user a department', () => {
  it('refuses to create a level-2 user without a branch: 400 naming the field, in Spanish and English', async () => {
    const es = await createUser({ accessLevel: 2 });
    const en = await createUser({ accessLevel: 2 }, 'en');
    expect(es.statusCode).toBe(400);
    expect(json(es)).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/body/branchId', code: 'required_for_level' }] });
    expect(json(es).detail).toBe(
      'Falta la sucursal: un usuario de nivel 2 (sucursal) solo ve los clientes de su sucursal; indícala (GET /v1/branches) o elige otro nivel de acceso',
    );
    expect(json(en).detail).toBe(
      'The branch is missing: a user of access level 2 (branch) only sees the clients of their branch; give one (GET /v1/branches) or choose another access level',
    );
    const listed = json(await call({ routeKey: 'GET /v1/users', as: admin, query: { status: 'all' } }));
    expect(listed.items.map((u: { accessLevel: number }) => u.accessLevel)).not.toContain(2);
  });

  it('refuses to create a level-3 user without a department, even with a branch', async () => {
    const result = await createUser({ accessLevel: 3, branchId });
    expect(result.statusCode).toBe(400);
    expect(json(result).errors).toEqual([expect.objectContaining({ pointer: '/body/departmentId', code: 'required_for_level' })]);
    expect(json(result).detail).toMatch(/^Falta el departamento: un usuario de nivel 3 \(departamento\)/);
  });

  it("refuses another tenant's branch as the branch a level-2 user needs", async () => {
    const result = await createUser({ accessLevel: 2, branchId: foreignBranchId });
    expect(result.statusCode).toBe(400);
    expect(json(result).errors).toEqual([expect.objectContaining({ pointer: '/body/branchId', code: 'unknown_reference' })]);
  });

  it('refuses a PATCH that removes the branch of a level-2 user or raises a user to level 3 without a department', async () => {
    const created = json(await createUser({ accessLevel: 2, branchId }));
    const removed = await patchUser(created.id, { branchId: null }, 1);
    expect(removed.statusCode).toBe(400);
    expect(json(removed)).toMatchObject({ errors: [{ pointer: '/body/branchId', code: 'required_for_level' }] });
    expect(json(removed).detail).toMatch(/^No se puede quitar la sucursal: un usuario de nivel 2/);
    const raised = await patchUser(created.id, { accessLevel: 3 }, 1);
    expect(raised.statusCode).toBe(400);
    expect(json(raised).errors).toEqual([expect.objectContaining({ pointer: '/body/departmentId', code: 'required_for_level' })]);
    const stored = json(await call({ routeKey: 'GET /v1/users/{userId}', as: admin, pathParameters: { userId: created.id } }));
    expect(stored).toMatchObject({ accessLevel: 2, branchId, version: 1 });

    const moved = await patchUser(created.id, { accessLevel: 3, departmentId, branchId: null }, 1);
    expect(moved.statusCode).toBe(200);
    expect(json(moved)).toMatchObject({ accessLevel: 3, departmentId, version: 2 });
    expect(json(moved)).not.toHaveProperty('branchId');
  });

  it('keeps a user stored before the rule editable, and asks for its unit when its level or units change', async () => {
    const legacy = await newUser(deps, admin.tenantId, { accessLevel: 2, name: 'Antigua' });
    const renamed = await patchUser(legacy.id, { name: 'Antigua Renombrada' }, 1);
    expect(renamed.statusCode).toBe(200);
    const touched = await patchUser(legacy.id, { departmentId }, 2);
    expect(touched.statusCode).toBe(400);
    expect(json(touched).errors).toEqual([expect.objectContaining({ pointer: '/body/branchId', code: 'required_for_level' })]);
    const fixed = await patchUser(legacy.id, { branchId }, 2);
    expect(json(fixed)).toMatchObject({ accessLevel: 2, branchId, version: 3 });
  });

  it('answers 403 to a level-2 caller before looking at the body, and 404 for a user of another tenant', async () => {
    const branchBoss = await newUser(deps, admin.tenantId, { accessLevel: 2, branchId, permissions: ['users.manage'] });
    const created = json(await createUser({ accessLevel: 2, branchId }));
    expect((await patchUser(created.id, { branchId: null }, 1, branchBoss)).statusCode).toBe(403);
    expect((await patchUser(created.id, { branchId: null }, 1, otherAdmin)).statusCode).toBe(404);
  });
});
