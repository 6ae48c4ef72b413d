import type { Actor } from '../shared/actor.ts';
import { createOnce } from '../shared/create-once.ts';
import { DomainError, forbidden, holderDetails, invalidFields, type FieldIssue } from '../shared/errors.ts';
import type { Clock, IdGenerator, Page, PageRequest } from '../shared/ports.ts';
import { assertVersion, type ExpectedVersion } from '../shared/versions.ts';
import type { OrgUnitRepository, TenantRepository, UserRepository } from '../workspace/ports.ts';
import { assertStaysVisible, assertVisible, assignedUserIds, canSee, scopeOf } from './client-scope.ts';
import { displayName, nameIssues, sortName, type Client, type ClientPatch, type NewClient } from './client.schema.ts';
import { diffClient, type HistoryEntry } from './history.ts';
import { resolveTaxId } from './plain-tax-id.ts';
import type { CatalogRepository, ClientCopies, ClientFilter, ClientRepository } from './ports.ts';

export interface ClientDeps {
  clients: ClientRepository;
  catalogs: CatalogRepository;
  users: UserRepository;
  orgUnits: Pick<OrgUnitRepository, 'get'>;
  /** Read only for a plain-string tax id, whose scheme is the tenant's. */
  tenants: Pick<TenantRepository, 'get'>;
  clock: Clock;
  ids: IdGenerator;
  /** Told of a change of the fields invoices copy (absent where nothing copies them, e.g. domain tests). */
  copies?: ClientCopies | undefined;
}

type References = Pick<Client, 'categoryId' | 'zoneId' | 'sellerId' | 'collectorId' | 'agentId' | 'branchId'>;

/** Category and zone must exist in the tenant; seller, collector and agent must be its active users. */
export async function assertReferences(
  deps: Pick<ClientDeps, 'catalogs' | 'users' | 'orgUnits'>,
  tenantId: string,
  refs: { [K in keyof References]?: string | null | undefined },
) {
  const errors: FieldIssue[] = [];
  for (const [field, kind] of [
    ['categoryId', 'category'],
    ['zoneId', 'zone'],
  ] as const) {
    const id = refs[field];
    if (id && !(await deps.catalogs.get(tenantId, kind, id))) errors.push({ pointer: `/${field}`, code: 'unknown_reference', params: { entity: kind, id } });
  }
  for (const field of ['sellerId', 'collectorId', 'agentId'] as const) {
    const id = refs[field];
    if (!id) continue;
    const user = await deps.users.get(tenantId, id);
    if (!user) errors.push({ pointer: `/${field}`, code: 'unknown_reference', params: { entity: 'user', id } });
    else if (user.status !== 'active')
      errors.push({ pointer: `/${field}`, code: 'unknown_reference', params: { entity: 'user', id, name: user.name, status: user.status } });
  }
  if (refs.branchId && !(await deps.orgUnits.get(tenantId, 'branch', refs.branchId))) {
    errors.push({ pointer: '/branchId', code: 'unknown_reference', params: { entity: 'branch', id: refs.branchId } });
  }
  if (errors.length) throw invalidFields(`unknown references: ${errors.map((e) => e.pointer).join(', ')}`, errors);
}

/**
 * The departments of the users assigned to a client, sorted and distinct: level-3 visibility. Read
 * from the users' records at write time; moving a user to another department refreshes their
 * clients (refreshAssigneeDepartments).
 */
export async function assigneeDepartments(deps: Pick<ClientDeps, 'users'>, tenantId: string, client: Pick<Client, 'sellerId' | 'collectorId' | 'agentId'>) {
  const users = await Promise.all(assignedUserIds(client).map((id) => deps.users.get(tenantId, id)));
  return [...new Set(users.map((u) => u?.departmentId).filter((d): d is string => Boolean(d)))].sort();
}

/**
 * Who may set a client's owning branch: level 1 any branch; level 2 only their own (so the client
 * stays theirs); levels 3 and 4 never (the branch comes from their own).
 */
function assertBranchChange(actor: Actor, branchId: string | null | undefined) {
  if (branchId === undefined || actor.accessLevel === 1) return;
  if (actor.accessLevel === 2 && branchId === actor.branchId) return;
  throw forbidden('branch_change');
}

/** Fills and sorts the derived visibility fields of a client value. */
async function withDepartments(deps: Pick<ClientDeps, 'users'>, client: Client): Promise<Client> {
  const departments = await assigneeDepartments(deps, client.tenantId, client);
  const next = { ...client, assignedDepartmentIds: departments };
  if (!departments.length) delete (next as Partial<Client>).assignedDepartmentIds;
  return next;
}

/**
 * Runs a client write; a uniqueness conflict then names the client holding the value — its name and
 * status when the caller may see it (a deactivated one can be restored instead), only its id otherwise —
 * and the tax-id scheme, so the message can say "ese RUT".
 */
