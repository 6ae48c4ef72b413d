import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/errors.ts';
import { NewUser } from '../../domain/workspace/user.schema.ts';
import { createUser, deactivateUser, getUser, updateUser } from '../../domain/workspace/user.use-cases.ts';
import {
  FakeClock,
  InMemoryIdentityDirectory,
  InMemoryOrgUnitRepository,
  InMemoryOutboxRepository,
  InMemoryTenantRepository,
  InMemoryUserRepository,
  SequentialIds,
} from './fakes.ts';
import { aTenant, aUser, anActor, belowCompanyLevel, T0 } from './fixtures.ts';

const DEFAULT_SENDER = 'no-reply@cobranza.test';

/** Tenant A speaks Spanish and has no sender of its own; tenant B speaks English and has one. */
async function setup() {
  const outbox = new InMemoryOutboxRepository();
  const deps = {
    tenants: new InMemoryTenantRepository(),
    users: new InMemoryUserRepository(outbox),
    orgUnits: new InMemoryOrgUnitRepository(),
    directory: new InMemoryIdentityDirectory(),
    outbox,
    clock: new FakeClock(T0),
    ids: new SequentialIds('new'),
    defaultSender: DEFAULT_SENDER,
  };
  await deps.tenants.createIfAbsent(aTenant({ id: 'tenant-a', name: 'Acme', locale: 'es' }));
  await deps.tenants.createIfAbsent(aTenant({ id: 'tenant-b', name: 'Beta', locale: 'en', senderEmail: 'hola@beta.test' }));
  for (const admin of [
    aUser({ id: 'admin-a', tenantId: 'tenant-a', email: 'admin@acme.test' }),
    aUser({ id: 'admin-b', tenantId: 'tenant-b', email: 'admin@beta.test' }),
  ]) {
    await deps.users.create(admin);
    await deps.directory.register(admin);
  }
  const unit = { version: 1, createdAt: T0, updatedAt: T0 };
  await deps.orgUnits.create({ id: 'branch-a', tenantId: 'tenant-a', kind: 'branch', name: 'Casa Matriz', ...unit });
  await deps.orgUnits.create({ id: 'dept-a', tenantId: 'tenant-a', kind: 'department', name: 'Cobranza', ...unit });
  await deps.orgUnits.create({ id: 'branch-b', tenantId: 'tenant-b', kind: 'branch', name: 'Central', ...unit });
  deps.directory.calls.length = 0;
  return deps;
}

const adminA = anActor({ tenantId: 'tenant-a', userId: 'admin-a' });
const adminB = anActor({ tenantId: 'tenant-b', userId: 'admin-b' });
const ana = (overrides: Record<string, unknown> = {}) =>
  NewUser.parse({ email: 'ana@acme.test', name: 'Ana', accessLevel: 3, departmentId: 'dept-a', ...overrides });

