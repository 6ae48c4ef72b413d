import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { decideUnknownEmail } from '../../domain/messaging/decide-unknown-email.use-case.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import type { Mailer } from '../../domain/messaging/ports.ts';
import type { Currency } from '../../domain/receivables/money.ts';
import { OUTBOX_SHARDS, outboxQueue, outboxShardKey } from '../../functions/adapters/dynamodb/entities/outbound-email.entity.ts';
import { outboxItem } from '../../functions/adapters/dynamodb/outbox.repository.ts';
import { compactDue, compactionRegistry } from '../../functions/adapters/dynamodb/receivables-compaction.ts';
import { COMPACTION_SHARDS, receivablesKeys } from '../../functions/adapters/dynamodb/receivables-keys.ts';
import type { Dependencies } from '../../functions/dependencies.ts';
import { createOutboxDispatcher } from '../../functions/schedule/outbox-dispatcher.ts';
import { ownTable } from '../support/own-table.ts';
import { inboxOf } from '../support/ses-inbox.ts';

// Each test has a table of its own: the queues hold only what the test wrote, so every order is known.
const quiet = { warn: () => undefined, info: () => undefined } as never;
const noMetrics = { addMetric: () => undefined, publishStoredMetrics: () => undefined } as never;
const scheduled = { time: new Date().toISOString() } as ScheduledEvent;
const tenants = (n: number) => Array.from({ length: n }, (_, i) => `t-shard-${i}`);

/** A pending e-mail of `tenantId` due at `dueAt`, to a recipient of its own (the SES emulator's inbox outlives runs). */
const mail = (tenantId: string, n: number, dueAt: string, overrides: Partial<OutboundEmail> = {}): OutboundEmail => ({
  id: `mail-${n}`,
  tenantId,
  kind: 'test',
  from: 'cobranza@acme.test',
  to: [`shard-${n}-${randomUUID()}@acme.test`],
  subject: 'Aviso',
  text: 'Hola',
  status: 'pending',
  attempts: 0,
  dueAt,
  version: 1,
  createdAt: dueAt,
  ...overrides,
});

/** Minutes apart on a day long past: all due now. */
const minute = (n: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + n * 60_000).toISOString();

const gsi2Of = async (deps: Dependencies, pk: string, sk: string) =>
  (await deps.document.send(new GetCommand({ TableName: deps.config.tableName, Key: { pk, sk }, ConsistentRead: true }))).Item as
    | Record<string, unknown>
    | undefined;

/** An e-mail as the code before the split wrote it: the same item under the unsharded queue key. */
async function legacyEmail(deps: Dependencies, email: OutboundEmail) {
  const { Item } = deps.data.entities.outboundEmail.put(outboxItem(email)).params<{ Item: Record<string, unknown> }>();
  const { queuePk: _sharded, ...item } = Item;
  await deps.document.send(new PutCommand({ TableName: deps.config.tableName, Item: { ...item, gsi2pk: outboxQueue.legacy } }));
}

/** The real mailer (the SES emulator), noting who got each message in the order sent. */
const recording = (mailer: Mailer) => {
  const sent: string[] = [];
  const send: Mailer['send'] = (m) => {
    sent.push(m.to[0]!);
    return mailer.send(m);
  };
  return { sent, mailer: { send } };
};

