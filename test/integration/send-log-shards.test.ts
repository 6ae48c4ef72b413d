import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CollectionMeta } from '../../domain/collections/collections.schema.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import { SEND_LOG_SHARDS } from '../../functions/adapters/dynamodb/entities/outbound-email.entity.ts';
import { keyFields } from '../../functions/adapters/dynamodb/entities/model.ts';
import { byBytes } from '../../functions/adapters/dynamodb/merged-index.ts';
import { dynamoSendLogRepository, newestFirst, perPartition } from '../../functions/adapters/dynamodb/send-log.repository.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

const deps = testDeps();
const sendLog = dynamoSendLogRepository(deps.data);
let tenantId: string;
const written: OutboundEmail[] = [];
/** Messages re-keyed to the unsharded partition, as items written before the split still are. */
const legacy = new Set<string>();

function message(n: number): OutboundEmail {
  // Two messages per second on some seconds, so equal times are ordered by id, as the index orders them.
  const createdAt = new Date(Date.parse('2026-12-01T08:00:00.000Z') + Math.floor(n / 2) * 7_200_000).toISOString();
  const collection: CollectionMeta = {
    type: n % 3 === 0 ? 'overdue' : 'due_soon',
    clientId: `c-${n % 4}`,
    invoiceIds: [`i-${n}`],
    step: '2026-12-14',
    plannedFor: '2026-12-01',
    ...(n % 5 === 0 ? { skipReason: 'paid' as const } : {}),
  };
  return {
    id: `col_${n.toString(16).padStart(32, '0')}`,
    tenantId,
    kind: `collections.${collection.type}`,
    from: 'cobranza@acme.test',
    to: [`c${n}@cliente.test`],
    subject: `Aviso ${n}`,
    text: 'Hola',
    status: n % 5 === 0 ? 'skipped' : 'sent',
    attempts: n % 5 === 0 ? 0 : 1,
    dueAt: createdAt,
    version: 2,
    createdAt,
    collection,
  };
}
const newestOrder = (messages: OutboundEmail[]) =>
  messages
    .map((m) => ({ id: m.id, at: `${m.createdAt}#${m.id}` }))
    .sort((a, b) => byBytes(b.at, a.at))
    .map((m) => m.id);

async function pageAll(query: Parameters<typeof sendLog.list>[1], limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await sendLog.list(tenantId, query, { limit, ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((m) => m.id));
    cursor = page.cursor;
    pages += 1;
  } while (cursor && pages < 200);
  return { ids, pages };
}

beforeAll(async () => {
  ({ tenantId } = await newTenant(deps));
  for (let n = 0; n < 70; n++) written.push(message(n));
  await Promise.all(written.map((m) => deps.outbox.enqueue(m)));
  // Every 7th message keeps the key of before the split, as if written by the earlier code.
  for (const m of written.filter((_, n) => n % 7 === 3)) {
    await deps.document.send(
      new UpdateCommand({
        TableName: deps.config.tableName,
        Key: { [keyFields.pk]: `T#${tenantId}`, [keyFields.sk]: `OUTBOX#${m.id}` },
        UpdateExpression: 'SET #g = :g',
        ExpressionAttributeNames: { '#g': keyFields.gsi1.pk },
        ExpressionAttributeValues: { ':g': `T#${tenantId}#MESSAGES` },
      }),
    );
    legacy.add(m.id);
  }
}, 120_000);

