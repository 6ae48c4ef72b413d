import { nameKey, sortName, type Client } from '../../../domain/clients/client.schema.ts';
import { formatTaxId } from '../../../domain/clients/tax-id.ts';
import { fold } from '../../../domain/shared/text.ts';
import { compact } from './conditional.ts';
import { NONE } from './entities/model.ts';
import { keyAttributes } from './table-schema.ts';

/**
 * What a client item holds besides the client: the indexed e-mails of its contacts, which contact
 * writes keep, and how many times they changed them (`contactsRev`). Every client write carries them
 * over and is conditioned on `contactsRev`, so it cannot undo a contact write it did not see.
 */
export interface StoredContacts {
  contactEmails: string[];
  contactsRev?: number | undefined;
}

export const noContacts: StoredContacts = { contactEmails: [] };

/** Attributes that exist for keys and filters, never part of the client the domain sees. */
const derived = new Set([
  'nameKey',
  'categoryKey',
  'collectorKey',
  'agentKey',
  'sellerKey',
  'branchKey',
  'department1Key',
  'department2Key',
  'department3Key',
  'cityKey',
  'regionKey',
  'contactEmails',
  'contactsRev',
]);
const isKeyAttribute = (name: string) => keyAttributes().includes(name) || name.startsWith('__edb_');

/** The client as stored: its index keys (`none` for absent sparse keys), folded filters and contact state. */
export function clientToItem(c: Client, contacts: StoredContacts) {
  const departments = c.assignedDepartmentIds ?? [];
  return {
    ...c,
    nameKey: nameKey(c),
    categoryKey: c.categoryId ?? NONE,
    collectorKey: c.collectorId ?? NONE,
    agentKey: c.agentId ?? NONE,
    sellerKey: c.sellerId ?? NONE,
    branchKey: c.branchId ?? NONE,
    department1Key: departments[0] ?? NONE,
    department2Key: departments[1] ?? NONE,
    department3Key: departments[2] ?? NONE,
    ...(c.city ? { cityKey: fold(c.city) } : {}),
    ...(c.region ? { regionKey: fold(c.region) } : {}),
    ...(contacts.contactEmails.length ? { contactEmails: contacts.contactEmails } : {}),
    ...(contacts.contactsRev !== undefined ? { contactsRev: contacts.contactsRev } : {}),
  };
}

/** The contact state each client object was read with, so a write of it needs no second read. */
const readWith = new WeakMap<Client, StoredContacts>();

export const contactsOfItem = (item: Record<string, unknown>): StoredContacts => ({
  contactEmails: (item.contactEmails as string[] | undefined) ?? [],
  contactsRev: item.contactsRev as number | undefined,
});

/** The domain client of a stored item; read-only fields written by older code are filled in. */
export function clientFromItem(item: Record<string, unknown>): Client {
  const client = compact(Object.fromEntries(Object.entries(item).filter(([k]) => !derived.has(k) && !isKeyAttribute(k)))) as unknown as Client;
  client.sortName = sortName(client);
  if (client.taxId) client.taxId = { ...client.taxId, formatted: formatTaxId(client.taxId as Parameters<typeof formatTaxId>[0]) };
  readWith.set(client, contactsOfItem(item));
  return client;
}

/** The contact state a client object was read with, when this process read it. */
export const contactsReadWith = (client: Client): StoredContacts | undefined => readWith.get(client);
