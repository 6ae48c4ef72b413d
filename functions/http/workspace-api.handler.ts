import { scheduleTenantPlanning } from '../../domain/collections/schedule-tenant.ts';
import { dynamoPlannerStateStore } from '../adapters/dynamodb/planner-state.store.ts';
import { Logger } from '@aws-lambda-powertools/logger';
import { createOrgUnit, deleteOrgUnit, getOrgUnit, listOrgUnits, renameOrgUnit } from '../../domain/workspace/org-unit.use-cases.ts';
import { getTenant, updateTenant } from '../../domain/workspace/tenant.use-cases.ts';
import type { User } from '../../domain/workspace/user.schema.ts';
import { createUser, deactivateUser, getUser, listUsers, updateUser } from '../../domain/workspace/user.use-cases.ts';
import { refreshAssigneeDepartments } from '../../domain/clients/assignee-departments.use-case.ts';
import { refreshMailbox } from '../../domain/collections/mailbox.use-cases.ts';
import { dynamoMailboxVerificationStore } from '../adapters/dynamodb/mailbox-verification.store.ts';
import { onFirstUse } from '../wiring/on-first-use.ts';
import { rekeyUserTasks } from '../../domain/tasks/task-rekey.use-case.ts';
import { taskRepositories } from '../wiring/tasks.ts';
import { senderIdentities } from '../wiring/sender-identities.ts';
import { readConfig } from '../config.ts';
import { accessCheck } from './access-check.ts';
import { clientRecords } from '../wiring/clients.ts';
import { tableDependencies } from '../wiring/table.ts';
import { userDirectory } from '../wiring/user-directory.ts';
import { workspaceRepositories } from '../wiring/workspace.ts';
import { cursorKeySecret } from '../adapters/secrets/cursor-key.ts';
import { tenantIdempotency } from './idempotency.ts';
import { httpApi } from './http-api.ts';
import { sealedCursors } from './sealed-cursor.ts';
import { workspaceRoutes } from './routes/workspace.routes.ts';

// Wired once per cold start.
const table = tableDependencies(readConfig(process.env, 'workspace-api'));
const deps = { ...table, ...workspaceRepositories(table), clients: clientRecords(table), directory: userDirectory(table.config) };
const schedulePlanning = scheduleTenantPlanning({ state: onFirstUse(() => dynamoPlannerStateStore(table.data)), clock: table.clock });
const logger = new Logger({ serviceName: 'cobranza' });
/** How long a user move re-keys the user's tasks in the request before leaving the rest to the scheduled worker. */
const REKEY_INLINE_MS = 4_000;
const taskRekeys = { ...taskRepositories(table), clock: table.clock };
/** GET /v1/me asks SES again about a mailbox whose verification is pending, and stores what moved. */
const mailboxes = {
  ...deps,
  verifications: onFirstUse(() => dynamoMailboxVerificationStore(deps.data)),
  identities: onFirstUse(() => senderIdentities(deps.config)),
};
const hooks = {
  clientsHeldBy: (tenantId: string, userId: string) => deps.clients.countAssignments(tenantId, userId),
  departmentMoved: (tenantId: string, userId: string) => refreshAssigneeDepartments(deps)(tenantId, userId),
  // Queued, then worked within the request for up to REKEY_INLINE_MS; the tasks job finishes a larger history.
  unitsMoved: (tenantId: string, userId: string) => {
    const until = Date.now() + REKEY_INLINE_MS;
    return rekeyUserTasks(taskRekeys)(tenantId, userId, { keepGoing: () => Date.now() < until });
  },
};
const userDeps = { ...deps, defaultSender: deps.config.defaultSender, hooks };
// A user changed here is known to this container's access check at once: the written record, or nothing
// if the change failed part-way (then the next request reads it again).
const access = accessCheck(deps);
async function refreshing(tenantId: string, userId: string, change: Promise<User>): Promise<User> {
  try {
    const user = await change;
    access.rememberUser(user);
    return user;
  } catch (error) {
    access.forgetUser(tenantId, userId);
    throw error;
  }
}

const versioned = <T extends { version: number }>(body: T) => ({ body, etag: body.version });

export const handler = httpApi({
  name: 'workspace-api',
  routes: workspaceRoutes,
  logger,
  idempotency: tenantIdempotency({ client: deps.dynamoClient, tableName: deps.config.tableName, logger }),
  cursors: sealedCursors({ secret: cursorKeySecret(deps.config), clock: deps.clock }),
  access: deps,
  impls: {
    getMe: async ({ actor }) => {
      const user = await deps.users.get(actor.tenantId, actor.userId);
      return { body: { actor, user: user && (await refreshMailbox(mailboxes)(user)) } };
    },
    getTenant: async ({ actor }) => versioned(await getTenant(deps)(actor)),
    updateTenant: async ({ actor, body, ifMatch }) => {
      const tenant = await updateTenant(deps)(actor, body, ifMatch);
      // A new mail hour or time zone moves the collections planner's next run (idempotent: a retry moves it again).
      if (body.mailHour !== undefined || body.timeZone !== undefined) await schedulePlanning(tenant);
      return versioned(tenant);
    },
    listUsers: async ({ actor, query: { status, ...page } }) => ({ body: await listUsers(deps)(actor, page, { status }) }),
    createUser: async ({ actor, body }) => versioned(await createUser(userDeps)(actor, body)),
    getUser: async ({ actor, params }) => versioned(await getUser(deps)(actor, params.userId)),
    updateUser: async ({ actor, params, query, body, ifMatch }) =>
      versioned(await refreshing(actor.tenantId, params.userId, updateUser(userDeps)(actor, params.userId, body, ifMatch, query))),
    deactivateUser: async ({ actor, params, query, ifMatch }) =>
      versioned(await refreshing(actor.tenantId, params.userId, deactivateUser(userDeps)(actor, params.userId, ifMatch, query))),
    listBranches: async ({ actor, query }) => ({ body: await listOrgUnits(deps)(actor, 'branch', query) }),
    createBranch: async ({ actor, body }) => versioned(await createOrgUnit(deps)(actor, 'branch', body)),
    getBranch: async ({ actor, params }) => versioned(await getOrgUnit(deps)(actor, 'branch', params.branchId)),
    updateBranch: async ({ actor, params, body, ifMatch }) => versioned(await renameOrgUnit(deps)(actor, 'branch', params.branchId, body, ifMatch)),
    deleteBranch: async ({ actor, params, ifMatch }) => {
      await deleteOrgUnit(deps)(actor, 'branch', params.branchId, ifMatch);
      return {};
    },
    listDepartments: async ({ actor, query }) => ({ body: await listOrgUnits(deps)(actor, 'department', query) }),
    createDepartment: async ({ actor, body }) => versioned(await createOrgUnit(deps)(actor, 'department', body)),
    getDepartment: async ({ actor, params }) => versioned(await getOrgUnit(deps)(actor, 'department', params.departmentId)),
    updateDepartment: async ({ actor, params, body, ifMatch }) => versioned(await renameOrgUnit(deps)(actor, 'department', params.departmentId, body, ifMatch)),
    deleteDepartment: async ({ actor, params, ifMatch }) => {
      await deleteOrgUnit(deps)(actor, 'department', params.departmentId, ifMatch);
      return {};
    },
  },
});
