import * as z from 'zod';
import { requireAccess, type Actor } from '../shared/actor.ts';
import { Id } from '../shared/fields.ts';
import { DomainError, invalidFields } from '../shared/errors.ts';
import type { IdGenerator } from '../shared/ports.ts';
import { assertReferences, planClientUpdate, updateClient, type ClientDeps } from './client.use-cases.ts';
import type { ClientPatch } from './client.schema.ts';
import { canSee, scopeOf } from './client-scope.ts';
import { FieldChange } from './history.ts';
import type { ClientFilter } from './ports.ts';

/** The fields a mass update may set; `null` clears. */
export const MassPatch = z
  .strictObject({
    categoryId: Id.nullable().optional(),
    zoneId: Id.nullable().optional(),
    sellerId: Id.nullable().optional(),
    collectorId: Id.nullable().optional(),
    agentId: Id.nullable().optional(),
    paymentTermsDays: z.number().int().min(0).max(365).nullable().optional(),
    collectionsEnabled: z.boolean().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'set at least one field', params: { reason: 'empty_patch' } });
export type MassPatch = z.infer<typeof MassPatch>;

export const MAX_SELECTED = 1_000;
/** A filter may match more than a selection; past this the request must be narrowed. */
export const MAX_MATCHED = 5_000;
const CONCURRENCY = 8;

export const MassOutcome = z.enum(['updated', 'unchanged', 'not_found', 'failed']);
export type MassOutcome = z.infer<typeof MassOutcome>;

/** What a mass update (or an agent reassignment) did, client by client. */
export const MassResult = z.object({
  operationId: z.string().describe("The operation's id, also on every history entry it wrote"),
  total: z.number(),
  counts: z.object({ updated: z.number(), unchanged: z.number(), not_found: z.number(), failed: z.number() }),
  failures: z
    .array(
      z.object({
        clientId: z.string(),
        outcome: MassOutcome,
        code: z.string().optional(),
        message: z.string(),
        // The error's facts, so the HTTP layer words `message` in the caller's language.
        details: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .describe('Every client that was not updated or unchanged, with the reason: partial failures are listed'),
  complete: z
    .boolean()
    .describe(
      '`true`: every selected client was reached. `false`: the request ran short of time and stopped ' +
        'starting new clients; repeat the same request with a new Idempotency-Key to continue (clients already updated come back `unchanged`)',
    ),
  remaining: z.number().int().describe('How many selected clients were not reached (not read, not written); 0 when complete'),
  remainingClientIds: z.array(z.string()).describe('The clients not reached, in selection order; empty when complete'),
  message: z.string().optional().describe('Only when not complete: what was done and how to continue, in the language of the answer'),
});
export type MassResult = z.infer<typeof MassResult>;

/** What a mass update would do (`dryRun: true`): nothing is written. */
export const MassPreview = z.object({
  dryRun: z.literal(true),
  total: z.number(),
  counts: MassResult.shape.counts.describe('How many clients the update would change (`updated`), leave as they are, not find or refuse'),
  clients: z
    .array(
      z.object({
        clientId: z.string(),
        displayName: z.string(),
        version: z.number().int().describe('The version the preview read'),
        changes: z.array(FieldChange).describe('Each field the update would change, with its value now (`from`) and after (`to`); empty: unchanged'),
      }),
    )
    .describe('Every selected client of your scope that the update would reach, in selection order'),
  failures: MassResult.shape.failures.describe('Every client the update would not reach, with the reason'),
});
export type MassPreview = z.infer<typeof MassPreview>;

/** Which clients a mass update reaches: the ids given, or every client of the caller's scope matching the filter. */
export interface MassTarget {
  clientIds?: string[] | undefined;
  filter?: ClientFilter | undefined;
  /** Required with a filter that names nothing but the status: the update then reaches every client of the scope. */
  all?: boolean | undefined;
}

/** A filter that names nothing but the status selects every client of the scope. */
const selectsEverything = (filter: ClientFilter) => Object.entries(filter).every(([field, value]) => field === 'status' || value === undefined);

/** Refuses a filter that selects everything unless `all: true` says so; a typo must not reach the whole book. */
function assertDeliberate(target: MassTarget) {
  if (target.filter && selectsEverything(target.filter) && target.all !== true) {
    throw invalidFields('a filter that names nothing but the status needs all: true', [{ pointer: '/filter', code: 'all_required' }]);
  }
}

/** The `clients.mass_update` permission, at any level: the update only reaches the caller's own scope. */
export function requireMassUpdate(actor: Actor) {
  requireAccess(actor, { level: 4, permission: 'clients.mass_update' });
}

/** Asked before each new client is started; `false` stops starting more (work in flight finishes). */
export type KeepGoing = () => boolean;
const always: KeepGoing = () => true;

/**
 * Runs `work` over `items` with a small fixed concurrency, keeping order of results. Items are
 * started in order and none once `keepGoing` says no, so the results are those of a prefix of
 * `items`: the rest were never started.
 */
export async function inBatches<T, R>(items: T[], work: (item: T) => Promise<R>, concurrency = CONCURRENCY, keepGoing: KeepGoing = always): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length && keepGoing()) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  });
  await Promise.all(workers);
  return results.slice(0, next);
}

