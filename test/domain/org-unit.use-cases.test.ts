import { describe, expect, it } from 'vitest';
import { createOrgUnit, deleteOrgUnit, getOrgUnit, listOrgUnits, renameOrgUnit } from '../../domain/workspace/org-unit.use-cases.ts';
import { FakeClock, InMemoryOrgUnitRepository, InMemoryUserRepository, SequentialIds } from './fakes.ts';
import { aUser, anActor, belowCompanyLevel, T0 } from './fixtures.ts';

function setup() {
  return { orgUnits: new InMemoryOrgUnitRepository(), users: new InMemoryUserRepository(), clock: new FakeClock(T0), ids: new SequentialIds('unit') };
}

const admin = anActor({ tenantId: 'tenant-a' });
const otherTenantAdmin = anActor({ tenantId: 'tenant-b', userId: 'admin-b' });

describe('createOrgUnit', () => {
  it('stores a branch of the actor’s tenant at version 1', async () => {
    // Prepare
    const deps = setup();

    // Act
    const unit = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });

    // Assess
    const expected = { id: 'unit-0001', tenantId: 'tenant-a', kind: 'branch', name: 'Casa Matriz', version: 1, createdAt: T0, updatedAt: T0 };
    expect(unit).toEqual(expected);
    expect(await deps.orgUnits.get('tenant-a', 'branch', unit.id)).toEqual(expected);
  });

  it.each(belowCompanyLevel)('is forbidden at access level %i and stores nothing', async (accessLevel) => {
    // Prepare
    const deps = setup();

    // Act
    const attempt = createOrgUnit(deps)(anActor({ accessLevel }), 'branch', { name: 'Casa Matriz' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'forbidden' });
    expect(deps.orgUnits.all()).toEqual([]);
  });

  it.each(['casa matriz', 'CASA MATRÍZ', '  Casa   Matriz '])(
    'answers conflict naming the holder when a branch is named %j after "Casa Matriz"',
    async (name) => {
      // Prepare
      const deps = setup();
      const first = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });

      // Act
      const attempt = createOrgUnit(deps)(admin, 'branch', { name });

      // Assess
      await expect(attempt).rejects.toMatchObject({ code: 'conflict', details: { field: 'name', existingId: first.id } });
      expect(deps.orgUnits.all()).toHaveLength(1);
    },
  );

  it('lets a department share the name of a branch', async () => {
    // Prepare
    const deps = setup();
    await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });

    // Act
    const department = await createOrgUnit(deps)(admin, 'department', { name: 'Casa Matriz' });

    // Assess
    expect(await deps.orgUnits.get('tenant-a', 'department', department.id)).toMatchObject({ kind: 'department', name: 'Casa Matriz' });
  });

  it('lets another tenant use the same branch name', async () => {
    // Prepare
    const deps = setup();
    await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });

    // Act
    const unit = await createOrgUnit(deps)(otherTenantAdmin, 'branch', { name: 'Casa Matriz' });

    // Assess
    expect(unit.tenantId).toBe('tenant-b');
    expect(deps.orgUnits.all()).toHaveLength(2);
  });
});

describe('getOrgUnit and listOrgUnits', () => {
  it('answers not_found for a unit of another tenant', async () => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });

    // Act
    const attempt = getOrgUnit(deps)(otherTenantAdmin, 'branch', unit.id);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists the units of one kind page by page, without repeats', async () => {
    // Prepare
    const deps = setup();
    for (const name of ['Norte', 'Sur', 'Centro']) await createOrgUnit(deps)(admin, 'branch', { name });
    await createOrgUnit(deps)(admin, 'department', { name: 'Ventas' });
    await createOrgUnit(deps)(otherTenantAdmin, 'branch', { name: 'Oeste' });

    // Act
    const first = await listOrgUnits(deps)(admin, 'branch', { limit: 2 });
    const second = await listOrgUnits(deps)(admin, 'branch', { limit: 2, cursor: first.cursor });

    // Assess
    expect(first.items.map((u) => u.name)).toEqual(['Norte', 'Sur']);
    expect(first.cursor).toEqual(expect.any(String));
    expect(second.items.map((u) => u.name)).toEqual(['Centro']);
    expect(second.cursor).toBeUndefined();
  });
});

