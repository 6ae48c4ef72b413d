import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import type { CatalogEntry, CatalogKind } from '../../domain/clients/catalog.schema.ts';
import { canSee } from '../../domain/clients/client-scope.ts';
import type { Client } from '../../domain/clients/client.schema.ts';
import { planClientUpdate, type ClientDeps } from '../../domain/clients/client.use-cases.ts';
import { plainTaxIdScheme } from '../../domain/clients/plain-tax-id.ts';
import type { ClientLookup } from '../../domain/clients/ports.ts';
import { clientImportSpec } from '../../domain/imports/client-columns.ts';
import { readClientRow, validateCreate, validateUpdate, type ClientCandidate, type ClientLookups } from '../../domain/imports/client-rows.ts';
import { isEmptyCell } from '../../domain/imports/cells.ts';
import { bounded, headerText, mapHeaders } from '../../domain/imports/header-mapping.ts';
import {
  importRecordId,
  type ClientImportWriter,
  type HeaderMapping,
  type ImportContext,
  type ImportProcessor,
  type PlannedClientChange,
  type RowError,
  type RowOutcome,
} from '../../domain/imports/rows.ts';
import { DomainError, holderDetails, notFound } from '../../domain/shared/errors.ts';
import { Id } from '../../domain/shared/fields.ts';
import type { PageRequest } from '../../domain/shared/ports.ts';
import { fold } from '../../domain/shared/text.ts';
import { clientKeyOf, type ClientBatchLookup, type ClientKey } from '../adapters/dynamodb/client-batch-lookup.ts';
import { domainRowErrors, matchError, rowError, templateHeader, type HeaderOf } from './client-row-errors.ts';
import { lastChangeWasRow } from './per-row-client-writer.ts';

/**
 * The clients import: header row → columns, then per batch: read each row (pure), refuse rows that
 * repeat an earlier row of the file, match the rest (id, else custom id, else tax id, else e-mail: the
 * first key the row gives decides, docs/decisions.md), plan a create or an update (none when the row
 * changes nothing), and hand the plan to the writer. A dry run plans, reads what the write would find
 * out (a taken e-mail, the update's scope), and writes nothing.
 *
 * Reads: the tenant's categories, zones and users once per job; per batch, with `lookup`, two BatchGetItems
 * (the guards of the values the rows match by, then the clients) — without it, per row one GetItem by id or
 * two by a unique key; a row that changes nothing costs one history item more only when the importing user
 * made the client's last change (was it this very row, delivered before?).
 */
export interface ClientsProcessorDeps extends ClientDeps {
  writer: ClientImportWriter;
  /** The batch's matching in a few reads (client-batch-lookup.ts); absent, each row reads its own. */
  lookup?: ClientBatchLookup;
}

/** What a job keeps between its batches in one process: its lookups and the keys its rows claimed. */
interface JobState {
  key: string;
  lookups: Promise<ClientLookups>;
  /** `<kind>:<value>` → the first row of the file that gave it. */
  seen: Map<string, number>;
}

/** Jobs whose lookups and claimed keys one processor keeps. */
const JOBS_KEPT = 4;
/** Rows matched at once. */
const MATCH_CONCURRENCY = 8;
/** The colour a category created by an import gets (a neutral grey the user can change). */
const NEW_CATEGORY_COLOR = '#9E9E9E';

