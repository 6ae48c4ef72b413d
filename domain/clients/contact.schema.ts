import { z } from 'zod';

/** The four contact types of a client (seed 001). */
export const ContactType = z.enum(['billing', 'collections', 'commercial', 'other']);
export type ContactType = z.infer<typeof ContactType>;

/** Kinds of messages a contact can receive; the senders of later issues select recipients by these. */
export const MessageKind = z.enum(['invoices', 'payments', 'reminders', 'notices']);
export type MessageKind = z.infer<typeof MessageKind>;

/** What each type receives unless told otherwise. */
export const defaultReceives: Record<ContactType, MessageKind[]> = {
  billing: ['invoices', 'payments'],
  collections: ['reminders', 'notices'],
  commercial: [],
  other: [],
};

export const NewContact = z.strictObject({
  type: ContactType,
  name: z.string().trim().min(1).max(120),
  email: z.email().max(254).transform((e) => e.toLowerCase()).optional(),
  phone: z.string().trim().min(1).max(40).optional(),
  receives: z.array(MessageKind).max(4).optional(),
});
export type NewContact = z.infer<typeof NewContact>;

export const ContactPatch = z.strictObject({
  type: ContactType.optional(),
  name: z.string().trim().min(1).max(120).optional(),
  email: z.email().max(254).transform((e) => e.toLowerCase()).nullable().optional(),
  phone: z.string().trim().min(1).max(40).nullable().optional(),
  receives: z.array(MessageKind).max(4).optional(),
});
export type ContactPatch = z.infer<typeof ContactPatch>;

export const Contact = z.object({
  id: z.string(),
  tenantId: z.string(),
  clientId: z.string(),
  type: ContactType,
  name: z.string(),
  email: z.string().optional(),
  phone: z.string().optional(),
  receives: z.array(MessageKind),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof Contact>;
