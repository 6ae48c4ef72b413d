import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { usageMoves, type UsageMove } from '../../../domain/clients/catalog-usage.ts';
import type { Client } from '../../../domain/clients/client.schema.ts';
import { copiedFieldsChanged, namingHolder, planClientCreate, planClientUpdate, type ClientDeps } from '../../../domain/clients/client.use-cases.ts';
import { diffClient, type HistoryEntry } from '../../../domain/clients/history.ts';
import type { CatalogRepository } from '../../../domain/clients/ports.ts';
import { importRecordId, type ClientImportWriter, type ImportContext, type PlannedClientChange, type RowOutcome } from '../../../domain/imports/rows.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { conflict, DomainError, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import type { OrgUnitRepository, TenantRepository, UserRepository } from '../../../domain/workspace/ports.ts';
import { unavailabilityOf } from '../unavailability.ts';
import { contactsOfItem, contactsReadWith, clientFromItem, type StoredContacts } from './client-item.ts';
import { uniqueValues } from './client.repository.ts';
import {
  counterItems,
  counterKey,
  createItems,
  guardMoves,
  splitCreate,
  sumMoves,
  updateItems,
  type Claim,
  type ClientItems,
  type TransactItem,
} from './client-import-items.ts';
import { failedRow } from './client-import-outcomes.ts';
import type { DataService } from './entities/index.ts';
import { type BatchGettable, entityBatchGet } from './entity-batch-get.ts';
import { fromHistoryItem } from './history-items.ts';

export interface ClientImportWriterDeps extends ClientDeps {
  data: DataService;
  document: DynamoDBDocumentClient;
}

export interface ClientImportWriterOptions {
  /** Transactions in flight at once (never two touching the same category or zone count). */
  concurrency?: number;
  /** Items per TransactWriteItems (DynamoDB's limit: 100). */
  maxItems?: number;
  /** Serialized bytes per transaction (DynamoDB's limit: 4 MB; kept below it for the request's own overhead). */
  maxBytes?: number;
  /** Tries of a transaction refused for load (throttling, contention, a 5xx, no answer), jittered. */
  attempts?: number;
  /**
   * A create's history and search terms by BatchWriteItem after its transaction (true, the default), or in it.
   * Either way a redo that meets the job's own client puts them again (`repairCreates`).
   */
  deferUnconditional?: boolean;
  /** BatchWriteItem requests (25 puts each) in flight at once. */
  batchWrites?: number;
  /**
   * Read the guards the batch claims before writing (true, the default), so a taken value fails its row before any
   * transaction; without, the guard's own condition finds it and the group is sent again without the row.
   */
  preReadGuards?: boolean;
}

/** One planned change that survived planning and the pre-reads: what it writes and what its row becomes. */
interface Unit {
  index: number;
  row: number;
  kind: 'create' | 'update';
  client: Client;
  previous?: Client;
  contacts?: StoredContacts;
  history: HistoryEntry[];
  claims: Claim[];
  moves: UsageMove[];
  items?: ClientItems;
  /** A create's puts sent by BatchWriteItem once its transaction committed (history, search terms). */
  after?: TransactItem[];
  /** Contact-race rebuilds left (a contact write moved the client's contact state between read and write). */
  rebuilds: number;
}

const TRANSIENT_CODES = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded', 'InternalServerError']);

const backoff = (attempt: number) => sleep(Math.random() * Math.min(1_000, 20 * 2 ** attempt));

/** A read of the batch's references once per batch: 100 rows naming 3 categories read 3 items, not 100. */
function memo<A extends unknown[], R>(read: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const seen = new Map<string, Promise<R>>();
  return (...args: A) => {
    const key = JSON.stringify(args);
    let found = seen.get(key);
    if (!found) {
      found = read(...args);
      seen.set(key, found);
    }
    return found;
  };
}

/** The planning dependencies of one batch: each category, zone, branch, user and the tenant read once. */
export function readingReferencesOnce(deps: ClientDeps): ClientDeps {
  return {
    ...deps,
    clients: deps.clients,
    catalogs: { get: memo((t: string, k: Parameters<CatalogRepository['get']>[1], id: string) => deps.catalogs.get(t, k, id)) } as unknown as CatalogRepository,
    users: { get: memo((t: string, id: string) => deps.users.get(t, id)) } as unknown as UserRepository,
    orgUnits: { get: memo((t: string, k: Parameters<OrgUnitRepository['get']>[1], id: string) => deps.orgUnits.get(t, k, id)) },
    tenants: { get: memo((t: string) => deps.tenants.get(t)) } as Pick<TenantRepository, 'get'>,
  };
}

