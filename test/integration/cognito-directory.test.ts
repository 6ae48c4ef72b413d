import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/errors.ts';
import { createUser, deactivateUser } from '../../domain/workspace/user.use-cases.ts';
import { cognitoDirectory } from '../../functions/adapters/cognito/cognito-directory.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

// Cognito cannot run here: its client is mocked to inject faults; the table is the real one.
const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());
const directory = cognitoDirectory(new CognitoIdentityProviderClient({ region: 'us-east-1' }), 'pool-1');
const deps = { ...testDeps(), directory, defaultSender: 'no-reply@cobranza.test' };
const actorOf = (admin: { tenantId: string; id: string }) => ({
  tenantId: admin.tenantId,
  userId: admin.id,
  accessLevel: 1 as const,
  permissions: ['users.manage'],
});

describe('Cognito user directory', () => {
  it('creates the identity with the e-mail and the claims of the record, then stores the user', async () => {
    const { admin } = await newTenant(deps);
    const at = new Date().toISOString();
    await deps.orgUnits.create({ id: 'ventas', tenantId: admin.tenantId, kind: 'department', name: 'Ventas', version: 1, createdAt: at, updatedAt: at });
    const user = await createUser(deps)(actorOf(admin), {
      email: 'sso@acme.test',
      name: 'Sso',
      accessLevel: 3,
      departmentId: 'ventas',
      permissions: ['imports.run'],
    });
    const [call] = cognito.commandCalls(AdminCreateUserCommand);
    expect(call!.args[0].input).toMatchObject({ UserPoolId: 'pool-1', Username: user.id });
    expect(call!.args[0].input.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: 'sso@acme.test' },
        { Name: 'custom:tenant_id', Value: admin.tenantId },
        { Name: 'custom:access_level', Value: '3' },
        { Name: 'custom:permissions', Value: 'imports.run' },
      ]),
    );
    expect(await deps.users.get(admin.tenantId, user.id)).toBeDefined();
  });

  it('answers conflict and stores nothing when the e-mail already signs in elsewhere', async () => {
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('alias exists'), { name: 'AliasExistsException' }));
    const { admin } = await newTenant(deps);
    const attempt = createUser(deps)(actorOf(admin), { email: 'taken@acme.test', name: 'T', accessLevel: 4, permissions: [] });
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    expect(await deps.users.findByEmail(admin.tenantId, 'taken@acme.test')).toBeUndefined();
  });

  it("names the tenant's own holder of the e-mail and never asks the pool", async () => {
    const { admin } = await newTenant(deps);
    const input = { email: 'twice@acme.test', name: 'T', accessLevel: 4 as const, permissions: [] };
    const first = await createUser(deps)(actorOf(admin), input);
    cognito.resetHistory();
    const second = await createUser(deps)(actorOf(admin), { ...input, email: 'TWICE@acme.test' }).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 'conflict', details: { field: 'email', existingId: first.id } });
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(0);
  });

  it('removes the new identity again when the record cannot be stored', async () => {
    const { admin } = await newTenant(deps);
    const input = { email: 'race@acme.test', name: 'T', accessLevel: 4 as const, permissions: [] };
    await createUser(deps)(actorOf(admin), input);
    // A concurrent create: the holder is not yet visible to our check, but the table's guard still refuses.
    const racing = { ...deps, users: { ...deps.users, findByEmail: async () => undefined, create: deps.users.create.bind(deps.users) } };
    const second = await createUser(racing)(actorOf(admin), input).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(DomainError);
    const deleted = cognito.commandCalls(AdminDeleteUserCommand);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.args[0].input.Username).not.toBe((await deps.users.findByEmail(admin.tenantId, 'race@acme.test'))!.id);
  });

  it("takes an existing identity under the new user's own id as its own (a redone creation) and brings its claims up to date", async () => {
    // The first attempt created the identity; its answer, or the record's, was lost, and the request is redone with the same id.
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('user exists'), { name: 'UsernameExistsException' }));
    const { admin } = await newTenant(deps);
    const user = await createUser(deps)(actorOf(admin), { email: 'again@acme.test', name: 'Again', accessLevel: 4, permissions: [] });
    expect(await deps.users.get(admin.tenantId, user.id)).toBeDefined();
    const synced = cognito.commandCalls(AdminUpdateUserAttributesCommand);
    expect(synced.map((c) => c.args[0].input.Username)).toEqual([user.id]);
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(0);
  });

  it('disables the identity and signs it out everywhere when the user is deactivated', async () => {
    const { admin } = await newTenant(deps);
    const user = await createUser(deps)(actorOf(admin), { email: 'bye@acme.test', name: 'Bye', accessLevel: 4, permissions: [] });
    await deactivateUser(deps)(actorOf(admin), user.id, 1);
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminDisableUserCommand)[0]!.args[0].input.Username).toBe(user.id);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminEnableUserCommand)).toHaveLength(0);
  });

  it('signs a deactivated user out and disables them first, even when mirroring the attributes fails', async () => {
    const { admin } = await newTenant(deps);
    const user = await createUser(deps)(actorOf(admin), { email: 'stuck@acme.test', name: 'Stuck', accessLevel: 4, permissions: [] });
    cognito.on(AdminUpdateUserAttributesCommand).rejects(Object.assign(new Error('alias exists'), { name: 'AliasExistsException' }));
    const attempt = await deactivateUser(deps)(actorOf(admin), user.id, 1).catch((e: unknown) => e);
    expect(attempt).toMatchObject({ name: 'AliasExistsException' });
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'pool-1', Username: user.id });
    expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(1);
    // The record is deactivated before the directory is touched, so the API refuses the user's tokens anyway.
    expect((await deps.users.get(admin.tenantId, user.id))!.status).toBe('inactive');
  });

  it('still disables the identity when the sign-out call fails', async () => {
    const { admin } = await newTenant(deps);
    const user = await createUser(deps)(actorOf(admin), { email: 'flaky@acme.test', name: 'Flaky', accessLevel: 4, permissions: [] });
    cognito.on(AdminUserGlobalSignOutCommand).rejects(Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' }));
    await expect(deactivateUser(deps)(actorOf(admin), user.id, 1)).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect(cognito.commandCalls(AdminDisableUserCommand)[0]!.args[0].input.Username).toBe(user.id);
  });
});