describe('createUser', () => {
  it.each(belowCompanyLevel)('is forbidden at access level %i and creates nothing', async (accessLevel) => {
    // Prepare
    const deps = await setup();

    // Act
    const attempt = createUser(deps)(anActor({ accessLevel }), ana());

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'forbidden' });
    expect(await deps.users.findByEmail('tenant-a', 'ana@acme.test')).toBeUndefined();
    expect(deps.directory.calls).toEqual([]);
    expect(deps.outbox.all()).toEqual([]);
  });

  it('stores an active user with the e-mail lower-cased and each permission once', async () => {
    // Prepare
    const deps = await setup();
    const input = NewUser.parse({
      email: 'Ana.Perez@ACME.test',
      name: 'Ana Pérez',
      accessLevel: 2,
      branchId: 'branch-a',
      departmentId: 'dept-a',
      permissions: ['imports.run', 'clients.mass_update', 'imports.run'],
    });

    // Act
    const user = await createUser(deps)(adminA, input);

    // Assess
    expect(user).toEqual({
      id: 'new-0001',
      tenantId: 'tenant-a',
      email: 'ana.perez@acme.test',
      name: 'Ana Pérez',
      accessLevel: 2,
      branchId: 'branch-a',
      departmentId: 'dept-a',
      permissions: ['imports.run', 'clients.mass_update'],
      status: 'active',
      version: 1,
      createdAt: T0,
      updatedAt: T0,
      createdBy: 'admin-a',
      updatedBy: 'admin-a',
    });
    expect(await deps.users.get('tenant-a', user.id)).toEqual(user);
    expect(deps.directory.identities.get(user.id)).toMatchObject({ email: 'ana.perez@acme.test' });
  });

  it.each([
    ['/branchId', { branchId: 'branch-missing' }],
    ['/branchId', { branchId: 'branch-b' }], // exists, but in another tenant
    ['/departmentId', { departmentId: 'dept-missing' }],
  ])('answers validation_failed at %s for an org unit the tenant does not have (%o)', async (pointer, refs) => {
    // Prepare
    const deps = await setup();

    // Act
    const error = await createUser(deps)(adminA, ana(refs)).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'validation_failed', details: { errors: [expect.objectContaining({ pointer, code: 'unknown_reference' })] } });
    expect(await deps.users.findByEmail('tenant-a', 'ana@acme.test')).toBeUndefined();
    expect(deps.directory.calls).toEqual([]);
    expect(deps.outbox.all()).toEqual([]);
  });

  it('enqueues exactly one welcome e-mail to the new user, in Spanish, from the platform sender when the tenant has none', async () => {
    // Prepare
    const deps = await setup();

    // Act
    const user = await createUser(deps)(adminA, ana());

    // Assess
    const queued = deps.outbox.all();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      tenantId: 'tenant-a',
      kind: 'user.invited',
      to: ['ana@acme.test'],
      from: DEFAULT_SENDER,
      status: 'pending',
      attempts: 0,
      dueAt: T0,
      version: 1,
    });
    expect(queued[0]!.subject).toMatch(/bienvenida/i);
    expect(queued[0]!.text).toContain(user.email);
  });

  it("writes the welcome e-mail in English from the tenant's own sender when the tenant has one", async () => {
    // Prepare
    const deps = await setup();

    // Act
    await createUser(deps)(adminB, ana({ email: 'bob@beta.test', name: 'Bob', accessLevel: 4, departmentId: undefined }));

    // Assess
    const queued = deps.outbox.all();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ tenantId: 'tenant-b', to: ['bob@beta.test'], from: 'hola@beta.test' });
    expect(queued[0]!.subject).toContain('Welcome');
  });

  it('answers a redo of the same creation (the same ids drawn again) with the user it made, and queues no second e-mail', async () => {
    // Prepare: the first attempt committed; its answer was lost, and the keyed request is redone
    const deps = await setup();
    const first = await createUser(deps)(adminA, ana());
    deps.ids = new SequentialIds('new');

    // Act
    const redone = await createUser(deps)(adminA, ana());

    // Assess
    expect(redone).toEqual(first);
    expect(deps.users.all().filter((u) => u.email === 'ana@acme.test')).toHaveLength(1);
    expect(deps.outbox.all()).toHaveLength(1);
    expect(deps.directory.calls).toEqual([{ op: 'register', userId: first.id }]);
  });

  it('answers conflict naming the existing user when the e-mail is taken in the tenant, whatever its case', async () => {
    // Prepare
    const deps = await setup();
    const first = await createUser(deps)(adminA, ana());

    // Act
    const error = await createUser(deps)(adminA, ana({ email: 'ANA@Acme.test', name: 'Another Ana' })).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'conflict', details: { entity: 'user', field: 'email', existingId: first.id } });
    expect(deps.users.all().filter((u) => u.email === 'ana@acme.test')).toHaveLength(1);
    expect(deps.outbox.all()).toHaveLength(1);
  });

  it('removes the new sign-in identity again and queues no e-mail when the record cannot be stored', async () => {
    // Prepare: a concurrent create wins the e-mail between our check and our write
    const deps = await setup();
    const create = deps.users.createWithMessages.bind(deps.users);
    deps.users.createWithMessages = async (user, messages) => {
      await create(aUser({ id: 'seeded', tenantId: 'tenant-a', email: 'ana@acme.test' }), []);
      return create(user, messages);
    };

    // Act
    const error = await createUser(deps)(adminA, ana()).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'conflict', details: { existingId: 'seeded' } });
    expect(deps.directory.calls).toEqual([
      { op: 'register', userId: 'new-0001' },
      { op: 'unregister', userId: 'new-0001' },
    ]);
    expect(deps.directory.identities.has('new-0001')).toBe(false);
    expect(deps.outbox.all()).toEqual([]);
  });
});

