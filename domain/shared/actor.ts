import { z } from 'zod';
import { forbidden } from './errors.ts';

/** Access levels, as in the ERP the product replaces: 1 company … 4 own records. */
export const AccessLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type AccessLevel = z.infer<typeof AccessLevel>;

export const Permission = z.enum(['users.manage', 'clients.reassign_agent', 'clients.mass_update', 'imports.run']);
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

/** Level 1 (company-wide) is the administrator level. */
export function requireCompanyLevel(actor: Actor): void {
  if (actor.accessLevel !== 1) throw forbidden('requires access level 1 (company)');
}