async function explainingConflicts(deps: Pick<ClientDeps, 'clients'>, actor: Actor, client: Client, write: () => Promise<void>) {
  try {
    await write();
  } catch (error) {
    const existingId = error instanceof DomainError && error.code === 'conflict' && error.details.entity === 'client' ? error.details.existingId : undefined;
    if (typeof existingId !== 'string' || existingId === client.id) throw error;
    throw namingHolder(actor, client, error as DomainError, await deps.clients.get(actor.tenantId, existingId));
  }
}

/**
 * A client uniqueness conflict that names the holder — its name and status when the caller may see it,
 * only its id otherwise — and the tax-id scheme. Shared by the API's writes and the import writer.
 */
export function namingHolder(actor: Actor, client: Pick<Client, 'taxId'>, error: DomainError, holder: Client | undefined): DomainError {
  const scheme = error.details.field === 'taxId' && client.taxId ? { taxIdScheme: client.taxId.scheme } : {};
  return new DomainError(
    'conflict',
    error.message,
    {
      ...error.details,
      ...scheme,
      ...holderDetails(holder && (canSee(actor, holder) ? { name: holder.displayName, status: holder.status } : { visible: false })),
    },
    { cause: error },
  );
}

/** What a create would write: the client record and its first history entry. */
export interface PlannedCreate {
  client: Client;
  history: HistoryEntry[];
}

/**
 * Works out a create without writing it: branch rule, references, tax id (a plain string read in the
 * tenant's scheme), derived fields, visibility and the first history entry. Uniqueness is the store's to
 * decide. `createClient` writes one; the import writer writes many at once (an import row's id comes from
 * its job and row, and its history carries the job's id).
 */
export const planClientCreate =
  (deps: Omit<ClientDeps, 'clients' | 'copies'>) =>
  async (actor: Actor, input: NewClient, provenance: Client['provenance'] = { source: 'api' }, id = deps.ids.next()): Promise<PlannedCreate> => {
    if (input.branchId !== undefined && input.branchId !== actor.branchId) assertBranchChange(actor, input.branchId);
    await assertReferences(deps, actor.tenantId, input);
    const taxId = input.taxId === undefined ? undefined : await resolveTaxId(deps.tenants, actor.tenantId, input.taxId);
    const now = deps.clock.now().toISOString();
    // A seller or collector (levels 3–4) who creates a client without naming a seller becomes it,
    // so the client they just created is theirs to see.
    const sellerId = input.sellerId ?? (actor.accessLevel >= 3 ? actor.userId : undefined);
    const draft = compactClient({
      ...input,
      taxId,
      sellerId,
      branchId: input.branchId ?? actor.branchId,
      id,
      tenantId: actor.tenantId,
      displayName: displayName(input),
      sortName: sortName(input),
      notifyEmails: [...new Set(input.notifyEmails ?? [])],
      collectionsEnabled: input.collectionsEnabled ?? true,
      status: 'active',
      provenance,
      version: 1,
      createdAt: now,
      createdBy: actor.userId,
      updatedAt: now,
      updatedBy: actor.userId,
    } as Client);
    const client = await withDepartments(deps, draft);
    assertStaysVisible(actor, client);
    const history =
      provenance.source === 'import'
        ? diffClient(undefined, client, { by: actor.userId, at: now, operation: 'import', operationId: provenance.importJobId })
        : diffClient(undefined, client, { by: actor.userId, at: now, operation: 'create' });
    return { client, history };
  };

/** Creates a client (from the API or an import row) with its first history entries. */
export const createClient =
  (deps: ClientDeps) =>
  async (actor: Actor, input: NewClient, provenance: Client['provenance'] = { source: 'api' }): Promise<Client> => {
    const { client, history } = await planClientCreate(deps)(actor, input, provenance);
    // A redo of a request whose first attempt committed finds its client under its own id.
    return createOnce(
      client,
      () => explainingConflicts(deps, actor, client, () => deps.clients.create(client, history)),
      () => deps.clients.get(actor.tenantId, client.id),
    );
  };

/** A client the caller may see; any other id (unknown, another tenant's, outside the scope) is a 404. */
export const getClient =
  (deps: Pick<ClientDeps, 'clients'>) =>
  async (actor: Actor, id: string): Promise<Client> =>
    assertVisible(actor, await deps.clients.get(actor.tenantId, id), id);

/** A patch whose tax id, if any, is already read in its scheme. */
type ResolvedPatch = Omit<ClientPatch, 'taxId'> & { taxId?: Client['taxId'] | null };