export function clientsImportProcessor(deps: ClientsProcessorDeps): ImportProcessor {
  /** The file's own header text per column key, for the error workbook (the template's header otherwise). */
  const fileHeaders = new WeakMap<HeaderMapping, Map<string, string>>();
  const jobs = new Map<string, JobState>();

  function stateOf(context: ImportContext): JobState {
    const key = `${context.actor.tenantId}#${context.jobId}`;
    let job = jobs.get(key);
    if (!job) {
      job = { key, lookups: loadLookups(deps, context.actor.tenantId), seen: new Map() };
      jobs.set(key, job);
      // A process runs one job at a time; a few are kept so interleaved jobs do not forget each other.
      if (jobs.size > JOBS_KEPT) jobs.delete(jobs.keys().next().value!);
      // A failed load must not stay cached for the job's next batch.
      job.lookups.catch(() => {
        if (jobs.get(key) === job) jobs.delete(key);
      });
    }
    return job;
  }

  return {
    spec: clientImportSpec,

    mapHeaders(cells) {
      const result = mapHeaders(clientImportSpec, cells);
      if ('mapping' in result) {
        fileHeaders.set(result.mapping, new Map([...result.mapping.columns].map(([index, key]) => [key, headerText(cells[index])])));
      }
      return result;
    },

    async processBatch(context, mapping, rows) {
      const state = stateOf(context);
      const lookups = await state.lookups;
      const headers = fileHeaders.get(mapping);
      const headerOf: HeaderOf = (key) => headers?.get(key) ?? templateHeader(key);
      const outcomes = new Map<number, RowOutcome>();
      const failed = (row: number, errors: readonly RowError[], recordId?: string) =>
        outcomes.set(row, { row, result: 'failed', ...(recordId ? { recordId } : {}), errors });

      // 1. Read every row (pure).
      const candidates: ClientCandidate[] = [];
      for (const source of [...rows].sort((a, b) => a.row - b.row)) {
        // A row with nothing in the import's columns (a blank line, notes in other columns) asks for nothing.
        if (![...mapping.columns.keys()].some((i) => !isEmptyCell(source.cells[i]))) {
          outcomes.set(source.row, { row: source.row, result: 'unchanged' });
          continue;
        }
        const read = readClientRow(mapping, source, lookups, { createMissingReferences: context.createMissingReferences });
        if ('issues' in read)
          failed(
            source.row,
            read.issues.map((issue) => rowError(issue, headerOf)),
          );
        else candidates.push(read.candidate);
      }

      // 2. A row repeating an earlier row's id, custom id, tax id or e-mail fails naming it (synchronous, so
      // a batch done twice, even at once, decides the same).
      const unique: ClientCandidate[] = [];
      for (const candidate of candidates) {
        const claims = claimsOf(candidate);
        const earlier = claims.find((c) => (state.seen.get(c.claim) ?? candidate.row) < candidate.row);
        if (earlier) {
          failed(candidate.row, [
            matchError(
              candidate.row,
              'duplicate_in_file',
              { firstRow: state.seen.get(earlier.claim), key: earlier.key, value: earlier.value },
              { key: earlier.column, value: candidate.cells.get(earlier.column) },
              headerOf,
            ),
          ]);
          continue;
        }
        for (const { claim } of claims) state.seen.set(claim, Math.min(state.seen.get(claim) ?? candidate.row, candidate.row));
        unique.push(candidate);
      }

      // 3. Categories and zones the rows name that do not exist yet, when the job says to create them.
      const ready = await withMissingReferences(deps, context, lookups, unique, (row, errors) => failed(row, errors));

      // 4. Match and plan.
      const changes: PlannedClientChange[] = [];
      const cellsByRow = new Map(ready.map((c) => [c.row, c.cells]));
      const keys = ready.flatMap((c) => readableKey(matchKey(c)) ?? []);
      const found = deps.lookup && keys.length ? await deps.lookup(context.actor.tenantId, keys) : undefined;
      await pool(ready, MATCH_CONCURRENCY, async (candidate) => {
        const planned = await plan(deps, context, candidate, headerOf, found);
        if ('outcome' in planned) outcomes.set(candidate.row, planned.outcome);
        else changes.push(planned.change);
      });

      // 5. Write (or, in a dry run, say what would be written).
      changes.sort((a, b) => a.row - b.row);
      const written = context.dryRun
        ? changes.map(
            (c): RowOutcome => ({
              row: c.row,
              result: c.kind === 'create' ? 'created' : 'updated',
              recordId: c.kind === 'create' ? importRecordId(context.jobId, c.row) : c.clientId,
            }),
          )
        : await deps.writer.write(context, changes);
      for (const outcome of written) outcomes.set(outcome.row, withFileHeaders(outcome, headerOf, cellsByRow.get(outcome.row)));
      return [...outcomes.values()].sort((a, b) => a.row - b.row);
    },
  };
}

