import * as z from 'zod';
import { DomainError } from './errors.ts';

/** Access levels, as in the ERP the product replaces: 1 company … 4 own records. */
export const AccessLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type AccessLevel = z.infer<typeof AccessLevel>;

export const Permission = z.enum([
  'users.manage',
  'clients.reassign_agent',
  'clients.mass_update',
  'imports.run',
  'invoices.manage',
  'payments.manage',
  'estimates.manage',
  'exports.run',
  /** The tenant's collections settings and notice catalogue (with level 1), and clients' notice settings. */
  'collections.manage',
  /** Escalating invoices to the collection agency and following the case (stages, objections, withdrawal); level 1 also its deliveries. */
  'escalations.manage',
  /** Generate (and so regenerate) a client's portal password, on clients within the user's scope. */
  'portal.manage',
]);
export type Permission = z.infer<typeof Permission>;

/**
 * Who is acting: tenant and user from verified token claims (functions/http/auth.ts), access level,
 * branch, department and permissions from that user's current record (functions/http/access-check.ts).
 * Nothing in a path, query or body can change it.
 */
export const Actor = z.object({
  tenantId: z.string().min(1),
  userId: z.string().min(1),
  accessLevel: AccessLevel,
  branchId: z.string().optional(),
  departmentId: z.string().optional(),
  permissions: z.array(z.string()),
});
export type Actor = z.infer<typeof Actor>;

/**
 * What an operation needs: an access level at least as broad as `level` (1 is the broadest) and,
 * when named, a permission the user holds. Permissions are explicit: level 1 does not imply them.
 */
export interface Requirement {
  level: AccessLevel;
  permission?: Permission;
}

/** Throws `forbidden` (with what was missing, for the message) unless the actor meets the requirement. */
export function requireAccess(actor: Actor, requirement: Requirement): void {
  if (actor.accessLevel > requirement.level) {
    throw new DomainError('forbidden', `requires access level ${requirement.level}`, {
      reason: 'requires_level',
      level: requirement.level,
      actual: actor.accessLevel,
    });
  }
  if (requirement.permission && !actor.permissions.includes(requirement.permission)) {
    throw new DomainError('forbidden', `requires the ${requirement.permission} permission`, {
      reason: 'requires_permission',
      permission: requirement.permission,
    });
  }
}

/** Level 1 (company-wide) is the administrator level. */
export function requireCompanyLevel(actor: Actor): void {
  requireAccess(actor, { level: 1 });
}