describe('the org unit an access level needs', () => {
  it.each([
    [2, '/branchId', { departmentId: 'dept-a' }],
    [3, '/departmentId', { branchId: 'branch-a', departmentId: undefined }],
  ] as const)('refuses to create a level-%i user without its unit (required_for_level at %s) and writes nothing', async (accessLevel, pointer, units) => {
    // Prepare
    const deps = await setup();

    // Act
    const error = await createUser(deps)(adminA, ana({ accessLevel, ...units })).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ pointer, code: 'required_for_level', params: { level: accessLevel, rule: 'missing' } }] },
    });
    expect(await deps.users.findByEmail('tenant-a', 'ana@acme.test')).toBeUndefined();
    expect(deps.directory.calls).toEqual([]);
    expect(deps.outbox.all()).toEqual([]);
  });

  it.each([1, 4] as const)('creates a level-%i user with neither a branch nor a department', async (accessLevel) => {
    // Prepare
    const deps = await setup();

    // Act
    const user = await createUser(deps)(adminA, ana({ accessLevel, departmentId: undefined }));

    // Assess
    expect(user).toMatchObject({ accessLevel, version: 1 });
    expect(user).not.toHaveProperty('branchId');
    expect(user).not.toHaveProperty('departmentId');
  });

  it.each([
    ['removing the department of a level-3 user', {}, { departmentId: null }, '/departmentId', 'removed'],
    ['removing the branch of a level-2 user', { accessLevel: 2, branchId: 'branch-a' }, { branchId: null }, '/branchId', 'removed'],
    ['raising a level-4 user without a branch to level 2', { accessLevel: 4 }, { accessLevel: 2 }, '/branchId', 'missing'],
    [
      'moving a level-2 user to level 3 and removing its department together',
      { accessLevel: 2, branchId: 'branch-a' },
      { accessLevel: 3, departmentId: null },
      '/departmentId',
      'removed',
    ],
  ] as const)('refuses %s and keeps the stored user', async (_what, created, patch, pointer, rule) => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana(created));
    deps.directory.calls.length = 0;

    // Act
    const error = await updateUser(deps)(adminA, user.id, patch, 1).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'validation_failed', details: { errors: [{ pointer, code: 'required_for_level', params: { rule } }] } });
    expect(await deps.users.get('tenant-a', user.id)).toEqual(user);
    expect(deps.directory.calls).toEqual([]);
  });

  it('accepts a level change that brings its unit in the same patch', async () => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana({ accessLevel: 4, departmentId: undefined }));

    // Act
    const updated = await updateUser(deps)(adminA, user.id, { accessLevel: 2, branchId: 'branch-a' }, 1);

    // Assess
    expect(updated).toMatchObject({ accessLevel: 2, branchId: 'branch-a', version: 2 });
  });

  it('lets a level-4 user lose a department it no longer needs', async () => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana({ accessLevel: 4 }));

    // Act
    const updated = await updateUser(deps)(adminA, user.id, { departmentId: null }, 1);

    // Assess
    expect(updated).not.toHaveProperty('departmentId');
  });

  describe('a user stored before the rule (level 3, no department)', () => {
    async function legacy() {
      const deps = await setup();
      const user = aUser({ id: 'legacy', tenantId: 'tenant-a', email: 'legacy@acme.test', accessLevel: 3, status: 'active' });
      await deps.users.create(user);
      return { deps, user };
    }

    it.each([
      ['renamed', { name: 'Renombrada' }],
      ['deactivated', { status: 'inactive' as const }],
      ['given other permissions', { permissions: ['imports.run' as const] }],
    ])('can still be %s without fixing it first', async (_what, patch) => {
      // Prepare
      const { deps, user } = await legacy();

      // Act
      const updated = await updateUser(deps)(adminA, user.id, patch, 1);

      // Assess
      expect(updated).toMatchObject({ ...patch, accessLevel: 3, version: 2 });
    });

    it('is refused a change of branch that leaves it without a department, with the field to fix', async () => {
      // Prepare
      const { deps, user } = await legacy();

      // Act
      const error = await updateUser(deps)(adminA, user.id, { branchId: 'branch-a' }, 1).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ details: { errors: [{ pointer: '/departmentId', code: 'required_for_level', params: { rule: 'missing' } }] } });
    });

    it('is refused reactivation until it has a department, then reactivated with one', async () => {
      // Prepare
      const { deps, user } = await legacy();
      await updateUser(deps)(adminA, user.id, { status: 'inactive' }, 1);

      // Act
      const refused = await updateUser(deps)(adminA, user.id, { status: 'active' }, 2).catch((e: unknown) => e);
      const fixed = await updateUser(deps)(adminA, user.id, { status: 'active', departmentId: 'dept-a' }, 2);

      // Assess
      expect(refused).toMatchObject({ details: { errors: [{ pointer: '/departmentId', code: 'required_for_level' }] } });
      expect(fixed).toMatchObject({ status: 'active', departmentId: 'dept-a', version: 3 });
    });
  });
});

