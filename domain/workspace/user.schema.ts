import * as z from 'zod';
import { AccessLevel, Permission } from '../shared/actor.ts';
import { BoundedText, Email, Id } from '../shared/fields.ts';

export const UserStatus = z.enum(['active', 'inactive']);

/** Each permission once; more entries than permissions exist can only be repeats. */
const Permissions = z.array(Permission).max(Permission.options.length);

export const NewUser = z.strictObject({
  email: Email,
  name: BoundedText(120),
  accessLevel: AccessLevel,
  branchId: Id.optional(),
  departmentId: Id.optional(),
  permissions: Permissions.default([]),
  /** The mailbox this user's collection e-mails are sent from. */
  mailbox: Email.optional(),
});
export type NewUser = z.infer<typeof NewUser>;

export const UserPatch = z.strictObject({
  email: Email.optional(),
  name: BoundedText(120).optional(),
  accessLevel: AccessLevel.optional(),
  branchId: Id.nullable().optional(),
  departmentId: Id.nullable().optional(),
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
  status: UserStatus,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
  updatedBy: z.string(),
});
export type User = z.infer<typeof User>;