/** The keys a row claims in the file: its id and each unique value it gives. */
function claimsOf(candidate: ClientCandidate) {
  const claims: Array<{ claim: string; key: string; column: string; value: string }> = [];
  if (candidate.id) claims.push({ claim: `id:${candidate.id}`, key: 'id', column: 'id', value: candidate.id });
  for (const [key, column] of [
    ['customId', 'customId'],
    ['taxId', 'taxId.value'],
    ['email', 'email'],
  ] as const) {
    const value = candidate.keys[key];
    if (value) claims.push({ claim: `${key}:${value}`, key, column, value: candidate.cells.get(column) ?? value });
  }
  return claims;
}

type Plan = { outcome: RowOutcome } | { change: PlannedClientChange };

/** The key a row is matched by: its id, else the first of custom id, tax id and e-mail it gives (none: a new client). */
function matchKey(candidate: ClientCandidate): ClientKey | undefined {
  if (candidate.id) return { kind: 'id', value: candidate.id };
  for (const kind of ['customId', 'taxId', 'email'] as const satisfies ClientLookup[]) {
    const value = candidate.keys[kind];
    if (value) return { kind, value };
  }
  return undefined;
}

/** A key worth reading: not an id that is none of ours (too long for a key, odd characters), which no client has. */
const readableKey = (key: ClientKey | undefined) => (key && (key.kind !== 'id' || Id.safeParse(key.value).success) ? key : undefined);

/** Finds the client a row names, by the first key it gives (read before for the batch, or now); clients the actor cannot see are not found. */
async function match(
  deps: ClientsProcessorDeps,
  context: ImportContext,
  candidate: ClientCandidate,
  found: Map<string, Client | undefined> | undefined,
): Promise<{ client?: Client; key?: string }> {
  const { tenantId } = context.actor;
  const key = matchKey(candidate);
  if (!key) return {};
  if (!readableKey(key)) return { key: 'id' };
  const client = found
    ? found.get(clientKeyOf(key))
    : key.kind === 'id'
      ? await deps.clients.get(tenantId, key.value)
      : await deps.clients.findBy(tenantId, key.kind, key.value);
  return client && client.tenantId === tenantId && canSee(context.actor, client) ? { client, key: key.kind } : { key: key.kind };
}