describe('renameOrgUnit', () => {
  it('renames, bumps the version and stamps updatedAt', async () => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });
    deps.clock.advance(1_000);

    // Act
    const renamed = await renameOrgUnit(deps)(admin, 'branch', unit.id, { name: 'Oficina Central' }, 1);

    // Assess
    const expected = { name: 'Oficina Central', version: 2, createdAt: T0, updatedAt: '2026-03-02T12:00:01.000Z' };
    expect(renamed).toMatchObject(expected);
    expect(await deps.orgUnits.get('tenant-a', 'branch', unit.id)).toMatchObject(expected);
  });

  it.each(belowCompanyLevel)('is forbidden at access level %i', async (accessLevel) => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });

    // Act
    const attempt = renameOrgUnit(deps)(anActor({ accessLevel }), 'branch', unit.id, { name: 'Otra' }, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'forbidden' });
    expect(await deps.orgUnits.get('tenant-a', 'branch', unit.id)).toMatchObject({ name: 'Casa Matriz', version: 1 });
  });

  it('answers conflict when the new name folds to another branch’s name', async () => {
    // Prepare
    const deps = setup();
    const matriz = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });
    const norte = await createOrgUnit(deps)(admin, 'branch', { name: 'Norte' });

    // Act
    const attempt = renameOrgUnit(deps)(admin, 'branch', norte.id, { name: 'casa matriz' }, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'conflict', details: { existingId: matriz.id } });
    expect(await deps.orgUnits.get('tenant-a', 'branch', norte.id)).toMatchObject({ name: 'Norte', version: 1 });
  });

  it('lets a unit change only the case of its own name', async () => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'branch', { name: 'casa matriz' });

    // Act
    const renamed = await renameOrgUnit(deps)(admin, 'branch', unit.id, { name: 'Casa Matriz' }, 1);

    // Assess
    expect(renamed).toMatchObject({ name: 'Casa Matriz', version: 2 });
  });

  it('keeps the version and writes nothing when the name is the one it has', async () => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'department', { name: 'Cobranza' });
    deps.clock.advance(1_000);

    // Act
    const same = await renameOrgUnit(deps)(admin, 'department', unit.id, { name: 'Cobranza' }, 1);

    // Assess
    expect(same).toEqual(unit);
    expect(await deps.orgUnits.get('tenant-a', 'department', unit.id)).toEqual(unit);
  });

  it('rejects a stale version with version_mismatch', async () => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });
    await renameOrgUnit(deps)(admin, 'branch', unit.id, { name: 'Primera' }, 1);

    // Act
    const attempt = renameOrgUnit(deps)(admin, 'branch', unit.id, { name: 'Segunda' }, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'version_mismatch' });
    expect(await deps.orgUnits.get('tenant-a', 'branch', unit.id)).toMatchObject({ name: 'Primera', version: 2 });
  });
});

describe('deleteOrgUnit', () => {
  it('removes a unit no user belongs to', async () => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });

    // Act
    await deleteOrgUnit(deps)(admin, 'branch', unit.id, 1);

    // Assess
    expect(await deps.orgUnits.get('tenant-a', 'branch', unit.id)).toBeUndefined();
  });

  it('frees the name of a deleted unit for a new one', async () => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });
    await deleteOrgUnit(deps)(admin, 'branch', unit.id, 1);

    // Act
    const again = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });

    // Assess
    expect(again.id).not.toBe(unit.id);
  });

  it('refuses with invalid_state, branch_in_use and the user count while users belong to the branch', async () => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });
    await deps.users.create(aUser({ id: 'u1', email: 'u1@acme.test', branchId: unit.id }));
    await deps.users.create(aUser({ id: 'u2', email: 'u2@acme.test', branchId: unit.id, status: 'inactive' }));
    await deps.users.create(aUser({ id: 'u3', email: 'u3@acme.test', departmentId: unit.id }));

    // Act
    const attempt = deleteOrgUnit(deps)(admin, 'branch', unit.id, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'branch_in_use', users: 2 } });
    expect(await deps.orgUnits.get('tenant-a', 'branch', unit.id)).toBeDefined();
  });

  it('refuses with department_in_use while users belong to the department', async () => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'department', { name: 'Cobranza' });
    await deps.users.create(aUser({ id: 'u1', email: 'u1@acme.test', departmentId: unit.id }));

    // Act
    const attempt = deleteOrgUnit(deps)(admin, 'department', unit.id, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'department_in_use', users: 1 } });
  });

  it.each(belowCompanyLevel)('is forbidden at access level %i', async (accessLevel) => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });

    // Act
    const attempt = deleteOrgUnit(deps)(anActor({ accessLevel }), 'branch', unit.id, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'forbidden' });
    expect(await deps.orgUnits.get('tenant-a', 'branch', unit.id)).toBeDefined();
  });

  it('rejects a stale version with version_mismatch and keeps the unit', async () => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });
    await renameOrgUnit(deps)(admin, 'branch', unit.id, { name: 'Matriz' }, 1);

    // Act
    const attempt = deleteOrgUnit(deps)(admin, 'branch', unit.id, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'version_mismatch' });
    expect(await deps.orgUnits.get('tenant-a', 'branch', unit.id)).toMatchObject({ name: 'Matriz' });
  });

  it('answers not_found for a unit of another tenant', async () => {
    // Prepare
    const deps = setup();
    const unit = await createOrgUnit(deps)(admin, 'branch', { name: 'Casa Matriz' });

    // Act
    const attempt = deleteOrgUnit(deps)(otherTenantAdmin, 'branch', unit.id, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'not_found' });
    expect(await deps.orgUnits.get('tenant-a', 'branch', unit.id)).toBeDefined();
  });
});