describe('getUser', () => {
  it('returns a user of the actor’s tenant', async () => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana());

    // Act
    const found = await getUser(deps)(adminA, user.id);

    // Assess
    expect(found).toEqual(user);
  });

  it('answers not_found for a user of another tenant', async () => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana());

    // Act
    const attempt = getUser(deps)(adminB, user.id);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'not_found', details: { entity: 'user', id: user.id } });
  });
});

describe('updateUser', () => {
  it.each(belowCompanyLevel)('is forbidden at access level %i', async (accessLevel) => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana());

    // Act
    const attempt = updateUser(deps)(anActor({ accessLevel, userId: 'someone' }), user.id, { name: 'Renamed' }, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'forbidden' });
    expect(await deps.users.get('tenant-a', user.id)).toMatchObject({ name: 'Ana', version: 1 });
  });

  it('answers not_found for a user of another tenant and leaves it unchanged', async () => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana());

    // Act
    const attempt = updateUser(deps)(adminB, user.id, { name: 'Taken over' }, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'not_found' });
    expect(await deps.users.get('tenant-a', user.id)).toMatchObject({ name: 'Ana', version: 1 });
  });

  it('applies the patch, bumps the version, records who and when, and syncs the identity', async () => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana());
    deps.clock.advance(5_000);

    // Act
    const updated = await updateUser(deps)(adminA, user.id, { name: 'Ana María', permissions: ['imports.run', 'imports.run'] }, 1);

    // Assess
    const expected = {
      name: 'Ana María',
      permissions: ['imports.run'],
      version: 2,
      updatedAt: '2026-03-02T12:00:05.000Z',
      updatedBy: 'admin-a',
      createdAt: T0,
    };
    expect(updated).toMatchObject(expected);
    expect(await deps.users.get('tenant-a', user.id)).toMatchObject(expected);
    expect(deps.directory.identities.get(user.id)).toMatchObject({ name: 'Ana María', version: 2 });
  });

  it('keeps the version and writes no record when nothing changes, but still re-syncs the identity', async () => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana({ branchId: 'branch-a', permissions: ['imports.run'] }));
    deps.clock.advance(5_000);
    deps.directory.calls.length = 0;

    // Act
    const same = await updateUser(deps)(adminA, user.id, { name: 'Ana', branchId: 'branch-a', permissions: ['imports.run', 'imports.run'] }, 1);

    // Assess
    expect(same).toEqual(user);
    expect(await deps.users.get('tenant-a', user.id)).toEqual(user);
    expect(deps.directory.calls).toEqual([{ op: 'sync', userId: user.id }]);
  });

  it('clears a field patched with null', async () => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana({ branchId: 'branch-a', mailbox: 'ana.box@acme.test' }));

    // Act
    const updated = await updateUser(deps)(adminA, user.id, { branchId: null }, 1);

    // Assess
    expect(updated).not.toHaveProperty('branchId');
    expect(updated.mailbox).toBe('ana.box@acme.test');
    expect(await deps.users.get('tenant-a', user.id)).not.toHaveProperty('branchId');
  });

  it('answers validation_failed at /branchId when moving a user to a branch the tenant does not have', async () => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana());

    // Act
    const attempt = updateUser(deps)(adminA, user.id, { branchId: 'branch-b' }, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'validation_failed', details: { errors: [expect.objectContaining({ pointer: '/branchId' })] } });
    expect(await deps.users.get('tenant-a', user.id)).not.toHaveProperty('branchId');
  });

  it('rejects a stale version with version_mismatch and keeps the newer record', async () => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana());
    await updateUser(deps)(adminA, user.id, { name: 'First edit' }, 1);

    // Act
    const attempt = updateUser(deps)(adminA, user.id, { name: 'Lost edit' }, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'version_mismatch' });
    expect(await deps.users.get('tenant-a', user.id)).toMatchObject({ name: 'First edit', version: 2 });
  });

  it.each([
    ['deactivate', { status: 'inactive' as const }],
    ['demote', { accessLevel: 2 as const }],
  ])('refuses to let an administrator %s themselves (invalid_state, self_lockout)', async (_what, patch) => {
    // Prepare
    const deps = await setup();

    // Act
    const attempt = updateUser(deps)(adminA, 'admin-a', patch, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'self_lockout' } });
    expect(await deps.users.get('tenant-a', 'admin-a')).toMatchObject({ status: 'active', accessLevel: 1, version: 1 });
    expect(deps.directory.calls).toEqual([]);
  });

  it('lets an administrator edit their own name', async () => {
    // Prepare
    const deps = await setup();

    // Act
    const updated = await updateUser(deps)(adminA, 'admin-a', { name: 'Boss', accessLevel: 1 }, 1);

    // Assess
    expect(updated).toMatchObject({ name: 'Boss', accessLevel: 1, version: 2 });
  });
});

