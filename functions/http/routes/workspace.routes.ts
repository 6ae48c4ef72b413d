import * as z from 'zod';
import { Actor } from '../../../domain/shared/actor.ts';
import { NewOrgUnit, OrgUnit, OrgUnitPatch } from '../../../domain/workspace/org-unit.schema.ts';
import { Tenant, TenantPatch } from '../../../domain/workspace/tenant.schema.ts';
import { NewUser, User, UserPatch, UserStatus } from '../../../domain/workspace/user.schema.ts';
import { anyLevel, companyLevel, Id, pageOf, paginationQuery, type RouteSpec } from '../route-spec.ts';

const manageUsers = { level: 1, permission: 'users.manage' } as const;

const tag = 'Workspace';

/** The org unit, once per kind, so the OpenAPI document names each (same shape). */
export const Branch = OrgUnit.describe('A branch (sucursal): level-2 users see the clients of theirs');
export const Department = OrgUnit.describe('A department: level-3 users see the clients its members work');

const orgUnitRoutes = <K extends 'branch' | 'department', Cap extends string, Plural extends string>(
  kind: K,
  cap: Cap,
  capPlural: Plural,
  plural: 'branches' | 'departments',
  label: string,
  unit: typeof OrgUnit,
) => {
  const idParam = z.strictObject({ [`${kind}Id`]: Id } as Record<`${K}Id`, typeof Id>);
  return [
    {
      operationId: `list${capPlural}`,
      requires: anyLevel,
      method: 'GET',
      path: `/v1/${plural}`,
      summary: `List ${label}`,
      tag,
      query: z.strictObject(paginationQuery),
      success: { status: 200, description: `A page of ${label}`, schema: pageOf(unit) },
    },
    {
      operationId: `create${cap}`,
      requires: companyLevel,
      method: 'POST',
      path: `/v1/${plural}`,
      summary: `Create a ${kind} (level 1)`,
      tag,
      body: NewOrgUnit,
      idempotent: true,
      success: { status: 201, description: `The new ${kind}`, schema: unit },
    },
    {
      operationId: `get${cap}`,
      requires: anyLevel,
      method: 'GET',
      path: `/v1/${plural}/{${kind}Id}`,
      summary: `Get a ${kind}`,
      tag,
      params: idParam,
      success: { status: 200, description: `The ${kind}`, schema: unit },
    },
    {
      operationId: `update${cap}`,
      requires: companyLevel,
      method: 'PATCH',
      path: `/v1/${plural}/{${kind}Id}`,
      summary: `Rename a ${kind} (level 1)`,
      tag,
      params: idParam,
      body: OrgUnitPatch,
      conditional: true,
      success: { status: 200, description: `The ${kind}`, schema: unit },
    },
    {
      operationId: `delete${cap}`,
      requires: companyLevel,
      method: 'DELETE',
      path: `/v1/${plural}/{${kind}Id}`,
      summary: `Delete an unused ${kind} (level 1)`,
      tag,
      params: idParam,
      conditional: true,
      success: { status: 204, description: 'Deleted' },
    },
  ] as const satisfies readonly RouteSpec[];
};

const userId = z.strictObject({ userId: Id });
/** Deactivating a user who still holds clients answers 409 with the counts unless the caller proceeds. */
const proceedQuery = z.strictObject({
  proceed: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Deactivate even though the user is still seller, collector or preferred agent of clients'),
});

export const workspaceRoutes = [
  {
    operationId: 'getMe',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/me',
    summary: "Who I am: the token's tenant and user, with the access their current record gives",
    tag,
    success: { status: 200, description: 'The verified actor and its user record', schema: z.object({ actor: Actor, user: User.optional() }) },
  },
  {
    operationId: 'getTenant',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/tenant',
    summary: "The caller's tenant and its settings",
    tag,
    success: { status: 200, description: 'The tenant', schema: Tenant },
  },
  {
    operationId: 'updateTenant',
    requires: companyLevel,
    method: 'PATCH',
    path: '/v1/tenant',
    summary: 'Change tenant settings (level 1)',
    tag,
    body: TenantPatch,
    conditional: true,
    success: { status: 200, description: 'The tenant', schema: Tenant },
  },
  {
    operationId: 'listUsers',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/users',
    summary: 'List users',
    tag,
    query: z.strictObject({ ...paginationQuery, status: z.enum([...UserStatus.options, 'all']).default('active') }),
    success: { status: 200, description: 'A page of users', schema: pageOf(User) },
  },
  {
    operationId: 'createUser',
    requires: manageUsers,
    method: 'POST',
    path: '/v1/users',
    summary: 'Create a user (level 1; level-2 users need a branch, level-3 users a department); queues the welcome e-mail',
    tag,
    body: NewUser,
    idempotent: true,
    success: { status: 201, description: 'The new user', schema: User },
  },
  {
    operationId: 'getUser',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/users/{userId}',
    summary: 'Get a user',
    tag,
    params: userId,
    success: { status: 200, description: 'The user', schema: User },
  },
  {
    operationId: 'updateUser',
    requires: manageUsers,
    method: 'PATCH',
    path: '/v1/users/{userId}',
    summary: 'Update a user (level 1); a level-2 user keeps a branch and a level-3 user a department',
    tag,
    params: userId,
    query: proceedQuery,
    body: UserPatch,
    conditional: true,
    success: { status: 200, description: 'The user', schema: User },
  },
  {
    operationId: 'deactivateUser',
    requires: manageUsers,
    method: 'DELETE',
    path: '/v1/users/{userId}',
    summary: 'Deactivate a user (level 1); PATCH status=active restores',
    tag,
    params: userId,
    query: proceedQuery,
    conditional: true,
    success: { status: 200, description: 'The deactivated user', schema: User },
  },
  ...orgUnitRoutes('branch', 'Branch', 'Branches', 'branches', 'branches', Branch),
  ...orgUnitRoutes('department', 'Department', 'Departments', 'departments', 'departments', Department),
] as const satisfies readonly RouteSpec[];
