import * as z from 'zod';
import { AccessLevel, Permission } from '../shared/actor.ts';
import { BoundedText, Email, Id } from '../shared/fields.ts';

export const UserStatus = z.enum(['active', 'inactive']);

/** Each permission once; more entries than permissions exist can only be repeats. */
const Permissions = z.array(Permission).max(Permission.options.length);

/** What the org-unit fields say in the reference: which level needs which (user.use-cases.ts enforces it). */
const branchRule = 'The branch the user works in; required for access level 2 (a level-2 user sees the clients of its branch)';
const departmentRule = 'The department the user works in; required for access level 3 (a level-3 user sees the clients assigned to its department)';

export const NewUser = z.strictObject({
  email: Email,
  name: BoundedText(120),
  accessLevel: AccessLevel,
  branchId: Id.optional().describe(branchRule),
  departmentId: Id.optional().describe(departmentRule),
  permissions: Permissions.default([]),
  /** The mailbox this user's collection e-mails are sent from. */
  mailbox: Email.optional(),
});
export type NewUser = z.infer<typeof NewUser>;

export const UserPatch = z.strictObject({
  email: Email.optional(),
  name: BoundedText(120).optional(),
  accessLevel: AccessLevel.optional(),
  branchId: Id.nullable().optional().describe(`${branchRule}: null removes it only from a user of another level`),
  departmentId: Id.nullable().optional().describe(`${departmentRule}: null removes it only from a user of another level`),
  permissions: Permissions.optional(),
  mailbox: Email.nullable().optional(),
  status: UserStatus.optional(),
});
export type UserPatch = z.infer<typeof UserPatch>;

export const User = z.object({
  id: z.string(),
  tenantId: z.string(),
  email: z.string(),
  name: z.string(),
  accessLevel: AccessLevel,
  branchId: z.string().optional(),
  departmentId: z.string().optional(),
  permissions: z.array(z.string()),
  mailbox: z.string().optional(),
  /**
   * The mailbox's verification as an e-mail sender (POST /v1/me/mailbox/verify): for `email` only, so a
   * changed mailbox is unverified until verified again. The collections planner reads it, never SES.
   */
  mailboxVerification: z
    .object({ email: z.string(), status: z.enum(['pending', 'verified', 'failed']), requestedAt: z.string(), checkedAt: z.string() })
    .optional(),
  status: UserStatus,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
  updatedBy: z.string(),
});
export type User = z.infer<typeof User>;