describe('deactivateUser', () => {
  it('sets the status to inactive, bumps the version and disables the identity', async () => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana());

    // Act
    const deactivated = await deactivateUser(deps)(adminA, user.id, 1);

    // Assess
    expect(deactivated).toMatchObject({ status: 'inactive', version: 2 });
    expect(await deps.users.get('tenant-a', user.id)).toMatchObject({ status: 'inactive', version: 2 });
    expect(deps.directory.identities.get(user.id)).toMatchObject({ status: 'inactive' });
  });

  it('refuses an administrator deactivating themselves', async () => {
    // Prepare
    const deps = await setup();

    // Act
    const attempt = deactivateUser(deps)(adminA, 'admin-a', 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'self_lockout' } });
    expect(await deps.users.get('tenant-a', 'admin-a')).toMatchObject({ status: 'active' });
  });

  it('rejects a stale version with version_mismatch and leaves the user active', async () => {
    // Prepare
    const deps = await setup();
    const user = await createUser(deps)(adminA, ana());
    await updateUser(deps)(adminA, user.id, { name: 'Edited' }, 1);

    // Act
    const attempt = deactivateUser(deps)(adminA, user.id, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'version_mismatch' });
    expect(await deps.users.get('tenant-a', user.id)).toMatchObject({ status: 'active', version: 2 });
  });
});
