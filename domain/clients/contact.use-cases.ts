import type { Actor } from '../shared/actor.ts';
import { DomainError, notFound, versionMismatch } from '../shared/errors.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import { getClient } from './client.use-cases.ts';
import { defaultReceives, type Contact, type ContactPatch, type MessageKind, type NewContact } from './contact.schema.ts';
import type { ClientRepository, ContactRepository } from './ports.ts';

interface Deps {
  clients: ClientRepository;
  contacts: ContactRepository;
  clock: Clock;
  ids: IdGenerator;
}

/** A contact that receives mail must have an address to receive it at. */
function assertReachable(contact: Pick<Contact, 'email' | 'receives'>) {
  if (contact.receives.length && !contact.email) {
    throw new DomainError('validation_failed', 'a contact that receives messages needs an e-mail', {
      errors: [{ pointer: '/email', code: 'required', message: 'required when receives is not empty' }],
    });
  }
}

export const addContact = (deps: Deps) => async (actor: Actor, clientId: string, input: NewContact): Promise<Contact> => {
  await getClient(deps)(actor, clientId);
  const now = deps.clock.now().toISOString();
  const contact: Contact = {
    id: deps.ids.next(), tenantId: actor.tenantId, clientId, type: input.type, name: input.name,
    ...(input.email ? { email: input.email } : {}), ...(input.phone ? { phone: input.phone } : {}),
    receives: [...new Set(input.receives ?? (input.email ? defaultReceives[input.type] : []))],
    version: 1, createdAt: now, updatedAt: now,
  };
  assertReachable(contact);
  await deps.contacts.put(contact);
  return contact;
};

export const listContacts = (deps: Deps) => async (actor: Actor, clientId: string): Promise<Contact[]> => {
  await getClient(deps)(actor, clientId);
  return deps.contacts.list(actor.tenantId, clientId);
};

export const updateContact =
  (deps: Deps) => async (actor: Actor, clientId: string, id: string, patch: ContactPatch, expectedVersion: number): Promise<Contact> => {
    const current = await deps.contacts.get(actor.tenantId, clientId, id);
    if (!current) throw notFound('contact', id);
    if (current.version !== expectedVersion) throw versionMismatch('contact', id);
    const next: Record<string, unknown> = { ...current, version: current.version + 1, updatedAt: deps.clock.now().toISOString() };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (value === null) delete next[key];
      else next[key] = key === 'receives' ? [...new Set(value as string[])] : value;
    }
    assertReachable(next as Contact);
    await deps.contacts.put(next as Contact, expectedVersion);
    return next as Contact;
  };

export const removeContact = (deps: Deps) => async (actor: Actor, clientId: string, id: string, expectedVersion: number) => {
  const current = await deps.contacts.get(actor.tenantId, clientId, id);
  if (!current) throw notFound('contact', id);
  if (current.version !== expectedVersion) throw versionMismatch('contact', id);
  await deps.contacts.delete(current);
};

/**
 * Who receives a kind of message for a client: the contacts that opted in, plus the client's main
 * e-mail (and notify e-mails for invoices, as seed 002 describes). Later issues send by this.
 */
export const recipientsFor =
  (deps: Deps) =>
  async (actor: Actor, clientId: string, kind: MessageKind): Promise<string[]> => {
    const client = await getClient(deps)(actor, clientId);
    const contacts = await deps.contacts.list(actor.tenantId, clientId);
    const addresses = [client.email, ...(kind === 'invoices' ? client.notifyEmails : [])];
    for (const c of contacts) if (c.email && c.receives.includes(kind)) addresses.push(c.email);
    return [...new Set(addresses)];
  };
