/**
 * In-memory implementations of the domain ports, for domain unit tests (the client book's are in
 * client-fakes.ts).
 *
 * They honour the contracts of the DynamoDB and Cognito adapters in functions/adapters (uniqueness
 * answered with `conflict` naming the holder, conditional writes on `previous.version`, tenant-bound
 * opaque cursors), so a use case that passes against them does not lean on a laxer store than
 * production has. Every read and write copies the record: a use case cannot change stored state
 * by mutating an object it was given or returned.
 */
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import type { OutboxRepository } from '../../domain/messaging/ports.ts';
import { conflict, notFound, versionMismatch } from '../../domain/shared/errors.ts';
import type { Clock, IdGenerator, Page, PageRequest } from '../../domain/shared/ports.ts';
import { fold } from '../../domain/shared/text.ts';
// The same tenant-bound cursor the DynamoDB adapters hand out, wrapping the fake's own sort key.
import { decodeCursor, encodeCursor } from '../../functions/adapters/dynamodb/cursor.ts';
import type { OrgUnit, OrgUnitKind } from '../../domain/workspace/org-unit.schema.ts';
import type { IdentityDirectory, OrgUnitRepository, TenantRepository, UserRepository } from '../../domain/workspace/ports.ts';
import type { Tenant } from '../../domain/workspace/tenant.schema.ts';
import type { User } from '../../domain/workspace/user.schema.ts';

const copy = <T>(value: T): T => structuredClone(value);

// ---------------------------------------------------------------------------------------------
// Shared ports

/** A clock that stands still until told to move. */
export class FakeClock implements Clock {
  #ms: number;

  constructor(start: string | Date = '2026-03-02T12:00:00.000Z') {
    this.#ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  advance(ms: number): void {
    this.#ms += ms;
  }

  set(at: string | Date): void {
    this.#ms = new Date(at).getTime();
  }
}

/** `id-0001`, `id-0002`, …: sortable in creation order, as ULIDs are. */
export class SequentialIds implements IdGenerator {
  readonly #prefix: string;
  #n = 0;

  constructor(prefix = 'id') {
    this.#prefix = prefix;
  }

  next(): string {
    this.#n += 1;
    return `${this.#prefix}-${String(this.#n).padStart(4, '0')}`;
  }