/**
 * Applies one patch to many clients. Each client is updated on its own (optimistic, retried once on a
 * concurrent change), recorded in its history under one operation id, and reported; running the same
 * request again reports every client `unchanged`.
 */
export const massUpdateClients =
  (deps: ClientDeps & { ids: IdGenerator }, limits: { maxMatched: number } = { maxMatched: MAX_MATCHED }) =>
  async (actor: Actor, target: MassTarget, patch: MassPatch, operation = 'mass_update', keepGoing: KeepGoing = always): Promise<MassResult> => {
    const ids = await selectClients(deps, actor, target, patch, limits.maxMatched);
    return applyToAll(deps, actor, ids, patch, operation, keepGoing);
  };

/** The patch applied to `ids` in order until `keepGoing` says no; the clients never started are reported as remaining. */
export async function applyToAll(
  deps: ClientDeps & { ids: IdGenerator },
  actor: Actor,
  ids: string[],
  patch: MassPatch,
  operation: string,
  keepGoing: KeepGoing,
): Promise<MassResult> {
  const operationId = deps.ids.next();
  const results = await inBatches(
    ids,
    async (clientId) => applyOne(deps, actor, clientId, patch as ClientPatch, operation, operationId),
    CONCURRENCY,
    keepGoing,
  );
  const remainingClientIds = ids.slice(results.length);
  return { operationId, ...tally(ids, results), complete: remainingClientIds.length === 0, remaining: remainingClientIds.length, remainingClientIds };
}

/**
 * What the same mass update would do, client by client, without writing anything: the same
 * selection, scope, limits and rules as the real run (uniqueness aside: a mass patch sets no unique
 * field). A client changed after the preview is updated from its new version by the real run.
 */
export const previewMassUpdate =
  (deps: ClientDeps, limits: { maxMatched: number } = { maxMatched: MAX_MATCHED }) =>
  async (actor: Actor, target: MassTarget, patch: MassPatch): Promise<MassPreview> => {
    const ids = await selectClients(deps, actor, target, patch, limits.maxMatched);
    const results = await inBatches(ids, async (clientId) => previewOne(deps, actor, clientId, patch as ClientPatch));
    const clients = results.flatMap((r) => (r.preview ? [r.preview] : []));
    return { dryRun: true, ...tally(ids, results), clients };
  };

/** The ids a mass update reaches, after its refusals that apply to the whole request. */
async function selectClients(deps: ClientDeps, actor: Actor, target: MassTarget, patch: MassPatch, maxMatched: number): Promise<string[]> {
  assertDeliberate(target);
  await assertReferences(deps, actor.tenantId, patch as ClientPatch);
  return target.clientIds ? [...new Set(target.clientIds)] : matchingClientIds(deps, actor, target.filter!, maxMatched);
}

type OneResult = { outcome: MassOutcome; code?: string; message?: string; details?: Record<string, unknown> };