async function plan(
  deps: ClientsProcessorDeps,
  context: ImportContext,
  candidate: ClientCandidate,
  headerOf: HeaderOf,
  found?: Map<string, Client | undefined>,
): Promise<Plan> {
  const { row } = candidate;
  const fail = (errors: RowError[], recordId?: string): Plan => ({ outcome: { row, result: 'failed', ...(recordId ? { recordId } : {}), errors } });
  const { client, key } = await match(deps, context, candidate, found);
  if (candidate.id && !client) {
    const errors = domainRowErrors(notFound('client', bounded(candidate.id, 80)), row, candidate.cells, headerOf) ?? [];
    return fail(errors.map((e) => ({ ...e, column: headerOf('id'), value: candidate.cells.get('id') ?? candidate.id! })));
  }
  if (client) {
    const own = importRecordId(context.jobId, row);
    // This very row created it (an earlier delivery of the batch): the same outcome, nothing written.
    if (client.id === own) return { outcome: { row, result: 'created', recordId: client.id } };
    const name = client.displayName;
    if (client.provenance.source === 'import' && client.provenance.importJobId === context.jobId) {
      return fail([matchError(row, 'duplicate_in_file', { name, clientId: client.id, key }, columnOf(candidate, key), headerOf)], client.id);
    }
    if (context.mode === 'create')
      return fail([matchError(row, 'already_exists', { name, clientId: client.id, key }, columnOf(candidate, key), headerOf)], client.id);
    const update = validateUpdate(candidate, client);
    if ('issues' in update)
      return fail(
        update.issues.map((issue) => rowError(issue, headerOf)),
        client.id,
      );
    if ('unchanged' in update) {
      const again = !context.dryRun && (await lastChangeWasRow(deps.clients, client, context, row));
      return { outcome: { row, result: again ? 'updated' : 'unchanged', recordId: client.id } };
    }
    const change: PlannedClientChange = { row, kind: 'update', clientId: client.id, patch: update.patch, expectedVersion: client.version };
    const refused = context.dryRun ? await wouldFail(deps, context, candidate, change, headerOf) : undefined;
    return refused ? fail(refused, client.id) : { change };
  }
  if (context.mode === 'update') return fail([matchError(row, 'no_match', {}, undefined, headerOf)]);
  const create = validateCreate(candidate);
  if ('issues' in create) return fail(create.issues.map((issue) => rowError(issue, headerOf)));
  const change: PlannedClientChange = { row, kind: 'create', input: create.input };
  const refused = context.dryRun ? await wouldFail(deps, context, candidate, change, headerOf) : undefined;
  return refused ? fail(refused) : { change };
}

/**
 * What only the write would find out, found by reading for a dry run: an update's scope and references
 * (`planClientUpdate`), and a unique value (e-mail, tax id, custom id) another client holds. A real run
 * leaves these to the write itself, which decides them atomically.
 */
async function wouldFail(
  deps: ClientsProcessorDeps,
  context: ImportContext,
  candidate: ClientCandidate,
  change: PlannedClientChange,
  headerOf: HeaderOf,
): Promise<RowError[] | undefined> {
  const { actor } = context;
  const self = change.kind === 'create' ? importRecordId(context.jobId, change.row) : change.clientId;
  const values: Record<string, unknown> = change.kind === 'create' ? change.input : change.patch;
  try {
    if (change.kind === 'update') await planClientUpdate(deps)(actor, change.clientId, change.patch, change.expectedVersion);
    for (const field of ['email', 'taxId', 'customId'] as const satisfies ClientLookup[]) {
      const value = candidate.keys[field];
      if (!value || values[field] === undefined || values[field] === null) continue;
      const holder = await deps.clients.findBy(actor.tenantId, field, value);
      if (!holder || holder.id === self) continue;
      const scheme = field === 'taxId' ? { taxIdScheme: value.slice(0, value.indexOf(':')) } : {};
      const seen = canSee(actor, holder) ? { name: holder.displayName, status: holder.status } : { visible: false };
      throw new DomainError('conflict', `client with this ${field} already exists`, {
        entity: 'client',
        field,
        existingId: holder.id,
        ...scheme,
        ...holderDetails(seen),
      });
    }
    return undefined;
  } catch (error) {
    const errors = domainRowErrors(error, change.row, candidate.cells, headerOf);
    if (!errors) throw error;
    return errors;
  }
}

const keyColumn: Record<string, string> = { id: 'id', customId: 'customId', taxId: 'taxId.value', email: 'email' };
const columnOf = (candidate: ClientCandidate, key: string | undefined) => {
  const column = key ? keyColumn[key] : undefined;
  return column ? { key: column, value: candidate.cells.get(column) } : undefined;
};

/** A writer's outcome with the file's headers in its errors (the writer names the template's) and the cell values it lacks. */
function withFileHeaders(outcome: RowOutcome, headerOf: HeaderOf, cells: ReadonlyMap<string, string> | undefined): RowOutcome {
  if (!outcome.errors?.length) return outcome;
  const byTemplate = new Map(clientImportSpec.columns.map((c) => [templateHeader(c.key), c.key]));
  return {
    ...outcome,
    errors: outcome.errors.map((e) => {
      const key = e.column === undefined ? undefined : byTemplate.get(e.column);
      if (!key) return e;
      const value = e.value ?? cells?.get(key);
      return { ...e, column: headerOf(key), ...(value !== undefined ? { value } : {}) };
    }),
  };
}

