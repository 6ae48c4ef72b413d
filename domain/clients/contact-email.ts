import { DomainError } from '../shared/errors.ts';
import type { Contact } from './contact.schema.ts';

/**
 * A contact's e-mail is unique within its client: two contacts of one client never share an address,
 * compared trimmed and case-insensitively (the same address on contacts of different clients is fine).
 * Both stores apply this inside the write that claims the address (ContactRepository.put).
 */
export const contactEmailKey = (email: string | undefined) => email?.trim().toLowerCase() || undefined;

/** Whether `next` takes an address `previous` did not have (a create with an e-mail, or a change to another one). */
export const claimsEmail = (previous: Pick<Contact, 'email'> | undefined, next: Pick<Contact, 'email'> | undefined) =>
  contactEmailKey(next?.email) !== undefined && contactEmailKey(next?.email) !== contactEmailKey(previous?.email);

/** The other contact of the same client that already holds `contact`'s e-mail, if any. */
export const emailHolder = (siblings: Contact[], contact: Contact): Contact | undefined => {
  const wanted = contactEmailKey(contact.email);
  return wanted === undefined ? undefined : siblings.find((c) => c.id !== contact.id && contactEmailKey(c.email) === wanted);
};

/** The 409 naming the contact that holds the e-mail, so the user can find it and change one of the two. */
export const contactEmailTaken = (holder: Contact) =>
  new DomainError('conflict', `client ${holder.clientId} already has a contact with this email`, {
    reason: 'contact_email_taken',
    entity: 'contact',
    field: 'email',
    clientId: holder.clientId,
    existingId: holder.id,
    existingName: holder.name,
  });
