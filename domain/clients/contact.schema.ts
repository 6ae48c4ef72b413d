import * as z from 'zod';
import { BoundedText, Email, Phone } from '../shared/fields.ts';

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
  name: BoundedText(120),
  email: Email.optional(),
  phone: Phone.optional(),
  receives: z.array(MessageKind).max(4).optional(),
});
export type NewContact = z.infer<typeof NewContact>;

export const ContactPatch = z.strictObject({
  type: ContactType.optional(),
  name: BoundedText(120).optional(),
  email: Email.nullable().optional(),
  phone: Phone.nullable().optional(),
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