/** Counts per outcome, and every client that was not found or refused. */
function tally(ids: string[], results: OneResult[]): Pick<MassResult, 'total' | 'counts' | 'failures'> {
  const counts: Record<MassOutcome, number> = { updated: 0, unchanged: 0, not_found: 0, failed: 0 };
  const failures: MassResult['failures'] = [];
  results.forEach((r, i) => {
    counts[r.outcome]++;
    if (r.outcome === 'not_found' || r.outcome === 'failed') {
      failures.push({ clientId: ids[i]!, outcome: r.outcome, code: r.code, message: r.message ?? '', ...(r.details ? { details: r.details } : {}) });
    }
  });
  return { total: ids.length, counts, failures };
}

const notFoundResult = (clientId: string): OneResult => ({
  outcome: 'not_found',
  code: 'not_found',
  message: 'no such client',
  details: { entity: 'client', id: clientId },
});

/** The ids of every client of the caller's scope matching `filter` (any page), refusing more than `maxMatched`. */
export async function matchingClientIds(deps: Pick<ClientDeps, 'clients'>, actor: Actor, filter: ClientFilter, maxMatched = MAX_MATCHED): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.clients.list(actor.tenantId, { ...filter, scope: scopeOf(actor) }, { limit: 100, cursor });
    ids.push(...page.items.map((c) => c.id));
    if (ids.length > maxMatched) {
      throw new DomainError('invalid_state', `the filter matches more than ${maxMatched} clients`, { reason: 'too_many_matches', limit: maxMatched });
    }
    cursor = page.cursor;
  } while (cursor);
  return ids;
}

/** One client of a preview: what its update would change, or why it would not be reached. */
async function previewOne(
  deps: ClientDeps,
  actor: Actor,
  clientId: string,
  patch: ClientPatch,
): Promise<OneResult & { preview?: MassPreview['clients'][number] }> {
  try {
    // One read: the plan reads the client (absent or outside the scope: not_found) and takes its version.
    const { current, history } = await planClientUpdate(deps)(actor, clientId, patch, 'any', 'mass_update');
    const changes = history[0]?.changes ?? [];
    return { outcome: changes.length ? 'updated' : 'unchanged', preview: { clientId, displayName: current.displayName, version: current.version, changes } };
  } catch (error) {
    // As in the real run: a rule refusing this client is its failure; anything else stops the preview.
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'not_found') return notFoundResult(clientId);
    return { outcome: 'failed', code: error.code, message: error.message, details: error.details };
  }
}

async function applyOne(deps: ClientDeps, actor: Actor, clientId: string, patch: ClientPatch, operation: string, operationId: string): Promise<OneResult> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const current = await deps.clients.get(actor.tenantId, clientId);
    // Outside the caller's scope reads as absent, as everywhere else.
    if (!current || !canSee(actor, current)) return notFoundResult(clientId);
    try {
      const { client } = await updateClient(deps)(actor, clientId, patch, current.version, operation, operationId);
      return { outcome: client.version === current.version ? 'unchanged' : 'updated' };
    } catch (error) {
      // Only a rule refusing this one client is that client's failure. Anything else (the store
      // unreachable, throttled, out of time) stops the whole run, so the caller gets the 503 and runs it
      // again: done clients then report `unchanged`.
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'version_mismatch' && attempt === 0) continue;
      return { outcome: 'failed', code: error.code, message: error.message, details: error.details };
    }
  }
  return { outcome: 'failed', code: 'version_mismatch', message: 'changed concurrently twice', details: { reason: 'changed_twice' } };
}

/** A user's mass update: checks the permission, then applies the patch while `keepGoing` allows. */
export const requestMassUpdate =
  (deps: ClientDeps & { ids: IdGenerator }) =>
  async (actor: Actor, target: MassTarget, patch: MassPatch, keepGoing: KeepGoing = always): Promise<MassResult> => {
    requireMassUpdate(actor);
    return massUpdateClients(deps)(actor, target, patch, 'mass_update', keepGoing);
  };

/** A user's dry run: the same permission as the update itself, since it reads the same clients. */
export const requestMassPreview =
  (deps: ClientDeps) =>
  async (actor: Actor, target: MassTarget, patch: MassPatch): Promise<MassPreview> => {
    requireMassUpdate(actor);
    return previewMassUpdate(deps)(actor, target, patch);
  };