  /** The ids handed out so far. */
  get issued(): string[] {
    return Array.from({ length: this.#n }, (_, i) => `${this.#prefix}-${String(i + 1).padStart(4, '0')}`);
  }
}

/**
 * Pages a sorted list with an opaque cursor bound to a scope (the tenant), like
 * functions/adapters/dynamodb/cursor.ts: the cursor names the last key returned, so records
 * written between two pages neither repeat nor shift the next one.
 */
export function pageOf<T>(scope: string, rows: Array<{ key: string; item: T }>, page: PageRequest): Page<T> {
  const after = decodeCursor(scope, page.cursor);
  const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rest = after === undefined ? sorted : sorted.filter((r) => r.key > after);
  const taken = rest.slice(0, Math.max(0, page.limit));
  const more = rest.length > taken.length && taken.length > 0;
  return { items: taken.map((r) => copy(r.item)), cursor: more ? encodeCursor(scope, taken.at(-1)!.key) : undefined };
}

// ---------------------------------------------------------------------------------------------
// Workspace

export class InMemoryTenantRepository implements TenantRepository {
  readonly #rows = new Map<string, Tenant>();

  async get(tenantId: string): Promise<Tenant | undefined> {
    const tenant = this.#rows.get(tenantId);
    return tenant && copy(tenant);
  }

  async createIfAbsent(tenant: Tenant): Promise<boolean> {
    if (this.#rows.has(tenant.id)) return false;
    this.#rows.set(tenant.id, copy(tenant));
    return true;
  }

  /** Conditional on the stored version; a missing tenant fails the condition too (as in DynamoDB). */
  async update(next: Tenant, expectedVersion: number): Promise<void> {
    const stored = this.#rows.get(next.id);
    if (!stored || stored.version !== expectedVersion) throw versionMismatch('tenant', next.id);
    this.#rows.set(next.id, copy(next));
  }
}

export class InMemoryUserRepository implements UserRepository {
  readonly #rows = new Map<string, User>();
  readonly #key = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

  readonly #outbox: InMemoryOutboxRepository;

  /** `outbox` receives the messages written with a user, in the same step (as the DynamoDB transaction). */
  constructor(outbox = new InMemoryOutboxRepository()) {
    this.#outbox = outbox;
  }

  /** Every stored user, for assertions. */
  all(): User[] {
    return [...this.#rows.values()].map(copy);
  }

  #holderOf(tenantId: string, email: string): User | undefined {
    const wanted = email.toLowerCase();
    return [...this.#rows.values()].find((u) => u.tenantId === tenantId && u.email.toLowerCase() === wanted);
  }

  async get(tenantId: string, userId: string): Promise<User | undefined> {
    const user = this.#rows.get(this.#key(tenantId, userId));
    return user && copy(user);
  }

  async findByEmail(tenantId: string, email: string): Promise<User | undefined> {
    const user = this.#holderOf(tenantId, email);
    return user && copy(user);
  }

  async createWithMessages(user: User, messages: readonly OutboundEmail[]): Promise<void> {
    const holder = this.#holderOf(user.tenantId, user.email);
    if (holder) throw conflict('user', 'email', holder.id);
    const key = this.#key(user.tenantId, user.id);
    if (this.#rows.has(key)) throw conflict('user', 'id', user.id);
    // All or nothing: every message id must be free before anything is stored.
    for (const m of messages) if (this.#outbox.all().some((e) => e.tenantId === m.tenantId && e.id === m.id)) throw conflict('outbound_email', 'id', m.id);
    this.#rows.set(key, copy(user));
    for (const m of messages) this.#outbox.put(m);
  }

  async create(user: User): Promise<void> {
    await this.createWithMessages(user, []);
  }

  async update(next: User, previous: User): Promise<void> {
    const key = this.#key(next.tenantId, next.id);
    const stored = this.#rows.get(key);
    if (!stored) throw notFound('user', next.id);
    if (next.email.toLowerCase() !== previous.email.toLowerCase()) {
      const holder = this.#holderOf(next.tenantId, next.email);
      if (holder && holder.id !== next.id) throw conflict('user', 'email', holder.id);
    }
    if (stored.version !== previous.version) throw versionMismatch('user', next.id);
    this.#rows.set(key, copy(next));
  }

  /** `status` defaults to `active`; one status is sorted by folded name, `all` by id (the adapter's indexes). */
  async list(tenantId: string, page: PageRequest, filter: { status?: User['status'] | 'all' }): Promise<Page<User>> {
    const status = filter.status ?? 'active';
    const rows = [...this.#rows.values()]
      .filter((u) => u.tenantId === tenantId && (status === 'all' || u.status === status))
      .map((u) => ({ key: status === 'all' ? u.id : `${fold(u.name)}#${u.id}`, item: u }));
    return pageOf(tenantId, rows, page);
  }

  async countByOrgUnit(tenantId: string, kind: OrgUnitKind, orgUnitId: string): Promise<number> {
    const field = kind === 'branch' ? 'branchId' : 'departmentId';
    return [...this.#rows.values()].filter((u) => u.tenantId === tenantId && u[field] === orgUnitId).length;
  }
}

/**
 * The store behind branches, departments, categories and zones (named-entry.store.ts): names are
 * unique per tenant and kind, compared with `fold` (case- and accent-insensitive).
 */
export class InMemoryNamedEntries<T extends { tenantId: string; kind: string; id: string; name: string; version: number }> {
  readonly #rows = new Map<string, T>();
  readonly #key = (tenantId: string, kind: string, id: string) => `${tenantId}\u0000${kind}\u0000${id}`;

  all(): T[] {
    return [...this.#rows.values()].map(copy);
  }

  #holderOf(entry: T): T | undefined {
    const name = fold(entry.name);
    return [...this.#rows.values()].find((e) => e.tenantId === entry.tenantId && e.kind === entry.kind && fold(e.name) === name);
  }

  async get(tenantId: string, kind: string, id: string): Promise<T | undefined> {
    const entry = this.#rows.get(this.#key(tenantId, kind, id));
    return entry && copy(entry);
  }

  async create(entry: T): Promise<void> {
    const holder = this.#holderOf(entry);
    if (holder) throw conflict(entry.kind, 'name', holder.id);
    const key = this.#key(entry.tenantId, entry.kind, entry.id);
    if (this.#rows.has(key)) throw conflict(entry.kind, 'id', entry.id);
    this.#rows.set(key, copy(entry));
  }

  async update(next: T, previous: T): Promise<void> {
    const key = this.#key(next.tenantId, next.kind, next.id);
    const stored = this.#rows.get(key);
    if (!stored) throw notFound(next.kind, next.id);
    if (fold(next.name) !== fold(previous.name)) {
      const holder = this.#holderOf(next);
      if (holder && holder.id !== next.id) throw conflict(next.kind, 'name', holder.id);
    }
    if (stored.version !== previous.version) throw versionMismatch(next.kind, next.id);
    this.#rows.set(key, copy(next));
  }

  async delete(entry: T): Promise<void> {
    const key = this.#key(entry.tenantId, entry.kind, entry.id);
    const stored = this.#rows.get(key);
    if (!stored || stored.version !== entry.version) throw versionMismatch(entry.kind, entry.id);
    this.#rows.delete(key);
  }

  async list(tenantId: string, kind: string, page: PageRequest): Promise<Page<T>> {
    const rows = [...this.#rows.values()].filter((e) => e.tenantId === tenantId && e.kind === kind).map((e) => ({ key: e.id, item: e }));
    return pageOf(tenantId, rows, page);
  }
}

export class InMemoryOrgUnitRepository extends InMemoryNamedEntries<OrgUnit> implements OrgUnitRepository {}

/**
 * The sign-in directory (a Cognito user pool): the e-mail is a sign-in alias unique in the whole
 * pool, across tenants, and a taken one answers `conflict` without naming anyone — the pool does
 * not know our records (cognito-directory.ts).
 */
export class InMemoryIdentityDirectory implements IdentityDirectory {
  readonly identities = new Map<string, User>();
  readonly calls: Array<{ op: 'register' | 'sync' | 'unregister'; userId: string }> = [];

  async register(user: User): Promise<void> {
    this.calls.push({ op: 'register', userId: user.id });
    const email = user.email.toLowerCase();
    const taken = [...this.identities.values()].some((u) => u.id !== user.id && u.email.toLowerCase() === email);
    if (taken || this.identities.has(user.id)) throw conflict('user', 'email');
    this.identities.set(user.id, copy(user));
  }

  async sync(user: User): Promise<void> {
    this.calls.push({ op: 'sync', userId: user.id });
    this.identities.set(user.id, copy(user));
  }

  async unregister(user: User): Promise<void> {
    this.calls.push({ op: 'unregister', userId: user.id });
    this.identities.delete(user.id);
  }
}

// ---------------------------------------------------------------------------------------------
// Messaging

/** Where a pending e-mail waits until due, a claimed one until its lease runs out (outbox.repository.ts). */
const queueAt = (e: OutboundEmail): string | undefined => (e.status === 'pending' ? e.dueAt : e.status === 'sending' ? e.leaseUntil : undefined);

export class InMemoryOutboxRepository implements OutboxRepository {
  readonly #rows = new Map<string, OutboundEmail>();
  readonly #key = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;
  /**
   * Runs before each conditional write is checked: lets a test play a second dispatcher that
   * changes the record in between (bump its version, claim it) so that this write loses the race.
   */
  beforeTransition: ((next: OutboundEmail, previous: OutboundEmail) => void | Promise<void>) | undefined;
  readonly transitions: Array<{ next: OutboundEmail; previous: OutboundEmail; applied: boolean }> = [];

  all(): OutboundEmail[] {
    return [...this.#rows.values()].map(copy);
  }

  /** Overwrites a stored e-mail unconditionally, as another writer would. */
  put(email: OutboundEmail): void {
    this.#rows.set(this.#key(email.tenantId, email.id), copy(email));
  }

  async enqueue(email: OutboundEmail): Promise<void> {
    const key = this.#key(email.tenantId, email.id);
    if (this.#rows.has(key)) throw conflict('outbound_email', 'id', email.id);
    this.#rows.set(key, copy(email));
  }

  /** One partition: the DynamoDB queue's shards are a storage concern. */
  readonly queues = ['all'];

  async dueIn(_queue: string, now: string, limit: number): Promise<OutboundEmail[]> {
    return this.due(now, limit);
  }

  async due(now: string, limit: number): Promise<OutboundEmail[]> {
    return [...this.#rows.values()]
      .flatMap((e) => {
        const at = queueAt(e);
        return at !== undefined && at <= now ? [{ at, e }] : [];
      })
      .sort((a, b) => (a.at + a.e.tenantId + a.e.id < b.at + b.e.tenantId + b.e.id ? -1 : 1))
      .slice(0, limit)
      .map(({ e }) => copy(e));
  }

  async transition(next: OutboundEmail, previous: OutboundEmail): Promise<boolean> {
    await this.beforeTransition?.(copy(next), copy(previous));
    const key = this.#key(next.tenantId, next.id);
    const stored = this.#rows.get(key);
    const applied = stored !== undefined && stored.version === previous.version;
    if (applied) this.#rows.set(key, copy(next));
    this.transitions.push({ next: copy(next), previous: copy(previous), applied });
    return applied;
  }

  async get(tenantId: string, id: string): Promise<OutboundEmail | undefined> {
    const email = this.#rows.get(this.#key(tenantId, id));
    return email && copy(email);
  }
}