describe('the outbox queue, sharded by tenant and message', () => {
  it('spreads the mail of many tenants, and of one tenant, over the shards', async () => {
    const deps = await ownTable();
    const ids = tenants(24);
    for (const [i, tenantId] of ids.entries()) {
      for (const k of [0, 1]) await deps.outbox.enqueue(mail(tenantId, 2 * i + k, minute(2 * i + k)));
    }
    // One tenant's burst: 64 e-mails of one tenant land on many partitions, not one.
    const burst = Array.from({ length: 64 }, (_, n) => mail(ids[0]!, 1000 + n, minute(1000 + n)));
    for (const e of burst) await deps.outbox.enqueue(e);
    const pks = await Promise.all(
      ids.flatMap((t, i) => [2 * i, 2 * i + 1].map(async (n) => [t, n, (await gsi2Of(deps, `T#${t}`, `OUTBOX#mail-${n}`))?.gsi2pk] as const)),
    );
    for (const [t, n, pk] of pks) expect(pk).toBe(outboxQueue.of(outboxShardKey(t, `mail-${n}`)));
    const all = Array.from({ length: OUTBOX_SHARDS }, (_, n) => `QUEUE#OUTBOX#${n}`);
    expect(new Set(pks.map(([, , pk]) => pk)).size).toBeGreaterThan(OUTBOX_SHARDS / 2);
    const burstPks = await Promise.all(burst.map(async (e) => (await gsi2Of(deps, `T#${e.tenantId}`, `OUTBOX#${e.id}`))?.gsi2pk as string));
    expect(new Set(burstPks).size).toBeGreaterThan(OUTBOX_SHARDS / 2);
    for (const pk of [...pks.map(([, , pk]) => pk), ...burstPks]) expect(all).toContain(pk);
  });

  it('takes the oldest due mail of every shard first, each bound applying to the merged list', async () => {
    const deps = await ownTable();
    const ids = tenants(12);
    // One tenant's six oldest, then the others' interleaved: a per-shard bound must not hide the first six.
    const emails = [
      ...[0, 1, 2, 3, 4, 5].map((n) => mail(ids[0]!, n, minute(n))),
      ...ids.slice(1).map((t, i) => mail(t, 100 + i, minute(100 + ((i * 7) % 11)))),
    ];
    for (const e of [...emails].reverse()) await deps.outbox.enqueue(e);
    const now = new Date().toISOString();

    expect((await deps.outbox.due(now, 5)).map((e) => e.id)).toEqual(['mail-0', 'mail-1', 'mail-2', 'mail-3', 'mail-4']);
    const byDue = [...emails].sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1)).map((e) => `${e.tenantId}/${e.id}`);
    expect((await deps.outbox.due(now, 100)).map((e) => `${e.tenantId}/${e.id}`)).toEqual(byDue);
    expect(new Set(emails.map((e) => outboxQueue.of(outboxShardKey(e.tenantId, e.id)))).size).toBeGreaterThan(3);
  });

  it('sends every tenant’s mail once, oldest first, when two dispatchers run at once', async () => {
    const deps = await ownTable();
    const ids = tenants(16);
    const emails = ids.map((t, i) => mail(t, i, minute((i * 5) % 16)));
    for (const e of emails) await deps.outbox.enqueue(e);
    const [one, two] = [recording(deps.mailer), recording(deps.mailer)];
    const dispatcherWith = (mailer: Mailer) => createOutboxDispatcher({ outbox: deps.outbox, mailer, clock: deps.clock }, quiet, noMetrics);

    const reports = await Promise.all([dispatcherWith(one.mailer)(scheduled), dispatcherWith(two.mailer)(scheduled)]);
    const again = await dispatcherWith(deps.mailer)(scheduled);

    expect(reports[0]!.sent + reports[1]!.sent).toBe(emails.length);
    expect(again.sent).toBe(0);
    for (const e of emails) expect(await inboxOf(e.to[0]!)).toHaveLength(1);
    // Together, every e-mail once.
    const byDue = [...emails].sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1)).map((e) => e.to[0]!);
    expect([...one.sent, ...two.sent].sort()).toEqual([...byDue].sort());

    // One dispatcher alone drains the shards in parallel: within each shard, the due order.
    const alone = recording(deps.mailer);
    const later = emails.map((e, i) => mail(e.tenantId, 200 + i, minute(500 + ((i * 3) % 16))));
    for (const e of later) await deps.outbox.enqueue(e);
    await createOutboxDispatcher({ outbox: deps.outbox, mailer: alone.mailer, clock: deps.clock }, quiet, noMetrics)(scheduled);
    expect([...alone.sent].sort()).toEqual(later.map((e) => e.to[0]).sort());
    const shardOf = (e: OutboundEmail) => outboxQueue.of(outboxShardKey(e.tenantId, e.id));
    for (const shard of new Set(later.map(shardOf))) {
      const inShard = later.filter((e) => shardOf(e) === shard);
      const expected = [...inShard].sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1)).map((e) => e.to[0]);
      expect(alone.sent.filter((to) => expected.includes(to))).toEqual(expected);
    }
  });

  it('still serves mail written under the unsharded key, which its next write moves to its shard', async () => {
    const deps = await ownTable();
    const [a, b] = tenants(2) as [string, string];
    const pending = mail(a, 1, minute(1));
    const unknown = mail(b, 2, minute(2), { status: 'unknown', attempts: 1, lastError: 'no answer', unknownAt: minute(3) });
    await legacyEmail(deps, pending);
    await legacyEmail(deps, unknown);
    expect((await gsi2Of(deps, `T#${a}`, 'OUTBOX#mail-1'))?.gsi2pk).toBe('QUEUE#OUTBOX');
    const dispatcher = createOutboxDispatcher({ outbox: deps.outbox, mailer: deps.mailer, clock: deps.clock }, quiet, noMetrics);

    expect(await dispatcher(scheduled)).toMatchObject({ sent: 1 });
    expect(await inboxOf(pending.to[0]!)).toHaveLength(1);
    expect(await gsi2Of(deps, `T#${a}`, 'OUTBOX#mail-1')).not.toHaveProperty('gsi2pk');

    // The operator lists the legacy unknown one, of all tenants or of its own; a decision moves it to its shard.
    expect((await deps.outbox.awaitingDecision({ limit: 10 })).items.map((e) => e.id)).toEqual(['mail-2']);
    expect((await deps.outbox.awaitingDecision({ limit: 10, tenantId: b })).items.map((e) => e.id)).toEqual(['mail-2']);
    await decideUnknownEmail(deps)({ tenantId: b, id: unknown.id, decision: 'resend', by: 'operator' });
    expect((await gsi2Of(deps, `T#${b}`, 'OUTBOX#mail-2'))?.gsi2pk).toBe(outboxQueue.of(outboxShardKey(b, 'mail-2')));
    expect(await dispatcher(scheduled)).toMatchObject({ sent: 1 });
    expect(await inboxOf(unknown.to[0]!)).toHaveLength(1);
    expect(await dispatcher(scheduled)).toMatchObject({ sent: 0 });
  });

  it('lists the mail awaiting a decision across every shard, page by page, each once', async () => {
    const deps = await ownTable();
    const ids = tenants(10);
    const unknown = (t: string, n: number) => mail(t, n, minute(n), { status: 'unknown', attempts: 1, lastError: 'no answer', unknownAt: minute(n) });
    for (const [i, t] of ids.entries()) await deps.outbox.enqueue(unknown(t, i));
    await deps.outbox.enqueue(unknown(ids[3]!, 50));
    await legacyEmail(deps, unknown(ids[3]!, 51));

    const listed: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await deps.outbox.awaitingDecision({ limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      listed.push(...page.items.map((e) => `${e.tenantId}/${e.id}`));
      cursor = page.cursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(listed.sort()).toEqual([...ids.map((t, i) => `${t}/mail-${i}`), `${ids[3]}/mail-50`, `${ids[3]}/mail-51`].sort());

    const own = await deps.outbox.awaitingDecision({ limit: 10, tenantId: ids[3] });
    expect(own.items.map((e) => e.id).sort()).toEqual(['mail-3', 'mail-50', 'mail-51']);
    // A cursor of the all-tenants listing is not one of a tenant's, and a made-up one is bad input.
    const first = await deps.outbox.awaitingDecision({ limit: 1 });
    await expect(deps.outbox.awaitingDecision({ limit: 1, tenantId: ids[3], cursor: first.cursor })).rejects.toMatchObject({ code: 'validation_failed' });
    const forged = Buffer.from(JSON.stringify({ t: '', c: JSON.stringify({ p: 99 }) })).toString('base64url');
    await expect(deps.outbox.awaitingDecision({ limit: 1, cursor: forged })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('the compaction registry, sharded by tenant', () => {
  const CLP = 'CLP' as Currency;

  async function registered(deps: Dependencies, ids: string[]) {
    const registry = compactionRegistry(deps.document, deps.config.tableName);
    for (const t of ids) {
      const items = await registry.itemsFor(t, CLP);
      await deps.document.send(new TransactWriteCommand({ TransactItems: items as never }));
    }
    return registry;
  }

  it('spreads the registrations of many tenants over every shard', async () => {
    const deps = await ownTable();
    const ids = tenants(12);
    await registered(deps, ids);
    const pks = await Promise.all(ids.map(async (t) => (await gsi2Of(deps, receivablesKeys.compaction(t), 'CLP'))?.gsi2pk));
    expect(new Set(pks)).toEqual(new Set(Array.from({ length: COMPACTION_SHARDS }, (_, n) => `QUEUE#AGG-COMPACT#${n}`)));
    expect(pks).toEqual(ids.map((t) => receivablesKeys.compactionQueue.of(t)));
  });

  it('compacts the longest-waiting pairs of every shard first, each once, a registration of before the split included', async () => {
    const deps = await ownTable();
    const ids = tenants(12);
    const registry = await registered(deps, ids);
    // Last runs in an order that interleaves the shards; one registration still under the unsharded key, never run.
    const order = ids.map((_, i) => ids[(i * 5) % ids.length]!);
    for (const [i, t] of order.entries()) await registry.ran(t, CLP, minute(i));
    const legacy = 't-shard-legacy';
    await deps.document.send(
      new PutCommand({
        TableName: deps.config.tableName,
        Item: {
          pk: receivablesKeys.compaction(legacy),
          sk: 'CLP',
          gsi2pk: 'QUEUE#AGG-COMPACT',
          gsi2sk: `0000#${legacy}#CLP`,
          tenantId: legacy,
          currency: 'CLP',
        },
      }),
    );

    const compacted: string[] = [];
    const compact = async (tenantId: string) => {
      compacted.push(tenantId);
      return { deleted: 0, trimmed: 0 };
    };
    const opts = { now: () => new Date('2026-06-01T00:00:00.000Z'), staleBefore: '2026-05-01T00:00:00.000Z', maxPairs: 5, keepGoing: () => true };
    const reports = [];
    for (let i = 0; i < 4; i += 1) reports.push(await compactDue(registry, compact, opts));

    expect(compacted).toEqual([legacy, ...order]);
    expect(reports.map((r) => [r.compacted, r.left])).toEqual([
      [5, true],
      [5, true],
      [3, false],
      [0, false],
    ]);
    // The run moved the old registration into its tenant's shard.
    expect(await gsi2Of(deps, receivablesKeys.compaction(legacy), 'CLP')).toMatchObject({
      gsi2pk: receivablesKeys.compactionQueue.of(legacy),
      gsi2sk: `2026-06-01T00:00:00.000Z#${legacy}#CLP`,
    });
  });
});
