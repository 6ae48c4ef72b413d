import type { ClientCounts } from './catalog-usage.ts';
import type { Page, PageRequest } from '../shared/ports.ts';
import type { CatalogEntry, CatalogKind } from './catalog.schema.ts';
import type { ClientScope } from './client-scope.ts';
import type { Client } from './client.schema.ts';
import type { Contact } from './contact.schema.ts';
import type { HistoryEntry } from './history.ts';
import type { SearchTermKind, SearchText } from './search-terms.ts';

/** Exact lookups, each backed by a uniqueness guard (one read). */
export type ClientLookup = 'email' | 'taxId' | 'customId';

/** What a caller filters a list by (the scope comes from the caller, never from the request). */
export type ClientFilter = Omit<ClientQuery, 'scope'>;

/**
 * What a list asks for. An unrestricted scope picks the index of the narrowest indexed field; a
 * restricted one reads the scope's own indexes and filters the rest on the page read.
 */
export interface ClientQuery {
  /** Which clients the caller may see at all (client-scope.ts); a required field, so no list forgets it. */
  scope: ClientScope;
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

/** A quick search served by the clients' search terms (the scope comes from the caller). */
export interface ClientSearchQuery {
  scope: ClientScope;
  status: 'active' | 'inactive' | 'all';
  text: SearchText;
}

/** A client found by one of its search terms, and what that term is (`name`, `email`, `taxId`, `phone`, `contactEmail`). */
export interface TermHit {
  client: Client;
  matchedBy: SearchTermKind;
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
  /**
   * Clients of the scope with a term that starts with one of the query's prefixes (and words for its
   * other words), each once, by term; read from index partitions of search terms, at most a few reads of
   * `limit` items per page (a page may hold fewer, with a cursor to go on).
   */
  search(tenantId: string, query: ClientSearchQuery, page: PageRequest): Promise<Page<TermHit>>;
  /**
   * Rewrites a client's derived `assignedDepartmentIds` without a new version (it is not a change of
   * the client's data). False when the client changed meanwhile (the caller re-reads and retries).
   */
  setAssignedDepartments(client: Client, departmentIds: string[]): Promise<boolean>;
  /** How many clients (any status) hold the user in each role; served by the role indexes (COUNT). */
  countAssignments(tenantId: string, userId: string): Promise<{ seller: number; collector: number; agent: number }>;
  history(tenantId: string, clientId: string, page: PageRequest): Promise<Page<HistoryEntry>>;
}

/**
 * Records elsewhere that copy a client's category and scope (its open invoices' headers and their open
 * balances in the receivables aggregates) and must follow a change of them. The client's own write stays
 * as it was: `willChange` marks the client before it (so a crash after the write still leaves the move
 * findable), `follow` moves the copies after it. Neither decides anything the client write depends on.
 */
export interface ClientCopies {
  willChange(tenantId: string, clientId: string): Promise<void>;
  /**
   * Moves the copies to the client's current values. Never fails the caller: what it cannot finish (time,
   * a lagging index, an error) stays marked and is finished before the next receivables read.
   */
  follow(tenantId: string, clientId: string): Promise<void>;
}

export interface CatalogRepository {
  get(tenantId: string, kind: CatalogKind, id: string): Promise<CatalogEntry | undefined>;
  /** Fails with `conflict` when the name (case- and accent-insensitive) is taken for that kind. */
  create(entry: CatalogEntry): Promise<void>;
  update(next: CatalogEntry, previous: CatalogEntry): Promise<void>;
  /**
   * Deletes an entry no client points at. Fails with `catalogInUse` (`<kind>_in_use`, with the active and
   * inactive counts) while any client (any status) does, decided in the same transaction as the delete.
   */
  delete(entry: CatalogEntry): Promise<void>;
  /** How many active and inactive clients point at the entry; kept by every client write (catalog-usage.ts). */
  clientCounts(tenantId: string, kind: CatalogKind, id: string): Promise<ClientCounts>;
  list(tenantId: string, kind: CatalogKind, page: PageRequest): Promise<Page<CatalogEntry>>;
}

export interface ContactRepository {
  get(tenantId: string, clientId: string, id: string): Promise<Contact | undefined>;
  /**
   * Creates (no `previous`; `conflict` naming the contact when its id exists) or replaces the contact (conditional on `previous.version`), with its
   * client-history entries, atomically. When its e-mail changes, the client's search terms change in
   * the same transaction. A contact taking an e-mail another contact of the same client holds is refused
   * with `contactEmailTaken(holder)` (contact-email.ts), decided atomically with the write: of two
   * concurrent writes claiming one address for one client, exactly one succeeds.
   */
  put(contact: Contact, previous: Contact | undefined, history: HistoryEntry[]): Promise<void>;
  delete(contact: Contact, history: HistoryEntry[]): Promise<void>;
  /** All contacts of a client (a client has few). */
  list(tenantId: string, clientId: string): Promise<Array<Contact>>;
}
