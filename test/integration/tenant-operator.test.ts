import { AdminCreateUserCommand, AdminDeleteUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { Permission } from '../../domain/shared/actor.ts';
import { NewTenant } from '../../domain/workspace/tenant-provisioning.schema.ts';
import { provisionTenant } from '../../domain/workspace/tenant-provisioning.use-cases.ts';
import { cognitoDirectory } from '../../functions/adapters/cognito/cognito-directory.ts';
import { findFunction } from '../../functions/catalogue.ts';
import type { TenantOperatorResult } from '../../functions/operator/tenant-operator.handler.ts';
import { invokeFunction, projectRoot } from '../../scripts/local/handlers.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { testDeps } from '../support/tenants.ts';

const operator = (await import('../../functions/operator/tenant-operator.handler.ts')).handler;
const workspace = (await import('../../functions/http/workspace-api.handler.ts')).handler;
const deps = testDeps();

const run = (payload: unknown) => operator(payload, contextOf('tenant-operator'));
const uniqueId = () => `op-${ulid().toLowerCase()}`;
const createPayload = (overrides: Record<string, unknown> = {}) => ({
  action: 'create',
  tenantId: uniqueId(),
  name: 'Ferretería Sur',
  country: 'CL',
  adminEmail: 'Ana@FerreteriaSur.cl',
  operator: 'ops@cobranza.test',
  ...overrides,
});
type Created = Extract<TenantOperatorResult, { action: 'create' }>;
const asAdmin = (created: Created): TestUser => ({
  tenantId: created.tenant.id,
  id: created.admin.id,
  email: created.admin.email,
  accessLevel: 1,
  permissions: created.admin.permissions,
});
const callAs = (as: TestUser, routeKey: string, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  workspace(httpEvent({ routeKey, as, ...extra }), contextOf('workspace-api'));

describe('tenant-operator: create', () => {
  it('creates a business whose administrator can use the API at once, with the country defaults', async () => {
    const result = (await run(createPayload({ country: 'MX', name: 'Abarrotes Lupita' }))) as Created;
    expect(result).toMatchObject({ ok: true, action: 'create', created: true });
    expect(result.tenant).toMatchObject({
      name: 'Abarrotes Lupita',
      country: 'MX',
      currency: 'MXN',
      timeZone: 'America/Mexico_City',
      locale: 'es',
      taxIdScheme: 'MX_RFC',
      status: 'active',
    });
    expect(result.admin).toMatchObject({ email: 'ana@ferreteriasur.cl', accessLevel: 1 });
    expect([...result.admin.permissions].sort()).toEqual([...Permission.options].sort());

    const admin = asAdmin(result);
    const tenant = await callAs(admin, 'GET /v1/tenant');
    expect(tenant.statusCode).toBe(200);
    expect(json(tenant)).toMatchObject({ id: result.tenant.id, currency: 'MXN', status: 'active' });
    const user = await callAs(admin, 'POST /v1/users', { body: { email: 'cajero@lupita.mx', name: 'Cajero', accessLevel: 4 } });
    expect(user.statusCode).toBe(201);
  });

  it('runs twice with the same payload and leaves one tenant with one administrator', async () => {
    const payload = createPayload();
    const first = (await run(payload)) as Created;
    const second = (await run(payload)) as Created;
    expect(second).toMatchObject({ ok: true, created: false, tenant: { id: first.tenant.id }, admin: { id: first.admin.id } });
    const users = await deps.users.list(first.tenant.id, { limit: 10 }, { status: 'all' });
    expect(users.items.map((u) => u.id)).toEqual([first.admin.id]);
  });

  it('makes the tenant id from the name when none is given', async () => {
    const suffix = ulid().slice(-8);
    const result = (await run(createPayload({ tenantId: undefined, name: `Comercial Ñuñoa ${suffix}` }))) as Created;
    expect(result.tenant.id).toBe(`comercial-nunoa-${suffix.toLowerCase()}`);
  });

  it('lets a second business have the same administrator e-mail on the local stack', async () => {
    const first = (await run(createPayload())) as Created;
    const second = (await run(createPayload({ name: 'Ferretería Norte' }))) as Created;
    expect(second.ok).toBe(true);
    expect(second.tenant.id).not.toBe(first.tenant.id);
    expect(second.admin.email).toBe(first.admin.email);
  });

  it('refuses an id taken by another business with conflict, in Spanish by default', async () => {
    const payload = createPayload();
    await run(payload);
    const result = await run({ ...payload, name: 'Otra Empresa' });
    expect(result).toMatchObject({
      ok: false,
      status: 409,
      code: 'conflict',
      reason: 'tenant_id_taken',
      title: 'Ya existe un registro con ese valor',
      detail: `El id «${payload.tenantId}» ya es de otra empresa (otro nombre o país); elige otro id`,
    });
    const inEnglish = await run({ ...payload, adminEmail: 'otra@sur.cl', lang: 'en' });
    expect(inEnglish).toMatchObject({
      reason: 'tenant_already_provisioned',
      detail: `The business "${payload.tenantId}" already has users and another administrator; add users through the API`,
    });
  });

  it('answers a bad payload with field errors pointing into the payload, never throwing', async () => {
    const result = await run({ action: 'create', name: '', country: 'PE', adminEmail: 'nope', tenantId: 'Bad Id', extra: 1, lang: 'en' });
    expect(result).toMatchObject({ ok: false, status: 400, code: 'validation_failed', title: 'The request has invalid data' });
    const pointers = (result as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer).sort();
    expect(pointers).toEqual(['/adminEmail', '/country', '/extra', '/name', '/operator', '/tenantId']);
    expect(await run({ action: 'delete', tenantId: 'x', operator: 'o' })).toMatchObject({
      ok: false,
      code: 'validation_failed',
      errors: [expect.objectContaining({ pointer: '/action' })],
    });
    expect(await run(null)).toMatchObject({ ok: false, code: 'validation_failed' });
  });
});

describe('tenant-operator: suspend and reactivate', () => {
  it("suspends a tenant: its users' next requests get 403 tenant_suspended; reactivating lets them in again", async () => {
    const created = (await run(createPayload())) as Created;
    const admin = asAdmin(created);
    expect((await callAs(admin, 'GET /v1/tenant')).statusCode).toBe(200);

    const suspended = await run({ action: 'suspend', tenantId: created.tenant.id, operator: 'ops@cobranza.test' });
    expect(suspended).toMatchObject({
      ok: true,
      action: 'suspend',
      tenant: { status: 'suspended', suspendedBy: 'operator:ops@cobranza.test', suspendedAt: expect.any(String) },
    });
    const refused = await callAs(admin, 'GET /v1/tenant');
    expect(refused.statusCode).toBe(403);
    expect(json(refused).code).toBe('tenant_suspended');

    const reactivated = await run({ action: 'reactivate', tenantId: created.tenant.id, operator: 'ops@cobranza.test' });
    expect(reactivated).toMatchObject({ ok: true, tenant: { status: 'active' } });
    expect((await callAs(admin, 'GET /v1/tenant')).statusCode).toBe(200);
  });

  it('answers not_found for a tenant that does not exist', async () => {
    expect(await run({ action: 'suspend', tenantId: 'no-such-tenant', operator: 'ops' })).toMatchObject({ ok: false, status: 404, code: 'not_found' });
  });

  it('keeps the suspension across a settings change by the tenant (it cannot lift it through the API)', async () => {
    const created = (await run(createPayload())) as Created;
    const admin = asAdmin(created);
    const patch = await callAs(admin, 'PATCH /v1/tenant', { body: { status: 'active' }, headers: { 'if-match': '"1"' } });
    expect(patch.statusCode).toBe(400);
    expect(json(patch).errors).toEqual([expect.objectContaining({ code: 'unknown_field' })]);
  });
});

describe('tenant provisioning against the Cognito user pool', () => {
  const cognito = mockClient(CognitoIdentityProviderClient);
  afterEach(() => cognito.reset());
  const directory = cognitoDirectory(new CognitoIdentityProviderClient({ region: 'us-east-1' }), 'pool-1');
  const provision = provisionTenant({ ...deps, directory, defaultSender: 'no-reply@cobranza.test' });

  it('registers the administrator in the pool with the new tenant and level 1 as claims, before writing', async () => {
    const tenantId = uniqueId();
    const { admin } = await provision(NewTenant.parse({ tenantId, name: 'Pool SpA', country: 'CL', adminEmail: 'jefa@pool.cl' }), 'ops');
    const [call] = cognito.commandCalls(AdminCreateUserCommand);
    expect(call!.args[0].input).toMatchObject({ UserPoolId: 'pool-1', Username: admin.id, DesiredDeliveryMediums: ['EMAIL'] });
    expect(call!.args[0].input.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: 'jefa@pool.cl' },
        { Name: 'custom:tenant_id', Value: tenantId },
        { Name: 'custom:access_level', Value: '1' },
      ]),
    );
  });

  it('writes no tenant when the pool refuses the e-mail, so the command can be run again with another', async () => {
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('alias exists'), { name: 'AliasExistsException' }));
    const tenantId = uniqueId();
    const attempt = provision(NewTenant.parse({ tenantId, name: 'Pool SpA', country: 'CL', adminEmail: 'taken@pool.cl' }), 'ops');
    await expect(attempt).rejects.toMatchObject({ code: 'conflict', details: { entity: 'user', field: 'email' } });
    expect(await deps.tenants.get(tenantId)).toBeUndefined();
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(0);
  });
});

describe('tenant-operator on the local runtime (npm run invoke -- tenant-operator --event <file>)', () => {
  it('runs the sample events: create, suspend, reactivate', async () => {
    const spec = findFunction('tenant-operator');
    const sample = (file: string) => JSON.parse(readFileSync(join(projectRoot, 'events/samples/operator', file), 'utf8'));
    expect(await invokeFunction(spec, sample('create-tenant.json'))).toMatchObject({ ok: true, created: true, tenant: { id: 'ferreteria-sur' } });
    expect(await invokeFunction(spec, sample('suspend-tenant.json'))).toMatchObject({ ok: true, tenant: { status: 'suspended' } });
    expect(await invokeFunction(spec, sample('reactivate-tenant.json'))).toMatchObject({ ok: true, tenant: { status: 'active' } });
  });
});