/**
 * The client import writer (domain/imports/rows.ts): a batch of planned creates and updates with the
 * API's rules (planClientCreate / planClientUpdate) in a few round trips. The batch's guards and the
 * creates' ids are pre-read in BatchGetItem; clients are written several per TransactWriteItems (whole
 * clients, ≤ 100 items, ≤ 4 MB) with the group's counts summed per category and zone; a cancelled group
 * finds its cause in the cancellation reasons, settles the rows concerned and writes the rest again.
 * Creates take `importRecordId(job, row)`, so a redo (or a second delivery at once) meets its own
 * earlier write and reports it as `created` without writing anything.
 */
export function dynamoClientImportWriter(deps: ClientImportWriterDeps, options: ClientImportWriterOptions = {}): ClientImportWriter {
  const concurrency = options.concurrency ?? 4;
  const maxItems = options.maxItems ?? 100;
  const maxBytes = options.maxBytes ?? 3_500_000;
  const attempts = options.attempts ?? 8;
  const deferUnconditional = options.deferUnconditional ?? true;
  const batchWrites = limiter(options.batchWrites ?? 8);
  const preReadGuards = options.preReadGuards ?? true;
  const { data, document } = deps;
  const { client: clientEntity, uniqueGuard, clientHistory } = data.entities;

  /** The stored items of the given keys: BatchGetItem, consistent, requests of 100 keys side by side (ElectroDB's own get sends them one after another). */
  const batchGet = <K extends object>(entity: BatchGettable<K>, keys: K[]) => entityBatchGet(entity, keys, { consistent: true, attempts });

  const readClients = async (tenantId: string, ids: string[]) =>
    new Map(
      (
        await batchGet(
          clientEntity as never,
          [...new Set(ids)].map((id) => ({ tenantId, id })),
        )
      ).map((item) => [item.id as string, item]),
    );

  /** Whether this job's earlier write of the row already made the update (its latest history entry is it). */
  async function earlierUpdate(tenantId: string, clientId: string, expectedVersion: number, jobId: string) {
    const { data: latest } = await clientHistory.query.byClient({ tenantId, clientId }).go({ limit: 5, order: 'desc', pages: 1 });
    return latest
      .map((h) => fromHistoryItem(h as Record<string, unknown>))
      .some(
        (h) =>
          !h.contactId &&
          !h.invoiceId &&
          !h.sourceId &&
          !h.estimateId &&
          h.operation === 'import' &&
          h.operationId === jobId &&
          h.version === expectedVersion + 1,
      );
  }

  /** The conflict of a taken value, naming the holder as the API does. */
  const taken = (actor: Actor, unit: Unit, claim: Claim, holderId: string, holder: Client | undefined) =>
    namingHolder(actor, unit.client, conflict('client', claim.field, holderId), holder);

  async function write(context: ImportContext, changes: readonly PlannedClientChange[]): Promise<RowOutcome[]> {
    const { actor, jobId } = context;
    const outcomes: Array<RowOutcome | undefined> = new Array(changes.length);
    const settle = (unit: Pick<Unit, 'index'>, outcome: RowOutcome) => {
      outcomes[unit.index] = outcome;
    };

    // 1. Plan every row with the API's own rules, references read once per batch.
    const planDeps = readingReferencesOnce(deps);
    const updated = new Set<string>();
    const planned = await Promise.all(
      changes.map(async (change, index): Promise<Unit | undefined> => {
        try {
          if (change.kind === 'create') {
            const id = importRecordId(jobId, change.row);
            const { client, history } = await planClientCreate(planDeps)(actor, change.input, { source: 'import', importJobId: jobId }, id);
            return { index, row: change.row, kind: 'create', client, history, claims: uniqueValues(client), moves: usageMoves(undefined, client), rebuilds: 3 };
          }
          // The same client twice in one batch: the second row would meet the first's version.
          if (updated.has(change.clientId)) throw versionMismatch('client', change.clientId);
          updated.add(change.clientId);
          const { current, next, history } = await planClientUpdate(planDeps)(actor, change.clientId, change.patch, change.expectedVersion, 'import', jobId);
          if (!history.length) {
            settle({ index }, { row: change.row, result: 'unchanged', recordId: current.id });
            return undefined;
          }
          return {
            index,
            row: change.row,
            kind: 'update',
            client: next,
            previous: current,
            contacts: contactsReadWith(current),
            history,
            claims: guardMoves(current, next).added,
            moves: usageMoves(current, next),
            rebuilds: 3,
          };
        } catch (error) {
          const recordId = change.kind === 'update' ? change.clientId : undefined;
          if (
            change.kind === 'update' &&
            error instanceof DomainError &&
            error.code === 'version_mismatch' &&
            (await earlierUpdate(actor.tenantId, change.clientId, change.expectedVersion, jobId))
          ) {
            settle({ index }, { row: change.row, result: 'updated', recordId: change.clientId });
          } else settle({ index }, failedRow(change.row, error, recordId));
          return undefined;
        }
      }),
    );
    let units = planned.filter((u): u is Unit => u !== undefined);

    // 2. Pre-read, side by side: the creates' ids (this job's earlier write of a row) and every guard the batch claims.
    const guardKey = (c: Claim) => `${c.scope}#${c.value}`;
    const [existing, guardItems] = await Promise.all([
      readClients(
        actor.tenantId,
        units.filter((u) => u.kind === 'create').map((u) => u.client.id),
      ),
      preReadGuards
        ? batchGet(uniqueGuard as never as BatchGettable<{ tenantId: string; scope: string; value: string }>, [
            ...new Map(units.flatMap((u) => u.claims).map((c) => [guardKey(c), { tenantId: actor.tenantId, scope: c.scope, value: c.value }])).values(),
          ])
        : [],
    ]);
    /** The job's own clients met stored (a redo, a second delivery): their deferred puts are sent again. */
    const met: Array<Record<string, unknown>> = [];
    units = units.filter((u) => {
      const stored = u.kind === 'create' ? existing.get(u.client.id) : undefined;
      if (!stored) return true;
      if ((stored.provenance as Client['provenance'] | undefined)?.importJobId === jobId) {
        settle(u, { row: u.row, result: 'created', recordId: u.client.id });
        met.push(stored);
      } else settle(u, failedRow(u.row, conflict('client', 'id', u.client.id), u.client.id));
      return false;
    });
    const guards = new Map(guardItems.map((g) => [`${g.scope}#${g.value}`, g.ownerId as string]));
    const refused: Array<{ unit: Unit; claim: Claim; holderId: string; holder?: Client }> = [];
    units = units.filter((u) => {
      const clash = u.claims.find((c) => {
        const owner = guards.get(guardKey(c));
        return owner !== undefined && owner !== u.client.id;
      });
      if (clash) refused.push({ unit: u, claim: clash, holderId: guards.get(guardKey(clash))! });
      return !clash;
    });
    // Two rows of the batch claiming one value: the first (by row) takes it, the later one fails naming it.
    const claimedBy = new Map<string, Unit>();
    units = units
      .sort((a, b) => a.row - b.row)
      .filter((u) => {
        const clash = u.claims.find((c) => claimedBy.has(guardKey(c)));
        if (clash) {
          const first = claimedBy.get(guardKey(clash))!;
          refused.push({ unit: u, claim: clash, holderId: first.client.id, holder: first.client });
          return false;
        }
        for (const c of u.claims) claimedBy.set(guardKey(c), u);
        return true;
      });
    const holders = await readClients(
      actor.tenantId,
      refused.filter((r) => !r.holder).map((r) => r.holderId),
    );
    for (const r of refused) {
      const stored = holders.get(r.holderId);
      settle(
        r.unit,
        failedRow(
          r.unit.row,
          taken(actor, r.unit, r.claim, r.holderId, r.holder ?? (stored && clientFromItem(stored))),
          r.unit.kind === 'update' ? r.unit.client.id : undefined,
        ),
      );
    }

    const done = (u: Unit): RowOutcome => ({ row: u.row, result: u.kind === 'create' ? 'created' : 'updated', recordId: u.client.id });
    if (context.dryRun) {
      for (const u of units) settle(u, done(u));
      return outcomes as RowOutcome[];
    }

    // 3. Write: whole clients grouped into transactions, the receivables copies told of scope moves around them.
    for (const u of units) {
      if (u.kind === 'update' && !u.contacts) u.contacts = await freshContacts(u);
      u.items = itemsOf(u);
    }
    const moved = units.filter((u) => u.kind === 'update' && deps.copies && copiedFieldsChanged(u.previous!, u.client));
    for (const u of moved) await deps.copies!.willChange(actor.tenantId, u.client.id);
    // A group's deferred puts go out as soon as it committed, while the next groups' transactions run.
    const followUps: Array<Promise<void>> = [];
    let failure: { error: unknown } | undefined;
    try {
      await runGroups(groupsOf(units), async (group) => {
        const written = await writeGroup(actor, jobId, group, settle, met);
        for (const u of group) if (!outcomes[u.index]) settle(u, done(u));
        const after = written.flatMap((u) => u.after ?? []);
        if (after.length) followUps.push(putAll(after));
      });
    } catch (error) {
      failure = { error };
    }
    for (const r of await Promise.allSettled(followUps)) if (r.status === 'rejected') failure ??= { error: r.reason };
    // Thrown only now: the redo of the batch meets every committed client and repairs what did not follow.
    if (failure) throw failure.error;
    await repairCreates(actor.tenantId, jobId, met);
    for (const u of moved) if (outcomes[u.index]?.result === 'updated') await deps.copies!.follow(actor.tenantId, u.client.id);
    return outcomes as RowOutcome[];
  }

  function itemsOf(u: Unit): ClientItems {
    if (u.kind === 'update') return updateItems(data, u.client, u.previous!, u.contacts!, u.history);
    const all = createItems(data, u.client, u.history, u.claims);
    if (!deferUnconditional) return all;
    const { own, after } = splitCreate(all);
    u.after = after;
    return own;
  }

  /** Puts by BatchWriteItem (25 a request, `batchWrites` in flight per writer), unprocessed items and load retried. */
  async function putAll(items: TransactItem[]) {
    const requests: Array<Promise<void>> = [];
    for (let i = 0; i < items.length; i += 25) {
      const chunk = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: item.Put!.Item! } }));
      requests.push(batchWrites(() => putChunk(items[0]!.Put!.TableName!, chunk)));
    }
    await Promise.all(requests);
  }

  async function putChunk(table: string, chunk: Array<{ PutRequest: { Item: Record<string, unknown> } }>) {
    let pending = chunk;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= attempts) throw Object.assign(new Error(`${pending.length} items could not be written (throttled)`), { name: 'ThrottlingException' });
      if (attempt) await backoff(attempt);
      try {
        const answer = await document.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (answer.UnprocessedItems?.[table] ?? []) as typeof pending;
      } catch (error) {
        // Puts of deterministic keys: sending them again after a lost answer writes the same items.
        if (unavailabilityOf(error) === undefined) throw error;
      }
    }
  }

  /**
   * The deferred puts of clients this job already created, sent again: a run that stopped between a group's
   * transaction and its BatchWriteItem left a client without its history or search terms, and the batch's
   * redo meets it here. Both are rebuilt from the stored client (its creation's time and author, so the same
   * keys and values) and put in a transaction that checks the client is still at version 1: a client changed
   * since is left to what changed it.
   */
  async function repairCreates(tenantId: string, jobId: string, stored: Array<Record<string, unknown>>) {
    const units = stored
      .filter((item) => item.version === 1)
      .map((item) => {
        const client = clientFromItem(item);
        const history = diffClient(undefined, client, { by: client.createdBy, at: client.createdAt, operation: 'import', operationId: jobId });
        const check = data.transaction
          .write((tx) => [
            tx.client
              .check({ tenantId, id: client.id })
              .where((attr, op) => op.eq(attr.version, 1))
              .commit(),
          ])
          .params().TransactItems![0] as TransactItem;
        return [check, ...splitCreate(createItems(data, client, history, [])).after];
      });
    const groups: TransactItem[][][] = [];
    for (const items of units) {
      const last = groups[groups.length - 1];
      if (last && last.flat().length + items.length <= maxItems) last.push(items);
      else groups.push([items]);
    }
    await Promise.all(groups.map((group) => repairGroup(group)));
  }

  async function repairGroup(group: TransactItem[][]) {
    let pending = group;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt) await backoff(attempt);
      try {
        await document.send(new TransactWriteCommand({ TransactItems: pending.flat() }));
        return;
      } catch (error) {
        const codes = cancellationCodes(error);
        const starts = pending.map((_, i) => pending.slice(0, i).reduce((n, items) => n + items.length, 0));
        const changed = new Set(starts.filter((at) => codes?.[at] === 'ConditionalCheckFailed'));
        if (changed.size) {
          pending = pending.filter((_, i) => !changed.has(starts[i]!));
          continue;
        }
        const transient = codes ? codes.some((c) => TRANSIENT_CODES.has(c)) : unavailabilityOf(error) !== undefined;
        if (!transient || attempt + 1 >= attempts) throw error;
      }
    }
  }

  async function freshContacts(u: Unit): Promise<StoredContacts | undefined> {
    const { data: item } = await clientEntity.get({ tenantId: u.client.tenantId, id: u.client.id }).go({ consistent: true });
    return item ? contactsOfItem(item as Record<string, unknown>) : undefined;
  }

  /** Whole clients in transactions of at most `maxItems` items and `maxBytes`; clients sharing counters go together. */
  function groupsOf(units: Unit[]): Unit[][] {
    const signature = (u: Unit) => [...new Set(u.moves.map(counterKey))].sort().join('|');
    const sorted = [...units].sort((a, b) => signature(a).localeCompare(signature(b)) || a.row - b.row);
    const groups: Unit[][] = [];
    let group: Unit[] = [];
    let items = 0;
    let bytes = 0;
    let counters = new Set<string>();
    for (const u of sorted) {
      const keys = new Set([...counters, ...u.moves.map(counterKey)]);
      // Two items a counter at most (the entry's check and the count).
      const size = u.items!.items.length;
      if (group.length && (items + size + 2 * keys.size > maxItems || bytes + u.items!.bytes > maxBytes)) {
        groups.push(group);
        group = [];
        items = 0;
        bytes = 0;
        counters = new Set();
      }
      group.push(u);
      items += size;
      bytes += u.items!.bytes;
      for (const m of u.moves) counters.add(counterKey(m));
    }
    if (group.length) groups.push(group);
    return groups;
  }

  /**
   * Runs the groups `concurrency` at a time, never two at once that touch the same category or zone:
   * in AWS they would cancel each other (TransactionConflict). The first error stops new groups; those in
   * flight finish, then it is thrown (the batch is redone as a whole; what committed is met as its own).
   */
  async function runGroups(groups: Unit[][], run: (group: Unit[]) => Promise<void>) {
    const queue = groups.map((units) => ({ units, keys: [...new Set(units.flatMap((u) => u.moves.map(counterKey)))] }));
    const busy = new Set<string>();
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    while ((queue.length && !failure) || inFlight.size) {
      while (!failure && inFlight.size < concurrency) {
        const next = queue.findIndex((g) => g.keys.every((k) => !busy.has(k)));
        if (next < 0) break;
        const [g] = queue.splice(next, 1);
        for (const k of g!.keys) busy.add(k);
        const running: Promise<void> = run(g!.units)
          .catch((error: unknown) => {
            failure ??= { error };
          })
          .finally(() => {
            for (const k of g!.keys) busy.delete(k);
            inFlight.delete(running);
          });
        inFlight.add(running);
      }
      if (inFlight.size) await Promise.race(inFlight);
    }
    if (failure) throw failure.error;
  }

  /**
   * One group's transaction. A cancellation for load is tried again (jittered); one whose condition
   * failed settles each row concerned from what is stored now and writes the rest again.
   */
  async function writeGroup(
    actor: Actor,
    jobId: string,
    group: Unit[],
    settle: (u: Unit, o: RowOutcome) => void,
    met: Array<Record<string, unknown>>,
  ): Promise<Unit[]> {
    let pending = group;
    let loadAttempts = 0;
    while (pending.length) {
      const owners: Array<{ unit: Unit; at: number } | { counter: string; check: boolean }> = [];
      const items: TransactItem[] = [];
      for (const u of pending) {
        u.items!.items.forEach((item, at) => {
          items.push(item);
          owners.push({ unit: u, at });
        });
      }
      for (const c of counterItems(data, actor.tenantId, sumMoves(pending.flatMap((u) => u.moves).values()).values())) {
        items.push(c.item);
        owners.push({ counter: counterKey(c.move), check: c.check });
      }
      let codes: string[] | undefined;
      try {
        await document.send(new TransactWriteCommand({ TransactItems: items }));
        return pending;
      } catch (error) {
        codes = cancellationCodes(error);
        const failedAt = codes?.flatMap((code, i) => (code === 'ConditionalCheckFailed' ? [i] : [])) ?? [];
        if (!failedAt.length) {
          const transient = codes ? codes.some((c) => TRANSIENT_CODES.has(c)) : unavailabilityOf(error) !== undefined;
          if (!transient || ++loadAttempts >= attempts) throw error;
          await backoff(loadAttempts);
          continue;
        }
        // Rows settled by this cancellation leave the group; a row to write again (fresh contact state) stays.
        const settled = new Set<Unit>();
        const seen = new Set<Unit>();
        for (const i of failedAt) {
          const owner = owners[i]!;
          if ('unit' in owner) {
            if (seen.has(owner.unit)) continue;
            seen.add(owner.unit);
            const outcome = await refusedUnit(actor, jobId, owner.unit, owner.at, met);
            if (outcome) {
              settle(owner.unit, outcome);
              settled.add(owner.unit);
            }
          } else if (owner.check) {
            // The category or zone was deleted meanwhile: the rows that newly reference it fail as the API's would.
            for (const u of pending) {
              const m = u.moves.find((mv) => counterKey(mv) === owner.counter && mv.clients === 1);
              if (!m || settled.has(u)) continue;
              settled.add(u);
              settle(
                u,
                failedRow(
                  u.row,
                  new DomainError('validation_failed', `${m.kind} ${m.id} does not exist`, {
                    errors: [{ pointer: `/${m.field}`, code: 'unknown_reference', params: { entity: m.kind, id: m.id } }],
                  }),
                  u.kind === 'update' ? u.client.id : undefined,
                ),
              );
            }
          } else throw error;
        }
        pending = pending.filter((u) => !settled.has(u));
      }
    }
    return [];
  }

  /**
   * Why the store refused one client's items, and what its row is: its own earlier write (`created` /
   * `updated`, nothing written), a taken value naming the holder, a stale version — or undefined when
   * it should simply be written again (a contact write moved the client's contact state meanwhile).
   */
  async function refusedUnit(actor: Actor, jobId: string, u: Unit, at: number, met: Array<Record<string, unknown>>): Promise<RowOutcome | undefined> {
    const recordId = u.kind === 'update' ? u.client.id : undefined;
    if (at === 0) {
      const { data: item } = await clientEntity.get({ tenantId: actor.tenantId, id: u.client.id }).go({ consistent: true });
      const stored = item as Record<string, unknown> | null;
      if (u.kind === 'create') {
        if ((stored?.provenance as Client['provenance'] | undefined)?.importJobId === jobId) {
          met.push(stored!);
          return { row: u.row, result: 'created', recordId: u.client.id };
        }
        return failedRow(u.row, conflict('client', 'id', u.client.id));
      }
      if (!stored) return failedRow(u.row, notFound('client', u.client.id), recordId);
      // Its own write, sent once already with no answer back, came through.
      if (stored.version === u.client.version && stored.updatedAt === u.client.updatedAt) return { row: u.row, result: 'updated', recordId };
      if (stored.version === u.previous!.version && u.rebuilds-- > 0) {
        u.contacts = contactsOfItem(stored);
        u.items = itemsOf(u);
        return undefined;
      }
      if (await earlierUpdate(actor.tenantId, u.client.id, u.previous!.version, jobId)) return { row: u.row, result: 'updated', recordId };
      return failedRow(u.row, versionMismatch('client', u.client.id), recordId);
    }
    const claimIndex = u.items!.guardIndex.indexOf(at);
    const claim = u.claims[claimIndex];
    if (!claim) throw new Error(`client import write refused at item ${at} of client ${u.client.id}`);
    const { data: guard } = await uniqueGuard.get({ tenantId: actor.tenantId, scope: claim.scope, value: claim.value }).go({ consistent: true });
    const holderId = (guard?.ownerId as string | undefined) ?? 'unknown';
    const holder = guard ? await deps.clients.get(actor.tenantId, holderId) : undefined;
    return failedRow(u.row, taken(actor, u, claim, holderId, holder), recordId);
  }

  return { write };
}

/** The codes of a cancelled transaction, in item order (the SDK's TransactionCanceledException); undefined for any other error. */
function cancellationCodes(error: unknown): string[] | undefined {
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
  return reasons?.map((r) => r.Code ?? 'None');
}

/** Runs at most `size` of the given works at once, the others waiting their turn in order. */
function limiter(size: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active < size) active += 1;
    // A finishing work hands its slot straight to the next in line.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}
