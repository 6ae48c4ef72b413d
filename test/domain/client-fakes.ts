/**
 * In-memory client book: clients with their history, contacts, categories and zones, for domain
 * unit tests of the client use cases.
 *
 * Like fakes.ts they honour the contracts of the DynamoDB adapters (client.repository.ts,
 * contact.repository.ts, catalog.repository.ts): e-mail, tax id (unless generic) and custom id unique
 * per tenant with `conflict` naming the holder; writes conditional on `previous.version`; category and
 * zone usage counted by every client write, so an entry in use cannot be deleted; lists served by the
 * caller's scope (client-scope.ts), in the adapters' order, behind tenant-bound cursors; one history
 * item per change, newest first. Records are copied in and out.
 */
import type { CatalogEntry, CatalogKind } from '../../domain/clients/catalog.schema.ts';
import { catalogInUse, countsOf, usageMoves, type ClientCounts, type UsageMove } from '../../domain/clients/catalog-usage.ts';
import type { AgentCounter } from '../../domain/clients/agents.use-cases.ts';
import { inScope } from '../../domain/clients/client-scope.ts';
import type { Client } from '../../domain/clients/client.schema.ts';
import type { Contact } from '../../domain/clients/contact.schema.ts';
import { claimsEmail, contactEmailTaken, emailHolder } from '../../domain/clients/contact-email.ts';
import type { HistoryEntry } from '../../domain/clients/history.ts';
import type {
  CatalogRepository,
  ClientLookup,
  ClientQuery,
  ClientRepository,
  ClientSearchQuery,
  ContactRepository,
  TermHit,
} from '../../domain/clients/ports.ts';
import { searchTermsOf } from '../../domain/clients/search-terms.ts';
import { conflict, DomainError, notFound, versionMismatch } from '../../domain/shared/errors.ts';
import type { Page, PageRequest } from '../../domain/shared/ports.ts';
import { nameKeyOf } from '../../domain/shared/text.ts';
import { decodeCursor, encodeCursor } from '../../functions/adapters/dynamodb/cursor.ts';
import {
  FakeClock,
  InMemoryNamedEntries,
  InMemoryOrgUnitRepository,
  InMemoryTenantRepository,
  InMemoryUserRepository,
  pageOf,
  SequentialIds,
} from './fakes.ts';

const copy = <T>(value: T): T => structuredClone(value);
const key = (...parts: string[]) => parts.join('\u0000');

// ---------------------------------------------------------------------------------------------
// Categories and zones

export class InMemoryCatalogRepository extends InMemoryNamedEntries<CatalogEntry> implements CatalogRepository {
  /** Clients per entry (any status, and inactive ones), moved by client writes as the adapter's `CATUSE#` counters are. */
  readonly #usage = new Map<string, { clients: number; inactive: number }>();

  /** Called by the client store inside its write; a reference to a missing entry fails the write. */
  moveUsage(tenantId: string, move: UsageMove): void {
    const k = key(tenantId, move.kind, move.id);
    const counts = this.#usage.get(k) ?? { clients: 0, inactive: 0 };
    this.#usage.set(k, { clients: counts.clients + move.clients, inactive: counts.inactive + move.inactive });
  }

  async clientCounts(tenantId: string, kind: CatalogKind, id: string): Promise<ClientCounts> {
    const counts = this.#usage.get(key(tenantId, kind, id));
    return countsOf(counts?.clients, counts?.inactive);
  }

  /** Refused while any client points at the entry, with the counts (`<kind>_in_use`). */
  override async delete(entry: CatalogEntry): Promise<void> {
    const stored = await this.get(entry.tenantId, entry.kind, entry.id);
    const clients = await this.clientCounts(entry.tenantId, entry.kind, entry.id);
    if (stored && stored.version === entry.version && clients.active + clients.inactive > 0) throw catalogInUse(entry, clients);
    await super.delete(entry);
    this.#usage.delete(key(entry.tenantId, entry.kind, entry.id));
  }
}

// ---------------------------------------------------------------------------------------------
// Clients and their history