describe('the send log over its shards', () => {
  it('spreads a tenant’s messages over the shards by message id', async () => {
    const keys = await Promise.all(
      written
        .filter((m) => !legacy.has(m.id))
        .map(
          async (m) =>
            (
              await deps.document.send(
                new GetCommand({ TableName: deps.config.tableName, Key: { [keyFields.pk]: `T#${tenantId}`, [keyFields.sk]: `OUTBOX#${m.id}` } }),
              )
            ).Item?.[keyFields.gsi1.pk] as string,
        ),
    );
    const shards = new Set(keys);
    expect([...shards].every((k) => new RegExp(`^T#${tenantId}#MESSAGES#\\d+$`).test(k))).toBe(true);
    expect(shards.size).toBeGreaterThanOrEqual(SEND_LOG_SHARDS / 2);
  });

  it('lists every shard and the unsharded key newest first, each message once, in pages of any size', async () => {
    const expected = newestOrder(written);
    const whole = await sendLog.list(tenantId, {}, { limit: 100 });
    expect(whole.items.map((m) => m.id)).toEqual(expected);
    expect(whole.cursor).toBeUndefined();
    for (const limit of [4, 25]) {
      const { ids, pages } = await pageAll({}, limit);
      expect(ids).toEqual(expected);
      expect(pages).toBeLessThanOrEqual(Math.ceil(70 / limit) + 1);
    }
  }, 120_000);

  it('keeps the filters and dates across shards and pages', async () => {
    const skipped = await pageAll({ status: 'skipped', reason: 'paid' }, 4);
    expect(skipped.ids).toEqual(newestOrder(written.filter((m) => m.status === 'skipped')));
    const overdue = await pageAll({ type: 'overdue' }, 5);
    expect(overdue.ids).toEqual(newestOrder(written.filter((m) => m.collection?.type === 'overdue')));
    const secondDay = await pageAll({ from: '2026-12-02', to: '2026-12-02' }, 6);
    expect(secondDay.ids).toEqual(newestOrder(written.filter((m) => m.createdAt.startsWith('2026-12-02'))));
    const client = await pageAll({ clientId: 'c-1' }, 3);
    expect(client.ids).toEqual(newestOrder(written.filter((m) => m.collection?.clientId === 'c-1')));
  }, 120_000);

  it('moves an old item to its shard on its next write, and still lists it once', async () => {
    const old = written.find((m) => legacy.has(m.id))!;
    const current = (await deps.outbox.get(tenantId, old.id))!;
    expect(await deps.outbox.transition({ ...current, version: current.version + 1 }, current)).toBe(true);
    const { Item } = await deps.document.send(
      new GetCommand({ TableName: deps.config.tableName, Key: { [keyFields.pk]: `T#${tenantId}`, [keyFields.sk]: `OUTBOX#${old.id}` } }),
    );
    expect(Item?.[keyFields.gsi1.pk]).toMatch(new RegExp(`^T#${tenantId}#MESSAGES#\\d+$`));
    expect((await pageAll({}, 9)).ids).toEqual(newestOrder(written));
  });

  it('refuses a cursor whose position lies outside the dates asked', async () => {
    const first = await sendLog.list(tenantId, {}, { limit: 2 });
    await expect(sendLog.list(tenantId, { from: '2027-01-01' }, { limit: 2, cursor: first.cursor })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('merging newest first (pure)', () => {
  /** A partition read as DynamoDB answers it: newest first, strictly after the position, `limit` evaluated, the filter applied after. */
  function read(items: string[], after: string | undefined, limit: number, keep: (g: string) => boolean) {
    const rest = items.filter((g) => after === undefined || byBytes(g, after) < 0);
    const evaluated = rest.slice(0, limit);
    const more = rest.length > limit;
    return {
      data: evaluated.filter(keep).map((g) => ({ createdAt: g.slice(0, g.lastIndexOf('#')), id: g.slice(g.lastIndexOf('#') + 1) })),
      cursor: more ? Buffer.from(JSON.stringify({ gsi1sk: evaluated.at(-1) })).toString('base64url') : null,
    };
  }

  it('gives every partition’s items once, newest first, whatever the spread, page size and filter', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 16 })), { maxLength: 120, selector: ([t]) => t }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 3 }),
        (spread, limit, mod) => {
          const partitions = Array.from({ length: 17 }, () => [] as string[]);
          for (const [t, p] of spread) partitions[p]!.push(`2026-12-01T${String(t).padStart(6, '0')}#m${t}`);
          for (const p of partitions) p.sort((a, b) => byBytes(b, a));
          const keep = (g: string) => mod === 0 || Number(g.slice(g.lastIndexOf('#') + 2)) % (mod + 1) === 0;
          const expected = partitions
            .flat()
            .filter(keep)
            .sort((a, b) => byBytes(b, a));
          const seen: string[] = [];
          let after: string | undefined;
          for (let round = 0; round < 2_000; round++) {
            const need = limit;
            const pages = partitions.map((p) => read(p, after, perPartition(need, 17), keep));
            const merged = newestFirst(
              pages,
              partitions.map(() => ({ gsiSk: 'gsi1sk' })),
              need,
            );
            seen.push(...merged.items.map((i) => `${i.createdAt as string}#${i.id as string}`));
            if (!merged.next) break;
            after = merged.next;
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
