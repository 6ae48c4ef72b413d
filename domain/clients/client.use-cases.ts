import type { Actor } from '../shared/actor.ts';
import { DomainError, notFound, versionMismatch } from '../shared/errors.ts';
import type { Clock, IdGenerator, Page, PageRequest } from '../shared/ports.ts';
import type { UserRepository } from '../workspace/ports.ts';
import { displayName, nameIssues, type Client, type ClientPatch, type NewClient } from './client.schema.ts';
import { diffClient, type HistoryEntry } from './history.ts';
import type { CatalogRepository, ClientQuery, ClientRepository } from './ports.ts';

export interface ClientDeps {
  clients: ClientRepository;
  catalogs: CatalogRepository;
  users: UserRepository;
  clock: Clock;
  ids: IdGenerator;
}

type References = Pick<Client, 'categoryId' | 'zoneId' | 'sellerId' | 'collectorId' | 'agentId'>;

const invalid = (errors: Array<{ pointer: string; code: string; message: string }>) =>
  new DomainError('validation_failed', errors.map((e) => e.message).join('; '), { errors });

/** Category and zone must exist in the tenant; seller, collector and agent must be its active users. */
export async function assertReferences(
  deps: Pick<ClientDeps, 'catalogs' | 'users'>,
  tenantId: string,
  refs: { [K in keyof References]?: string | null | undefined },
) {
  const errors: Array<{ pointer: string; code: string; message: string }> = [];
  for (const [field, kind] of [['categoryId', 'category'], ['zoneId', 'zone']] as const) {
    const id = refs[field];
    if (id && !(await deps.catalogs.get(tenantId, kind, id))) errors.push({ pointer: `/${field}`, code: 'unknown_reference', message: `${kind} ${id} does not exist` });
  }
  for (const field of ['sellerId', 'collectorId', 'agentId'] as const) {
    const id = refs[field];
    if (!id) continue;
    const user = await deps.users.get(tenantId, id);
    if (!user || user.status !== 'active') errors.push({ pointer: `/${field}`, code: 'unknown_reference', message: `no active user ${id}` });
  }
  if (errors.length) throw invalid(errors);
}

/** Creates a client (from the API or an import row) with its first history entries. */
export const createClient =
  (deps: ClientDeps) =>
  async (actor: Actor, input: NewClient, provenance: Client['provenance'] = { source: 'api' }): Promise<Client> => {
    await assertReferences(deps, actor.tenantId, input);
    const now = deps.clock.now().toISOString();
    const client = compactClient({
      ...input,
      id: deps.ids.next(),
      tenantId: actor.tenantId,
      displayName: displayName(input),
      notifyEmails: [...new Set(input.notifyEmails ?? [])],
      collectionsEnabled: input.collectionsEnabled ?? true,
      status: 'active',
      provenance,
      version: 1,
      createdAt: now, createdBy: actor.userId, updatedAt: now, updatedBy: actor.userId,
    } as Client);
    const history = diffClient(undefined, client, { by: actor.userId, at: now, operation: provenance.source === 'import' ? 'import' : 'create' });
    await deps.clients.create(client, history);
    return client;
  };

export const getClient = (deps: Pick<ClientDeps, 'clients'>) => async (actor: Actor, id: string): Promise<Client> => {
  const client = await deps.clients.get(actor.tenantId, id);
  if (!client) throw notFound('client', id);
  return client;
};

/** Applies a patch to a client value (no I/O): `null` clears, names are re-checked against the person type. */
export function applyPatch(current: Client, patch: ClientPatch): Client {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else next[key] = key === 'notifyEmails' ? [...new Set(value as string[])] : value;
  }
  // Changing the person type drops the name parts the new type does not use.
  if (patch.personType && patch.personType !== current.personType) {
    for (const field of ['name', 'firstName', 'middleName', 'firstSurname', 'secondSurname', 'legalName', 'tradeName']) {
      if (!(field in patch)) delete next[field];
    }
  }
  const result = next as Client;
  const issues = nameIssues(result);
  if (issues.length) {
    throw invalid(issues.map((i) => ({ pointer: `/${i.path.join('/')}`, code: 'invalid_name', message: `${i.path.join('.')}: ${i.message}` })));
  }
  result.displayName = displayName(result);
  return result;
}

export interface UpdateOutcome {
  client: Client;
  /** Set when the display name changed: renaming is allowed but can confuse billing (seed 002). */
  renamed?: { from: string; to: string };
}

/** Updates a client if `expectedVersion` is current; every changed field goes to its history. */
export const updateClient =
  (deps: ClientDeps) =>
  async (actor: Actor, id: string, patch: ClientPatch, expectedVersion: number, operation = 'update', operationId?: string): Promise<UpdateOutcome> => {
    const current = await getClient(deps)(actor, id);
    if (current.version !== expectedVersion) throw versionMismatch('client', id);
    const changedRefs = Object.fromEntries(
      (['categoryId', 'zoneId', 'sellerId', 'collectorId', 'agentId'] as const).filter((f) => patch[f]).map((f) => [f, patch[f]]),
    );
    await assertReferences(deps, actor.tenantId, changedRefs);
    const now = deps.clock.now().toISOString();
    const next = compactClient({ ...applyPatch(current, patch), version: current.version + 1, updatedAt: now, updatedBy: actor.userId });
    const history = diffClient(current, next, { by: actor.userId, at: now, operation, operationId });
    if (history.length === 0) return { client: current };
    await deps.clients.update(next, current, history);
    return { client: next, ...(next.displayName !== current.displayName ? { renamed: { from: current.displayName, to: next.displayName } } : {}) };
  };

/** Deletion only deactivates: the client leaves default lists, its collections stop, it can be restored. */
export const setClientStatus =
  (deps: ClientDeps) =>
  async (actor: Actor, id: string, status: Client['status'], expectedVersion: number): Promise<Client> => {
    const current = await getClient(deps)(actor, id);
    if (current.version !== expectedVersion) throw versionMismatch('client', id);
    if (current.status === status) return current;
    const now = deps.clock.now().toISOString();
    const next: Client = { ...current, status, version: current.version + 1, updatedAt: now, updatedBy: actor.userId };
    await deps.clients.update(next, current, diffClient(current, next, { by: actor.userId, at: now, operation: status === 'inactive' ? 'deactivate' : 'restore' }));
    return next;
  };

export const listClients =
  (deps: Pick<ClientDeps, 'clients'>) =>
  (actor: Actor, query: ClientQuery, page: PageRequest): Promise<Page<Client>> =>
    deps.clients.list(actor.tenantId, query, page);

export const clientHistory =
  (deps: Pick<ClientDeps, 'clients'>) =>
  async (actor: Actor, id: string, page: PageRequest): Promise<Page<HistoryEntry>> => {
    await getClient(deps)(actor, id);
    return deps.clients.history(actor.tenantId, id, page);
  };

/** Drops undefined fields so records and diffs never carry empty keys. */
function compactClient(client: Client): Client {
  return Object.fromEntries(Object.entries(client).filter(([, v]) => v !== undefined)) as Client;
}