/** The values a client holds that no other client of the tenant may hold (as the adapter's guards). */
const uniqueValues = (c: Client): Array<{ field: ClientLookup; value: string }> => [
  ...(c.email ? [{ field: 'email' as const, value: c.email.toLowerCase() }] : []),
  ...(c.taxId && !c.taxId.generic ? [{ field: 'taxId' as const, value: `${c.taxId.scheme}:${c.taxId.value}` }] : []),
  ...(c.customId ? [{ field: 'customId' as const, value: c.customId.toLowerCase() }] : []),
];

const pad = (n: number) => String(n).padStart(8, '0');
/** The adapter's history sort key: time, then the change (client version or contact and its version). */
const historyKey = (h: HistoryEntry) =>
  `${h.at}#${h.invoiceId ? `I${h.invoiceId}.${pad(h.version)}` : h.sourceId ? `S${h.sourceId}.${pad(h.version)}` : h.estimateId ? `E${h.estimateId}.${pad(h.version)}` : h.contactId ? `C${h.contactId}.${pad(h.version)}` : `V${pad(h.version)}`}`;

/** `none` asks for clients without the reference, as the adapter's `none` index keys do. */
const matches = (wanted: string | undefined, value: string | undefined) => wanted === undefined || (wanted === 'none' ? !value : value === wanted);

export class InMemoryClientRepository implements ClientRepository, AgentCounter {
  readonly #rows = new Map<string, Client>();
  readonly #history = new Map<string, HistoryEntry>();
  readonly #catalogs: InMemoryCatalogRepository;
  /** Every write attempted (`create`/`update`), for assertions on what a use case asked to store. */
  readonly writes: Array<{ op: 'create' | 'update'; client: Client; history: HistoryEntry[] }> = [];

  constructor(catalogs: InMemoryCatalogRepository) {
    this.#catalogs = catalogs;
  }

