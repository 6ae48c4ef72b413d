import type { Actor } from '../shared/actor.ts';
import { createOnce } from '../shared/create-once.ts';
import { invalidFields, notFound } from '../shared/errors.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import { assertVersion, type ExpectedVersion } from '../shared/versions.ts';
import { getClient } from './client.use-cases.ts';
import { collectionsActive, type Client } from './client.schema.ts';
import { defaultReceives, MessageKind, type Contact, type ContactPatch, type MessageRouting, type NewContact, type Recipient } from './contact.schema.ts';
import { diffContact } from './history.ts';
import type { ClientRepository, ContactRepository } from './ports.ts';

interface Deps {
  clients: ClientRepository;
  contacts: ContactRepository;
  clock: Clock;
  ids: IdGenerator;
}

/** What made a contact change when it is not a request: an import row's `<jobId>#<row>` in its history entry. */
export interface ContactOrigin {
  operationId?: string | undefined;
}

/** A contact that receives mail must have an address to receive it at. */
export function assertReachable(contact: Pick<Contact, 'email' | 'receives'>) {
  if (contact.receives.length && !contact.email) {
    throw invalidFields('a contact that receives messages needs an e-mail', [{ pointer: '/email', code: 'required', params: { because: 'receives' } }]);
  }
}

export const addContact =
  (deps: Deps) =>
  async (actor: Actor, clientId: string, input: NewContact, origin: ContactOrigin = {}): Promise<Contact> => {
    await getClient(deps)(actor, clientId);
    const now = deps.clock.now().toISOString();
    const contact: Contact = {
      id: deps.ids.next(),
      tenantId: actor.tenantId,
      clientId,
      type: input.type,
      name: input.name,
      ...(input.email ? { email: input.email } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
      receives: [...new Set(input.receives ?? (input.email ? defaultReceives[input.type] : []))],
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    assertReachable(contact);
    const history = diffContact(undefined, contact, { by: actor.userId, at: now, operationId: origin.operationId });
    return createOnce(
      contact,
      () => deps.contacts.put(contact, undefined, history),
      () => deps.contacts.get(actor.tenantId, clientId, contact.id),
    );
  };

export const listContacts =
  (deps: Deps) =>
  async (actor: Actor, clientId: string): Promise<Contact[]> => {
    await getClient(deps)(actor, clientId);
    return deps.contacts.list(actor.tenantId, clientId);
  };

export const updateContact =
  (deps: Deps) =>
  async (actor: Actor, clientId: string, id: string, patch: ContactPatch, expectedVersion: ExpectedVersion, origin: ContactOrigin = {}): Promise<Contact> => {
    // The client first: a contact of a client outside the caller's scope is as absent as the client.
    await getClient(deps)(actor, clientId);
    const current = await deps.contacts.get(actor.tenantId, clientId, id);
    if (!current) throw notFound('contact', id);
    assertVersion('contact', id, current.version, expectedVersion);
    const now = deps.clock.now().toISOString();
    const next: Record<string, unknown> = { ...current, version: current.version + 1, updatedAt: now };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (value === null) delete next[key];
      else next[key] = key === 'receives' ? [...new Set(value as string[])] : value;
    }
    assertReachable(next as Contact);
    const history = diffContact(current, next as Contact, { by: actor.userId, at: now, operationId: origin.operationId });
    if (history.length === 0) return current;
    await deps.contacts.put(next as Contact, current, history);
    return next as Contact;
  };

export const removeContact = (deps: Deps) => async (actor: Actor, clientId: string, id: string, expectedVersion: ExpectedVersion) => {
  await getClient(deps)(actor, clientId);
  const current = await deps.contacts.get(actor.tenantId, clientId, id);
  if (!current) throw notFound('contact', id);
  assertVersion('contact', id, current.version, expectedVersion);
  await deps.contacts.delete(current, diffContact(current, undefined, { by: actor.userId, at: deps.clock.now().toISOString() }));
};

/** Reminders and due-date notices are collections: they stop with the client's collections. */
const collectionKinds: ReadonlySet<MessageKind> = new Set(['reminders', 'notices']);

/**
 * The rule every sender follows (pure): the client's main e-mail (when it has one), its notify e-mails
 * for invoices only (seed 002), then the contacts that opted in to the kind, each address once.
 * Collections kinds go to nobody while collections do not run for the client; a kind with nobody to
 * send to is `sends: false` with reason `no_recipient`.
 */
export function routeMessage(client: Client, contacts: Contact[], kind: MessageKind): MessageRouting {
  if (collectionKinds.has(kind) && !collectionsActive(client)) {
    return { kind, sends: false, reason: client.status === 'active' ? 'collections_disabled' : 'client_inactive', recipients: [] };
  }
  const all: Recipient[] = [
    ...(client.email ? [{ email: client.email, source: 'client' as const }] : []),
    ...(kind === 'invoices' ? client.notifyEmails.map((email) => ({ email, source: 'notify' as const })) : []),
    ...contacts
      .filter((c) => c.email && c.receives.includes(kind))
      .map((c) => ({ email: c.email!, source: 'contact' as const, contactId: c.id, name: c.name })),
  ];
  const seen = new Set<string>();
  const recipients = all.filter((r) => !seen.has(r.email) && seen.add(r.email));
  if (!recipients.length) return { kind, sends: false, reason: 'no_recipient', recipients };
  return { kind, sends: true, recipients };
}

/** The routing of every kind of message, in `MessageKind` order (pure). */
export const routeAllMessages = (client: Client, contacts: Contact[]): MessageRouting[] =>
  MessageKind.options.map((kind) => routeMessage(client, contacts, kind));

/** Who receives one kind of message for a client; later issues send by this. */
export const recipientsFor =
  (deps: Deps) =>
  async (actor: Actor, clientId: string, kind: MessageKind): Promise<MessageRouting> => {
    const client = await getClient(deps)(actor, clientId);
    return routeMessage(client, await deps.contacts.list(actor.tenantId, clientId), kind);
  };

/** Every kind of message for a client at once (one read of its contacts), for the client screen. */
export const messageRoutings =
  (deps: Deps) =>
  async (actor: Actor, clientId: string): Promise<MessageRouting[]> => {
    const client = await getClient(deps)(actor, clientId);
    return routeAllMessages(client, await deps.contacts.list(actor.tenantId, clientId));
  };
