import { z } from 'zod';
import { AccessLevel, Permission } from '../shared/actor.ts';

export const UserStatus = z.enum(['active', 'inactive']);

/** E-mails compare case-insensitively, so they are stored lower-cased. */
const Email = z.email().transform((e) => e.toLowerCase());

export const NewUser = z.strictObject({
  email: Email,
  name: z.string().trim().min(1).max(120),
  accessLevel: AccessLevel,
  branchId: z.string().min(1).optional(),
  departmentId: z.string().min(1).optional(),
  permissions: z.array(Permission).default([]),
  /** The mailbox this user's collection e-mails are sent from. */
  mailbox: Email.optional(),
});
export type NewUser = z.infer<typeof NewUser>;

export const UserPatch = z.strictObject({
  email: Email.optional(),
  name: z.string().trim().min(1).max(120).optional(),
  accessLevel: AccessLevel.optional(),
  branchId: z.string().min(1).nullable().optional(),
  departmentId: z.string().min(1).nullable().optional(),
  permissions: z.array(Permission).optional(),
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