/**
 * Creates the categories and zones rows name that do not exist yet (once each per job, level 1 only, as
 * through the API) and points the rows at them; a row whose creation is refused fails with the reason.
 * A dry run creates nothing and plans the rows without the reference.
 */
async function withMissingReferences(
  deps: ClientsProcessorDeps,
  context: ImportContext,
  lookups: ClientLookups,
  candidates: ClientCandidate[],
  failed: (row: number, errors: RowError[]) => void,
): Promise<ClientCandidate[]> {
  const out: ClientCandidate[] = [];
  for (const candidate of candidates) {
    let next = candidate;
    let refused = false;
    for (const [kind, field, list] of [
      ['category', 'categoryId', lookups.categories],
      ['zone', 'zoneId', lookups.zones],
    ] as const) {
      const name = candidate.missing[kind];
      if (!name || context.dryRun) continue;
      try {
        const entry = list.get(fold(name)) ?? (await createReference(deps, context, kind, name, list as Map<string, { id: string; name: string }>));
        next = { ...next, given: { ...next.given, [field]: entry.id }, input: { ...next.input, [field]: entry.id } };
      } catch (error) {
        const errors = domainRowErrors(error, candidate.row, candidate.cells);
        if (!errors) throw error;
        failed(
          candidate.row,
          errors.map((e) => ({ ...e, column: templateHeader(field), value: name })),
        );
        refused = true;
        break;
      }
    }
    if (!refused) out.push(next);
  }
  return out;
}

export async function createReference(
  deps: ClientsProcessorDeps,
  context: ImportContext,
  kind: CatalogKind,
  name: string,
  list: Map<string, { id: string; name: string }>,
): Promise<{ id: string; name: string }> {
  try {
    const entry = await createCatalogEntry(deps)(context.actor, kind, kind === 'category' ? { name, color: NEW_CATEGORY_COLOR } : { name });
    list.set(fold(entry.name), { id: entry.id, name: entry.name });
    return entry;
  } catch (error) {
    // Created meanwhile (the same batch delivered twice at once): take the one that exists.
    const entries = await listAll((page) => deps.catalogs.list(context.actor.tenantId, kind, page));
    const existing = entries.find((e) => fold(e.name) === fold(name));
    if (!existing) throw error;
    list.set(fold(existing.name), { id: existing.id, name: existing.name });
    return existing;
  }
}

/** Every item of a paged list. */
async function listAll<T>(read: (page: PageRequest) => Promise<{ items: T[]; cursor?: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

/** The tenant's categories, zones and users, and the scheme of its plain tax ids: read once per job. */
export async function loadLookups(deps: Pick<ClientDeps, 'catalogs' | 'users' | 'tenants'>, tenantId: string): Promise<ClientLookups> {
  const [categories, zones, users, tenant] = await Promise.all([
    listAll((page) => deps.catalogs.list(tenantId, 'category', page)),
    listAll((page) => deps.catalogs.list(tenantId, 'zone', page)),
    listAll((page) => deps.users.list(tenantId, page, { status: 'all' })),
    deps.tenants.get(tenantId),
  ]);
  const byName = (entries: CatalogEntry[]) => new Map(entries.map((e) => [fold(e.name), { id: e.id, name: e.name }]));
  return {
    categories: byName(categories),
    zones: byName(zones),
    users: new Map(users.map((u) => [u.email.toLowerCase(), { id: u.id, email: u.email, name: u.name, status: u.status }])),
    taxIdScheme: tenant ? plainTaxIdScheme(tenant) : undefined,
  };
}

/** Runs `work` over the items, at most `size` at a time. */
async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