/** Applies a patch to a client value (no I/O): `null` clears, names are re-checked against the person type. */
export function applyPatch(current: Client, patch: ResolvedPatch): Client {
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
    throw invalidFields(
      `names do not fit personType ${result.personType}: ${issues.map((i) => `${i.field} ${i.rule}`).join(', ')}`,
      issues.map(({ field, rule, personType }) => ({ pointer: `/${field}`, code: 'invalid_name', params: { rule, personType } })),
    );
  }
  result.displayName = displayName(result);
  result.sortName = sortName(result);
  return result;
}

export interface UpdateOutcome {
  client: Client;
  /** Set when the display name changed: renaming is allowed but can confuse billing (seed 002). */
  renamed?: { from: string; to: string };
}

/** What an update would write: the client as read, the next value, and its history entry (none when nothing changes). */
export interface PlannedUpdate {
  current: Client;
  next: Client;
  history: HistoryEntry[];
}

/**
 * Works out an update without writing it: every rule the write would face except uniqueness, which
 * only the store decides. The mass update's dry run shows these; `updateClient` writes them.
 */
export const planClientUpdate =
  (deps: ClientDeps) =>
  async (
    actor: Actor,
    id: string,
    given: ClientPatch,
    expectedVersion: ExpectedVersion,
    operation = 'update',
    operationId?: string,
  ): Promise<PlannedUpdate> => {
    const current = await getClient(deps)(actor, id);
    assertVersion('client', id, current.version, expectedVersion);
    const patch: ResolvedPatch = {
      ...given,
      taxId: typeof given.taxId === 'string' ? await resolveTaxId(deps.tenants, actor.tenantId, given.taxId) : given.taxId,
    };
    if (patch.branchId !== undefined && patch.branchId !== current.branchId) assertBranchChange(actor, patch.branchId);
    const changedRefs = Object.fromEntries(
      (['categoryId', 'zoneId', 'sellerId', 'collectorId', 'agentId', 'branchId'] as const).filter((f) => patch[f]).map((f) => [f, patch[f]]),
    );
    await assertReferences(deps, actor.tenantId, changedRefs);
    const now = deps.clock.now().toISOString();
    let next = compactClient({ ...applyPatch(current, patch), version: current.version + 1, updatedAt: now, updatedBy: actor.userId });
    if (assignedUserIds(next).join() !== assignedUserIds(current).join()) next = await withDepartments(deps, next);
    assertStaysVisible(actor, next);
    return { current, next, history: diffClient(current, next, { by: actor.userId, at: now, operation, operationId }) };
  };

/**
 * Updates a client if `expectedVersion` is current; the changed fields go to its history. A patch that
 * changes nothing writes nothing and keeps the version.
 */
export const updateClient =
  (deps: ClientDeps) =>
  async (
    actor: Actor,
    id: string,
    patch: ClientPatch,
    expectedVersion: ExpectedVersion,
    operation = 'update',
    operationId?: string,
  ): Promise<UpdateOutcome> => {
    const { current, next, history } = await planClientUpdate(deps)(actor, id, patch, expectedVersion, operation, operationId);
    if (history.length === 0) return { client: current };
    const copies = copiedFieldsChanged(current, next) ? deps.copies : undefined;
    await copies?.willChange(actor.tenantId, id);
    await explainingConflicts(deps, actor, next, () => deps.clients.update(next, current, history));
    await copies?.follow(actor.tenantId, id);
    return { client: next, ...(next.displayName !== current.displayName ? { renamed: { from: current.displayName, to: next.displayName } } : {}) };
  };

/** The client's fields its invoices copy (category and scope: InvoiceClientKeys). */
const COPIED_FIELDS = ['categoryId', 'sellerId', 'collectorId', 'agentId', 'branchId', 'assignedDepartmentIds'] as const;
export const copiedFieldsChanged = (a: Client, b: Client) => COPIED_FIELDS.some((f) => JSON.stringify(a[f] ?? null) !== JSON.stringify(b[f] ?? null));

/** Deletion only deactivates: the client leaves default lists, its collections stop, it can be restored. */
export const setClientStatus =
  (deps: ClientDeps) =>
  async (actor: Actor, id: string, status: Client['status'], expectedVersion: ExpectedVersion): Promise<Client> => {
    const current = await getClient(deps)(actor, id);
    assertVersion('client', id, current.version, expectedVersion);
    if (current.status === status) return current;
    const now = deps.clock.now().toISOString();
    const next: Client = { ...current, status, version: current.version + 1, updatedAt: now, updatedBy: actor.userId };
    await deps.clients.update(
      next,
      current,
      diffClient(current, next, { by: actor.userId, at: now, operation: status === 'inactive' ? 'deactivate' : 'restore' }),
    );
    return next;
  };

/** The clients of the caller's scope that match the filter, by name, one page. */
export const listClients =
  (deps: Pick<ClientDeps, 'clients'>) =>
  (actor: Actor, filter: ClientFilter, page: PageRequest): Promise<Page<Client>> =>
    deps.clients.list(actor.tenantId, { ...filter, scope: scopeOf(actor) }, page);

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
