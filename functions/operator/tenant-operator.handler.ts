import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Tenant } from '../../domain/workspace/tenant.schema.ts';
import { provisionTenant, reactivateTenant, suspendTenant } from '../../domain/workspace/tenant-provisioning.use-cases.ts';
import { scheduleTenantPlanning } from '../../domain/collections/schedule-tenant.ts';
import { dynamoPlannerStateStore } from '../adapters/dynamodb/planner-state.store.ts';
import { readConfig } from '../config.ts';
import { tableDependencies } from '../wiring/table.ts';
import { userDirectory } from '../wiring/user-directory.ts';
import { workspaceRepositories } from '../wiring/workspace.ts';
import { problem, toProblem, type Language, type Problem } from '../http/problem.ts';
import { accessCheck } from '../http/access-check.ts';
import { fieldErrors } from '../http/validate.ts';
import { TenantOperatorEvent } from './tenant-operator.schema.ts';

const table = tableDependencies(readConfig(process.env, 'tenant-operator'));
const deps = { ...table, ...workspaceRepositories(table), directory: userDirectory(table.config) };
const logger = new Logger({ serviceName: 'cobranza' });
const provision = provisionTenant({ ...deps, defaultSender: deps.config.defaultSender });
const schedulePlanning = scheduleTenantPlanning({ state: dynamoPlannerStateStore(table.data), clock: table.clock });
const suspend = suspendTenant(deps);
const reactivate = reactivateTenant(deps);
// HTTP functions in other containers see a suspension within their cache window; this container at once.
const access = accessCheck(deps);

/** The problem details of a refusal, with pointers into the payload itself (`/adminEmail`, not `/payload/adminEmail`). */
function refusal(error: unknown, lang: Language, requestId: string): { ok: false } & Problem {
  const details = toProblem(error, lang, requestId);
  const errors = details.errors?.map((e) => ({ ...e, pointer: e.pointer.replace(/^\/(?:body|payload)(?=\/|$)/, '') || '/' }));
  return { ok: false, ...details, ...(errors ? { errors } : {}) };
}

/** What an operator reads back: the outcome, or the same problem details the API gives, never a stack trace. */
export type TenantOperatorResult =
  | {
      ok: true;
      action: 'create';
      created: boolean;
      tenant: Tenant;
      admin: { id: string; email: string; name: string; accessLevel: number; permissions: string[] };
    }
  | { ok: true; action: 'suspend' | 'reactivate'; tenant: Tenant }
  | ({ ok: false } & Problem);

/**
 * Operator commands on tenants: create (with its first administrator), suspend, reactivate. No HTTP
 * route: invoked directly (`aws lambda invoke`) by whoever may invoke the function in the account.
 * Bad payloads and refused commands return `ok: false` with problem details (they are answers, not
 * failures, so they raise no error alarm); anything unexpected throws.
 */
export const handler = async (event: unknown, context?: Context): Promise<TenantOperatorResult> => {
  const requestId = context?.awsRequestId ?? randomUUID();
  const lang: Language = (event as { lang?: unknown } | null)?.lang === 'en' ? 'en' : 'es';
  const parsed = TenantOperatorEvent.safeParse(event, { reportInput: true });
  if (!parsed.success) {
    return refusal(problem('validation_failed', 'invalid operator payload', fieldErrors(parsed.error.issues, 'payload')), lang, requestId);
  }
  const command = parsed.data;
  try {
    switch (command.action) {
      case 'create': {
        const { action: _a, operator, lang: _l, ...newTenant } = command;
        const { tenant, admin, created } = await provision(newTenant, operator);
        // On the collections planner's schedule from its first day; a repeat of the command schedules it if a crash came between.
        await schedulePlanning(tenant);
        logger.info('tenant provisioned', { action: command.action, operator, tenantId: tenant.id, adminId: admin.id, created });
        const { id, email, name, accessLevel, permissions } = admin;
        return { ok: true, action: 'create', created, tenant, admin: { id, email, name, accessLevel, permissions } };
      }
      case 'suspend':
      case 'reactivate': {
        const tenant = await (command.action === 'suspend' ? suspend : reactivate)(command.tenantId, command.operator);
        access.rememberTenant(tenant);
        logger.info(`tenant ${command.action}`, { action: command.action, operator: command.operator, tenantId: tenant.id, status: tenant.status });
        return { ok: true, action: command.action, tenant };
      }
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    logger.warn('operator command refused', { action: command.action, code: error.code });
    return refusal(error, lang, requestId);
  }
};
