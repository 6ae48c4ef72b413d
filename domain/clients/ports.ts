import type { Page, PageRequest } from '../shared/ports.ts';
import type { CatalogEntry, CatalogKind } from './catalog.schema.ts';
import type { Client } from './client.schema.ts';
import type { Contact } from './contact.schema.ts';
import type { HistoryEntry } from './history.ts';

/** Exact lookups, each backed by a uniqueness guard (one read). */
export type ClientLookup = 'email' | 'taxId' | 'customId';

/** What a list asks for; the repository picks the index for the narrowest of the indexed fields. */
export interface ClientQuery {
  status: 'active' | 'inactive' | 'all';
  /** Folded name prefix (quick search). */
  namePrefix?: string | undefined;
  /** `none` = clients without a category ("Sin info"). */
  categoryId?: string | undefined;
  collectorId?: string | undefined;
  agentId?: string | undefined;
  sellerId?: string | undefined;
  zoneId?: string | undefined;
  personType?: Client['personType'] | undefined;
  city?: string | undefined;
  region?: string | undefined;
  collectionsEnabled?: boolean | undefined;
}

export interface ClientRepository {
  get(tenantId: string, id: string): Promise<Client | undefined>;
  findBy(tenantId: string, lookup: ClientLookup, value: string): Promise<Client | undefined>;
  /**
   * Stores a new client with its history, atomically. Fails with `conflict` naming the holder when
   * the e-mail, tax id (unless generic) or custom id is taken in the tenant.
   */
  create(client: Client, history: HistoryEntry[]): Promise<void>;
  /** Conditional on `previous.version`; moves the uniqueness guards of changed values; adds the history. */
  update(next: Client, previous: Client, history: HistoryEntry[]): Promise<void>;
  list(tenantId: string, query: ClientQuery, page: PageRequest): Promise<Page<Client>>;
  history(tenantId: string, clientId: string, page: PageRequest): Promise<Page<HistoryEntry>>;
}

export interface CatalogRepository {
  get(tenantId: string, kind: CatalogKind, id: string): Promise<CatalogEntry | undefined>;
  /** Fails with `conflict` when the name (case- and accent-insensitive) is taken for that kind. */
  create(entry: CatalogEntry): Promise<void>;
  update(next: CatalogEntry, previous: CatalogEntry): Promise<void>;
  /**
   * Deletes an entry no client points at. Fails with `invalid_state` (`<kind>_in_use`, with the count)
   * while any client (any status) does, decided in the same transaction as the delete.
   */
  delete(entry: CatalogEntry): Promise<void>;
  /** How many clients (any status) point at the entry; kept by every client write. */
  clientCount(tenantId: string, kind: CatalogKind, id: string): Promise<number>;
  list(tenantId: string, kind: CatalogKind, page: PageRequest): Promise<Page<CatalogEntry>>;
}

export interface ContactRepository {
  get(tenantId: string, clientId: string, id: string): Promise<Contact | undefined>;
  /** Creates (no `expectedVersion`) or replaces the contact, with its client-history entries, atomically. */
  put(contact: Contact, expectedVersion: number | undefined, history: HistoryEntry[]): Promise<void>;
  delete(contact: Contact, history: HistoryEntry[]): Promise<void>;
  /** All contacts of a client (a client has few). */
  list(tenantId: string, clientId: string): Promise<Array<Contact>>;
}
