import { BatchGetCommand, BatchWriteCommand, GetCommand, QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalogEntry, deleteCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { clientHistory, createClient, getClient } from '../../domain/clients/client.use-cases.ts';
import { quickSearch } from '../../domain/clients/search.use-case.ts';
import type { ImportContext, PlannedClientChange, RowOutcome } from '../../domain/imports/rows.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dynamoClients } from '../../functions/adapters/aws-clients.ts';
import { dynamoClientImportWriter } from '../../functions/adapters/dynamodb/client-import.writer.ts';
import { createDataService } from '../../functions/adapters/dynamodb/entities/index.ts';
import { readConfig } from '../../functions/config.ts';
import { newAdminActor, testDeps } from '../support/tenants.ts';

const deps = testDeps();
const writer = dynamoClientImportWriter(deps);

/** A valid Chilean RUT for a body number (mod 11 check digit). */
function rut(body: number) {
  let sum = 0;
  let factor = 2;
  for (const d of String(body).split('').reverse()) {
    sum += Number(d) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const dv = 11 - (sum % 11);
  return `${body}-${dv === 11 ? '0' : dv === 10 ? 'K' : dv}`;
}

async function tenant() {
  const actor = await newAdminActor(deps);
  const categories = await Promise.all(
    ['Mayorista', 'Minorista', 'Distribuidor'].map((name) => createCatalogEntry(deps)(actor, 'category', { name, color: '#00aa00' })),
  );
  const zone = await createCatalogEntry(deps)(actor, 'zone', { name: 'Centro' });
  return { actor, categories: categories.map((c) => c.id), zone: zone.id };
}

type Tenant = Awaited<ReturnType<typeof tenant>>;

/** Row `n`'s client: a company with e-mail, RUT, phone, city, one of the categories and the zone. */
const clientInput = (t: Tenant, n: number, extra: Record<string, unknown> = {}) =>
  NewClient.parse({
    personType: 'legal',
    legalName: `Comercial Número ${n} SpA`,
    tradeName: `Almacén ${n}`,
    email: `cliente${n}@import.test`,
    taxId: { scheme: 'CL_RUT', value: rut(10_000_000 + n) },
    phone: `+56 9 ${String(60_000_000 + n).slice(0, 4)} ${String(60_000_000 + n).slice(4)}`,
    city: 'Talca',
    region: 'Maule',
    categoryId: t.categories[n % 3],
    zoneId: t.zone,
    ...extra,
  });

const creates = (t: Tenant, rows: number[], extra: (n: number) => Record<string, unknown> = () => ({})): PlannedClientChange[] =>
  rows.map((n) => ({ row: n + 1, kind: 'create', input: clientInput(t, n, extra(n)) }));

const context = (actor: Actor, jobId = ulid()): ImportContext => ({ actor, jobId, mode: 'upsert', dryRun: false, createMissingReferences: false });

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Every item of a tenant (its own partition and its search partitions), from the table itself. */
async function itemsOf(tenantId: string) {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.document.send(
      new ScanCommand({
        TableName: deps.config.tableName,
        FilterExpression: 'pk = :p OR begins_with(pk, :s)',
        ExpressionAttributeValues: { ':p': `T#${tenantId}`, ':s': `T#${tenantId}#` },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...((page.Items ?? []) as Array<Record<string, unknown>>));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Items as text with the given ids and every timestamp replaced, sorted: two tenants' books compare equal when only those differ. */
async function normalized(tenantId: string, replace: Array<[string, string]>, keep: (item: Record<string, unknown>) => boolean = () => true) {
  return (await itemsOf(tenantId))
    .filter(keep)
    .map((item) => {
      let text = JSON.stringify(item, Object.keys(item).sort());
      for (const [from, to] of replace) text = text.replaceAll(from, to);
      return text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<at>');
    })
    .sort();
}

const counts = (t: Tenant) => Promise.all(t.categories.map((id) => deps.catalogs.clientCounts(t.actor.tenantId, 'category', id)));
const byResult = (outcomes: RowOutcome[]) => {
  const tally: Record<string, number> = {};
  for (const o of outcomes) tally[o.result] = (tally[o.result] ?? 0) + 1;
  return tally;
};

describe('the client import writer', () => {
  it('writes a batch of 200 creates as createClient would store them, counts per category, searchable, with provenance', async () => {
    const t = await tenant();
    const jobId = ulid();
    const outcomes = await writer.write(context(t.actor, jobId), creates(t, range(0, 200)));
    expect(byResult(outcomes)).toEqual({ created: 200 });
    expect(outcomes.map((o) => o.row)).toEqual(range(1, 201));
    expect(new Set(outcomes.map((o) => o.recordId)).size).toBe(200);
    // Categories 0, 1, 2 take rows n % 3: 67, 67, 66 clients; the zone all 200.
    expect(await counts(t)).toEqual([
      { active: 67, inactive: 0 },
      { active: 67, inactive: 0 },
      { active: 66, inactive: 0 },
    ]);
    expect(await deps.catalogs.clientCounts(t.actor.tenantId, 'zone', t.zone)).toEqual({ active: 200, inactive: 0 });
    const stored = await getClient(deps)(t.actor, outcomes[41]!.recordId!);
    expect(stored).toMatchObject({ legalName: 'Comercial Número 41 SpA', provenance: { source: 'import', importJobId: jobId }, version: 1 });
    // A word of its name only it has (every client is an "Almacén"; a page reads only so many of those terms).
    const hits = await quickSearch(deps)(t.actor, '41', { limit: 10 });
    expect(hits.items.map((h) => h.client.id)).toContain(stored.id);
    const history = await clientHistory(deps)(t.actor, stored.id, { limit: 10 });
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ operation: 'import', operationId: jobId, version: 1 });

    // The same row through createClient in another tenant stores the same items, but for ids and timestamps.
    const other = await tenant();
    const viaApi = await createClient(deps)(other.actor, clientInput(other, 41), { source: 'import', importJobId: jobId });
    const single = await tenant();
    const [one] = await writer.write(context(single.actor, jobId), creates(single, [41]));
    const ids = (x: Tenant, clientId: string): Array<[string, string]> => [
      [x.actor.tenantId, '<tenant>'],
      [clientId, '<client>'],
      ...x.categories.map((id, i): [string, string] => [id, `<category${i}>`]),
      [x.zone, '<zone>'],
    ];
    const notCatalogue = (item: Record<string, unknown>) => !String(item.sk).startsWith('CATALOG#') && !String(item.sk).startsWith('UNIQUE#category-name');
    const imported = await normalized(single.actor.tenantId, ids(single, one!.recordId!), notCatalogue);
    expect(imported.length).toBeGreaterThan(10);
    expect(imported).toEqual(await normalized(other.actor.tenantId, ids(other, viaApi.id), notCatalogue));
  }, 120_000);

  it('fails only the row whose e-mail or tax id another client holds, naming it; the rest are written', async () => {
    const t = await tenant();
    const holder = await createClient(deps)(t.actor, clientInput(t, 5, { tradeName: 'Dueña del Correo', taxId: undefined, email: 'cliente5@import.test' }));
    const taxHolder = await createClient(deps)(
      t.actor,
      clientInput(t, 900, { tradeName: 'Dueño del RUT', email: undefined, taxId: { scheme: 'CL_RUT', value: rut(10_000_007) } }),
    );
    const outcomes = await writer.write(context(t.actor), creates(t, range(0, 10)));
    expect(outcomes[5]).toMatchObject({ row: 6, result: 'failed', errors: [{ row: 6, code: 'taken' }] });
    expect(outcomes[5]!.errors![0]!.message.es).toContain('Dueña del Correo');
    expect(outcomes[5]!.errors![0]!.message.en).toContain(holder.id);
    expect(outcomes[7]).toMatchObject({ row: 8, result: 'failed', errors: [{ code: 'taken' }] });
    expect(outcomes[7]!.errors![0]!.message.es).toContain('Dueño del RUT');
    expect(outcomes[7]!.errors![0]!.message.es).toContain(taxHolder.id);
    expect(byResult(outcomes)).toEqual({ created: 8, failed: 2 });
    expect(await deps.clients.findBy(t.actor.tenantId, 'email', 'cliente5@import.test')).toMatchObject({ id: holder.id });
  });

  it('lets the first of two rows of one batch claiming the same tax id take it; the other fails naming it', async () => {
    const t = await tenant();
    const changes = creates(t, range(0, 6), (n) => (n === 4 ? { taxId: { scheme: 'CL_RUT', value: rut(10_000_001) } } : {}));
    const outcomes = await writer.write(context(t.actor), changes);
    expect(outcomes[1]).toMatchObject({ result: 'created' });
    expect(outcomes[4]).toMatchObject({ row: 5, result: 'failed', errors: [{ code: 'taken' }] });
    expect(outcomes[4]!.errors![0]!.message.es).toContain('Almacén 1');
    expect(byResult(outcomes)).toEqual({ created: 5, failed: 1 });
    expect(await counts(t)).toEqual([
      { active: 2, inactive: 0 },
      { active: 1, inactive: 0 },
      { active: 2, inactive: 0 },
    ]);
  });

  it('writes the same batch twice, and twice at once, without a second client; the outcomes are the same', async () => {
    const t = await tenant();
    const jobId = ulid();
    const changes = creates(t, range(0, 40), (n) => (n === 30 ? { email: 'cliente2@import.test' } : {}));
    const first = await writer.write(context(t.actor, jobId), changes);
    const again = await writer.write(context(t.actor, jobId), changes);
    expect(again).toEqual(first);
    expect(byResult(first)).toEqual({ created: 39, failed: 1 });
    const clientsOf = async (tenantId: string) => (await itemsOf(tenantId)).filter((i) => String(i.sk).startsWith('CLIENT#')).length;
    expect(await clientsOf(t.actor.tenantId)).toBe(39);

    const u = await tenant();
    const other = dynamoClientImportWriter(testDeps(), { concurrency: 3 });
    const both = await Promise.all([
      writer.write(context(u.actor, jobId), creates(u, range(0, 40))),
      other.write(context(u.actor, jobId), creates(u, range(0, 40))),
    ]);
    expect(both[1]).toEqual(both[0]);
    expect(byResult(both[0])).toEqual({ created: 40 });
    expect(await clientsOf(u.actor.tenantId)).toBe(40);
    expect((await counts(u)).reduce((sum, c) => sum + c.active, 0)).toBe(40);
    const history = (await itemsOf(u.actor.tenantId)).filter((i) => String(i.sk).startsWith('HISTORY#'));
    expect(history).toHaveLength(40);
  }, 60_000);

  it('applies updates on their version, refuses a stale one, and meets its own earlier update on a redo', async () => {
    const t = await tenant();
    const created = await writer.write(context(t.actor), creates(t, range(0, 4)));
    const ids = created.map((o) => o.recordId!);
    const jobId = ulid();
    const updates: PlannedClientChange[] = [
      { row: 2, kind: 'update', clientId: ids[0]!, patch: { city: 'Curicó', categoryId: t.categories[2] }, expectedVersion: 1 },
      { row: 3, kind: 'update', clientId: ids[1]!, patch: { email: 'nuevo@import.test' }, expectedVersion: 1 },
      { row: 4, kind: 'update', clientId: ids[2]!, patch: { city: 'Talca' }, expectedVersion: 1 },
      { row: 5, kind: 'update', clientId: ids[3]!, patch: { city: 'Linares' }, expectedVersion: 7 },
    ];
    const outcomes = await writer.write(context(t.actor, jobId), updates);
    expect(outcomes.map((o) => o.result)).toEqual(['updated', 'updated', 'unchanged', 'failed']);
    expect(outcomes[3]!.errors![0]).toMatchObject({ code: 'changed' });
    expect(await getClient(deps)(t.actor, ids[0]!)).toMatchObject({ city: 'Curicó', categoryId: t.categories[2], version: 2 });
    expect(await deps.clients.findBy(t.actor.tenantId, 'email', 'nuevo@import.test')).toMatchObject({ id: ids[1] });
    expect(await deps.clients.findBy(t.actor.tenantId, 'email', 'cliente1@import.test')).toBeUndefined();
    // Client 0 left category 0 for category 2 (before: 0 and 3 in category 0, 1 in 1, 2 in 2).
    expect(await counts(t)).toEqual([
      { active: 1, inactive: 0 },
      { active: 1, inactive: 0 },
      { active: 2, inactive: 0 },
    ]);
    const history = await clientHistory(deps)(t.actor, ids[0]!, { limit: 10 });
    expect(history.items[0]).toMatchObject({ operation: 'import', operationId: jobId, version: 2 });
    // The same job's batch again: its updates are its own earlier writes, nothing is written twice.
    expect(await writer.write(context(t.actor, jobId), updates)).toEqual(outcomes);
    expect(await getClient(deps)(t.actor, ids[0]!)).toMatchObject({ version: 2 });
    // Another job with the old version: stale.
    const stale = await writer.write(context(t.actor), [updates[0]!]);
    expect(stale[0]).toMatchObject({ result: 'failed', errors: [{ code: 'changed' }] });
  });

  it('fails only the rows naming a category deleted after the job read its lists, and counts no client in it', async () => {
    const t = await tenant();
    // The processor resolved the names before this batch; meanwhile an administrator deletes category 0 (unused).
    const gone = t.categories[0]!;
    await deleteCatalogEntry(deps)(t.actor, 'category', gone, 1);
    const outcomes = await writer.write(context(t.actor), creates(t, range(0, 6)));
    // Rows 1 and 4 (clients 0 and 3) named category 0: each fails on its column; the other four are written.
    expect(outcomes.map((o) => o.result)).toEqual(['failed', 'created', 'created', 'failed', 'created', 'created']);
    expect(outcomes[0]!.errors).toEqual([expect.objectContaining({ row: 1, code: 'not_found', column: 'Categoría' })]);
    expect(outcomes[0]!.errors![0]!.message.es).toMatch(/categor/i);
    expect(outcomes[0]!.errors![0]!.message.en).toMatch(/categor/i);
    expect(await deps.clients.findBy(t.actor.tenantId, 'email', 'cliente0@import.test')).toBeUndefined();
    const [deleted, ...kept] = await counts(t);
    expect(deleted).toEqual({ active: 0, inactive: 0 });
    expect(kept).toEqual([
      { active: 2, inactive: 0 },
      { active: 2, inactive: 0 },
    ]);
  });
});

describe('faults in the middle of a batch (injected on one document client)', () => {
  const config = readConfig();
  const faulty = dynamoClients(config).document;
  const real = dynamoClients(config).document;
  const mock = mockClient(faulty);
  afterEach(() => mock.reset());

  it('tries a transaction DynamoDB cancelled for contention again, and settles a row whose e-mail was taken after the pre-read', async () => {
    const t = await tenant();
    let transactions = 0;
    let holderId = '';
    mock.on(GetCommand).callsFake((input) => real.send(new GetCommand(input)));
    mock.on(BatchGetCommand).callsFake((input) => real.send(new BatchGetCommand(input)));
    mock.on(QueryCommand).callsFake((input) => real.send(new QueryCommand(input)));
    mock.on(BatchWriteCommand).callsFake((input) => real.send(new BatchWriteCommand(input)));
    mock.on(TransactWriteCommand).callsFake(async (input) => {
      transactions += 1;
      if (transactions === 1) {
        // Between the pre-read and the write, someone else takes row 3's e-mail through the API.
        holderId = (await createClient(deps)(t.actor, clientInput(t, 2, { tradeName: 'Llegó Antes', taxId: undefined, customId: 'OTRO' }))).id;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: (input.TransactItems ?? []).map((_: unknown, i: number) => ({ Code: i === 3 ? 'TransactionConflict' : 'None' })),
        });
      }
      return real.send(new TransactWriteCommand(input));
    });
    const contended = dynamoClientImportWriter({ ...deps, document: faulty, data: createDataService(faulty, config.tableName) }, { concurrency: 1 });
    const outcomes = await contended.write(context(t.actor), creates(t, range(0, 5)));
    expect(outcomes[2]).toMatchObject({ row: 3, result: 'failed', errors: [{ code: 'taken' }] });
    expect(outcomes[2]!.errors![0]!.message.es).toContain('Llegó Antes');
    expect(outcomes[2]!.errors![0]!.message.es).toContain(holderId);
    expect(byResult(outcomes)).toEqual({ created: 4, failed: 1 });
    expect(transactions).toBeGreaterThanOrEqual(3);
    // Rows 0 and 3 in category 0, rows 1 and 4 in category 1; row 2 failed, the API's client is in category 2.
    expect(await counts(t)).toEqual([
      { active: 2, inactive: 0 },
      { active: 2, inactive: 0 },
      { active: 1, inactive: 0 },
    ]);
  }, 60_000);

  it('repairs on the redo a client whose transaction committed but whose history and search terms never followed', async () => {
    let batchWrites = 0;
    mock.on(GetCommand).callsFake((input) => real.send(new GetCommand(input)));
    mock.on(BatchGetCommand).callsFake((input) => real.send(new BatchGetCommand(input)));
    mock.on(QueryCommand).callsFake((input) => real.send(new QueryCommand(input)));
    mock.on(TransactWriteCommand).callsFake((input) => real.send(new TransactWriteCommand(input)));
    // The process dies after the transactions: no BatchWriteItem of history or terms ever arrives.
    mock.on(BatchWriteCommand).callsFake(() => {
      batchWrites += 1;
      throw Object.assign(new Error('crashed before the deferred puts'), { name: 'ValidationException', $fault: 'client' });
    });
    const crashing = dynamoClientImportWriter({ ...deps, document: faulty, data: createDataService(faulty, config.tableName) }, { concurrency: 2 });
    const t = await tenant();
    const jobId = ulid();
    const changes = creates(t, range(0, 30));
    await expect(crashing.write(context(t.actor, jobId), changes)).rejects.toThrow('crashed before the deferred puts');
    expect(batchWrites).toBeGreaterThan(0);
    const bySk = async (prefix: string) => (await itemsOf(t.actor.tenantId)).filter((i) => String(i.sk).startsWith(prefix));
    // The window: clients, guards and counts committed; no history, no search term.
    expect(await bySk('CLIENT#')).toHaveLength(30);
    expect(await bySk('HISTORY#')).toHaveLength(0);
    expect((await itemsOf(t.actor.tenantId)).filter((i) => String(i.pk).includes('#SEARCH#'))).toHaveLength(0);

    // The batch's redo (the runner resumes from the checkpoint the crash never passed) meets each client as its own and repairs it.
    const redo = await writer.write(context(t.actor, jobId), changes);
    expect(byResult(redo)).toEqual({ created: 30 });
    const clean = await tenant();
    await writer.write(context(clean.actor, jobId), creates(clean, range(0, 30)));
    const ids = (x: Tenant): Array<[string, string]> => [
      [x.actor.tenantId, '<tenant>'],
      ...x.categories.map((id, i): [string, string] => [id, `<category${i}>`]),
      [x.zone, '<zone>'],
    ];
    expect(await normalized(t.actor.tenantId, ids(t))).toEqual(await normalized(clean.actor.tenantId, ids(clean)));
    // Found by a word of its name, and its creation in its history once, with the job as provenance.
    const hits = await quickSearch(deps)(t.actor, '17', { limit: 10 });
    expect(hits.items.map((h) => h.client.id)).toContain(redo[17]!.recordId);
    const history = await clientHistory(deps)(t.actor, redo[17]!.recordId!, { limit: 10 });
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ operation: 'import', operationId: jobId, version: 1 });
    // Counted once: the redo added nothing to the counts the transactions had already added.
    expect((await counts(t)).reduce((sum, c) => sum + c.active, 0)).toBe(30);
  }, 120_000);

  it('leaves what it wrote, and its redo reaches exactly the state of a batch written once', async () => {
    let transactions = 0;
    // Reads go through to DynamoDB Local; the second transaction fails as a refused request would.
    mock.on(GetCommand).callsFake((input) => real.send(new GetCommand(input)));
    mock.on(BatchGetCommand).callsFake((input) => real.send(new BatchGetCommand(input)));
    mock.on(QueryCommand).callsFake((input) => real.send(new QueryCommand(input)));
    mock.on(BatchWriteCommand).callsFake((input) => real.send(new BatchWriteCommand(input)));
    mock.on(TransactWriteCommand).callsFake((input) => {
      transactions += 1;
      if (transactions === 2) throw Object.assign(new Error('injected failure'), { name: 'ValidationException', $fault: 'client' });
      return real.send(new TransactWriteCommand(input));
    });
    const broken = dynamoClientImportWriter({ ...deps, document: faulty, data: createDataService(faulty, config.tableName) }, { concurrency: 1 });
    const t = await tenant();
    const jobId = ulid();
    const changes = creates(t, range(0, 60));
    await expect(broken.write(context(t.actor, jobId), changes)).rejects.toThrow('injected failure');
    const partial = (await itemsOf(t.actor.tenantId)).filter((i) => String(i.sk).startsWith('CLIENT#')).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(60);
    const redo = await writer.write(context(t.actor, jobId), changes);
    expect(byResult(redo)).toEqual({ created: 60 });

    const clean = await tenant();
    await writer.write(context(clean.actor, jobId), creates(clean, range(0, 60)));
    const ids = (x: Tenant): Array<[string, string]> => [
      [x.actor.tenantId, '<tenant>'],
      ...x.categories.map((id, i): [string, string] => [id, `<category${i}>`]),
      [x.zone, '<zone>'],
    ];
    expect(await normalized(t.actor.tenantId, ids(t))).toEqual(await normalized(clean.actor.tenantId, ids(clean)));
  }, 60_000);
});