  all(tenantId?: string): Client[] {
    return [...this.#rows.values()].filter((c) => !tenantId || c.tenantId === tenantId).map(copy);
  }

  /** Every stored history entry of a client, oldest first. */
  historyOf(tenantId: string, clientId: string): HistoryEntry[] {
    return [...this.#history.entries()]
      .filter(([, h]) => h.tenantId === tenantId && h.clientId === clientId)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, h]) => copy(h));
  }

  #holderOf(tenantId: string, field: ClientLookup, value: string): Client | undefined {
    return [...this.#rows.values()].find((c) => c.tenantId === tenantId && uniqueValues(c).some((u) => u.field === field && u.value === value));
  }

  /** Adds history items; a key already taken fails the whole write, as a conditional put would. */
  appendHistory(entries: HistoryEntry[], onTaken: () => Error): void {
    const keys = entries.map((h) => key(h.tenantId, h.clientId, historyKey(h)));
    if (keys.some((k) => this.#history.has(k)) || new Set(keys).size !== keys.length) throw onTaken();
    for (const [i, h] of entries.entries()) this.#history.set(keys[i]!, copy(h));
  }

  async get(tenantId: string, id: string): Promise<Client | undefined> {
    const client = this.#rows.get(key(tenantId, id));
    return client && copy(client);
  }

  async findBy(tenantId: string, lookup: ClientLookup, value: string): Promise<Client | undefined> {
    const holder = this.#holderOf(tenantId, lookup, lookup === 'taxId' ? value : value.toLowerCase());
    return holder && copy(holder);
  }

  /** Guards, then the version condition, then the references (the adapter's order of reasons). */
  #write(op: 'create' | 'update', next: Client, previous: Client | undefined, history: HistoryEntry[]): void {
    this.writes.push({ op, client: copy(next), history: copy(history) });
    const k = key(next.tenantId, next.id);
    const before = new Set(previous ? uniqueValues(previous).map((u) => `${u.field}:${u.value}`) : []);
    for (const u of uniqueValues(next)) {
      if (before.has(`${u.field}:${u.value}`)) continue;
      const holder = this.#holderOf(next.tenantId, u.field, u.value);
      if (holder && holder.id !== next.id) throw conflict('client', u.field, holder.id);
    }
    const stored = this.#rows.get(k);
    if (op === 'create' && stored) throw conflict('client', 'id', next.id);
    if (op === 'update' && !stored) throw notFound('client', next.id);
    if (op === 'update' && stored!.version !== previous!.version) throw versionMismatch('client', next.id);
    const moves = usageMoves(previous, next);
    for (const m of moves) {
      if (m.clients === 1 && !this.#catalogs.all().some((e) => e.tenantId === next.tenantId && e.kind === m.kind && e.id === m.id)) {
        throw new DomainError('validation_failed', `${m.kind} ${m.id} does not exist`, {
          errors: [{ pointer: `/${m.field}`, code: 'unknown_reference', message: `${m.kind} ${m.id} does not exist` }],
        });
      }
    }
    this.appendHistory(history, () => versionMismatch('client', next.id));
    for (const m of moves) this.#catalogs.moveUsage(next.tenantId, m);
    this.#rows.set(k, copy(next));
  }

  async create(client: Client, history: HistoryEntry[]): Promise<void> {
    this.#write('create', client, undefined, history);
  }

  async update(next: Client, previous: Client, history: HistoryEntry[]): Promise<void> {
    this.#write('update', next, previous, history);
  }

  /** The caller's scope first, then the filters; by status phase (`all`: active, then inactive) and folded name. */
  /**
   * Quick search over the clients' own terms (contacts' e-mails are not seen here): a term starting with
   * one of the prefixes, every other word starting some term; by term, each client once.
   */
  async search(tenantId: string, query: ClientSearchQuery, page: PageRequest): Promise<Page<TermHit>> {
    const phases = query.status === 'all' ? ['active', 'inactive'] : [query.status];
    const hits = new Map<string, { term: string; hit: TermHit }>();
    for (const c of this.#rows.values()) {
      if (c.tenantId !== tenantId || !inScope(query.scope, c) || !phases.includes(c.status)) continue;
      const terms = searchTermsOf(c);
      const match = terms.find((t) => query.text.prefixes.some((p) => t.term.startsWith(p)));
      if (!match || !query.text.others.every((w) => terms.some((t) => t.term.startsWith(w)))) continue;
      hits.set(c.id, { term: `${phases.indexOf(c.status)}#${match.term}#${c.id}`, hit: { client: copy(c), matchedBy: match.kind } });
    }
    const ordered = [...hits.values()].sort((a, b) => (a.term < b.term ? -1 : 1)).map((h) => h.hit);
    const start = Number(decodeCursor(tenantId, page.cursor) ?? 0);
    const items = ordered.slice(start, start + page.limit);
    return { items, cursor: start + page.limit < ordered.length ? encodeCursor(tenantId, String(start + page.limit)) : undefined };
  }

  async list(tenantId: string, query: ClientQuery, page: PageRequest): Promise<Page<Client>> {
    const phases = query.status === 'all' ? ['active', 'inactive'] : [query.status];
    const rows = [...this.#rows.values()]
      .filter((c) => c.tenantId === tenantId && inScope(query.scope, c) && phases.includes(c.status))
      .filter((c) => !query.namePrefix || nameKeyOf(c.displayName).startsWith(query.namePrefix))
      .filter((c) => matches(query.categoryId, c.categoryId) && matches(query.collectorId, c.collectorId) && matches(query.agentId, c.agentId))
      .filter((c) => (['sellerId', 'zoneId', 'personType', 'city', 'region'] as const).every((f) => query[f] === undefined || c[f] === query[f]))
      .filter((c) => query.collectionsEnabled === undefined || c.collectionsEnabled === query.collectionsEnabled)
      .map((c) => ({ key: `${phases.indexOf(c.status)}#${nameKeyOf(c.displayName)}#${c.id}`, item: c }));
    return pageOf(tenantId, rows, page);
  }

  /** Rewrites the derived departments at the same version; false when the client changed meanwhile. */
  async setAssignedDepartments(client: Client, departmentIds: string[]): Promise<boolean> {
    const k = key(client.tenantId, client.id);
    const stored = this.#rows.get(k);
    if (!stored || stored.version !== client.version) return false;
    const next: Client = { ...client, assignedDepartmentIds: departmentIds };
    if (!departmentIds.length) delete next.assignedDepartmentIds;
    this.#rows.set(k, copy(next));
    return true;
  }

  async countAssignments(tenantId: string, userId: string) {
    const mine = [...this.#rows.values()].filter((c) => c.tenantId === tenantId);
    return {
      seller: mine.filter((c) => c.sellerId === userId).length,
      collector: mine.filter((c) => c.collectorId === userId).length,
      agent: mine.filter((c) => c.agentId === userId).length,
    };
  }

  async countByAgent(tenantId: string, agentId: string): Promise<number> {
    return (await this.countAssignments(tenantId, agentId)).agent;
  }

  /** Newest first, one item per change, behind a tenant-bound cursor. */
  async history(tenantId: string, clientId: string, page: PageRequest): Promise<Page<HistoryEntry>> {
    const after = decodeCursor(tenantId, page.cursor);
    const rows = this.historyOf(tenantId, clientId)
      .map((h) => ({ key: historyKey(h), h }))
      .reverse()
      .filter((r) => after === undefined || r.key < after);
    const taken = rows.slice(0, page.limit);
    const more = rows.length > taken.length && taken.length > 0;
    return { items: taken.map((r) => r.h), cursor: more ? encodeCursor(tenantId, taken.at(-1)!.key) : undefined };
  }
}

// ---------------------------------------------------------------------------------------------
// Contacts

export class InMemoryContactRepository implements ContactRepository {
  readonly #rows = new Map<string, Contact>();
  readonly #clients: InMemoryClientRepository;

  constructor(clients: InMemoryClientRepository) {
    this.#clients = clients;
  }

  async get(tenantId: string, clientId: string, id: string): Promise<Contact | undefined> {
    const contact = this.#rows.get(key(tenantId, clientId, id));
    return contact && copy(contact);
  }

  /** Creates (no `previous`; `conflict` naming it when the id exists) or replaces on `previous.version`, with the history, atomically. */
  async put(contact: Contact, previous: Contact | undefined, history: HistoryEntry[]): Promise<void> {
    const k = key(contact.tenantId, contact.clientId, contact.id);
    const stored = this.#rows.get(k);
    if (previous === undefined && stored !== undefined) throw conflict('contact', 'id', contact.id);
    if (previous !== undefined && stored?.version !== previous.version) throw versionMismatch('contact', contact.id);
    const holder = claimsEmail(previous, contact) ? emailHolder(this.#siblings(contact.tenantId, contact.clientId), contact) : undefined;
    if (holder) throw contactEmailTaken(copy(holder));
    this.#clients.appendHistory(history, () => versionMismatch('contact', contact.id));
    this.#rows.set(k, copy(contact));
  }

  async delete(contact: Contact, history: HistoryEntry[]): Promise<void> {
    const k = key(contact.tenantId, contact.clientId, contact.id);
    if (this.#rows.get(k)?.version !== contact.version) throw versionMismatch('contact', contact.id);
    this.#clients.appendHistory(history, () => versionMismatch('contact', contact.id));
    this.#rows.delete(k);
  }

  #siblings(tenantId: string, clientId: string): Contact[] {
    return [...this.#rows.values()].filter((c) => c.tenantId === tenantId && c.clientId === clientId).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async list(tenantId: string, clientId: string): Promise<Contact[]> {
    return this.#siblings(tenantId, clientId).map(copy);
  }
}

/** A client book on these fakes, with empty users and org units, a clock at `now` and ids `c-0001`, `c-0002`… */
export function inMemoryClientBook(now: string) {
  const catalogs = new InMemoryCatalogRepository();
  const clients = new InMemoryClientRepository(catalogs);
  return {
    clients,
    catalogs,
    contacts: new InMemoryContactRepository(clients),
    users: new InMemoryUserRepository(),
    orgUnits: new InMemoryOrgUnitRepository(),
    tenants: new InMemoryTenantRepository(),
    clock: new FakeClock(now),
    ids: new SequentialIds('c'),
  };
}
