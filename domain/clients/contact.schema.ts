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
  email: Email.optional().describe(
    'Unique among the contacts of this client, ignoring case and surrounding spaces; the same address may be on contacts of other clients',
  ),
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
  /** The address hard-bounced or complained (SES events): the tenant's mail no longer goes to it. Read-only. */
  emailSuppressed: z.object({ reason: z.enum(['hard_bounce', 'complaint']), at: z.string() }).optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof Contact>;

/** One address a kind of message goes to, and why it is on the list. */
export const Recipient = z.object({
  email: z.string(),
  source: z
    .enum(['client', 'notify', 'contact'])
    .describe("`client`: the main e-mail; `notify`: one of the client's notify e-mails; `contact`: an opted-in contact"),
  contactId: z.string().optional(),
  name: z.string().optional(),
});
export type Recipient = z.infer<typeof Recipient>;

/** Whether and to whom one kind of message goes for a client. */
export const MessageRouting = z.object({
  kind: MessageKind,
  sends: z.boolean(),
  reason: z
    .enum(['client_inactive', 'collections_disabled', 'no_recipient'])
    .optional()
    .describe(
      'Why nothing is sent: reminders and notices stop with collections (`client_inactive`, `collections_disabled`); ' +
        '`no_recipient`: the client has no e-mail and no notify e-mail or contact receives this kind',
    ),
  recipients: z.array(Recipient),
});
export type MessageRouting = z.infer<typeof MessageRouting>;
