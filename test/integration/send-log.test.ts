import { Logger } from '@aws-lambda-powertools/logger';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import type { CollectionMeta } from '../../domain/collections/collections.schema.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import { dynamoSendLogRepository } from '../../functions/adapters/dynamodb/send-log.repository.ts';
import { cursorKeySecret } from '../../functions/adapters/secrets/cursor-key.ts';
import { httpApi } from '../../functions/http/http-api.ts';
import { sendLogRoutes } from '../../functions/http/routes/send-log.routes.ts';
import { sealedCursors } from '../../functions/http/sealed-cursor.ts';
import { sendLogImpls } from '../../functions/http/send-log-api.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

// The send log's routes as the collections-api function will serve them (the merge adds them to it).
const deps = testDeps();
const api = httpApi({
  name: 'collections-api',
  routes: sendLogRoutes,
  logger: new Logger({ serviceName: 'cobranza', logLevel: 'SILENT' }),
  cursors: sealedCursors({ secret: cursorKeySecret(deps.config), clock: deps.clock }),
  access: deps,
  impls: sendLogImpls({ ...deps, sendLog: dynamoSendLogRepository(deps.data) }) as never,
});
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  api(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));

let admin: TestUser;
let seller: TestUser;
let stranger: TestUser;
let theirs: Client;
let others: Client;
const planned: OutboundEmail[] = [];

const meta = (clientId: string, overrides: Partial<CollectionMeta> = {}): CollectionMeta => ({
  type: 'due_soon',
  clientId,
  invoiceIds: ['inv-1'],
  step: '2026-12-14',
  plannedFor: '2026-12-07',
  ...overrides,
});
function message(n: number, collection: CollectionMeta | undefined, overrides: Partial<OutboundEmail> = {}): OutboundEmail {
  const createdAt = new Date(Date.parse('2026-12-01T12:00:00.000Z') + n * 3_600_000).toISOString();
  return {
    id: `msg-${String(n).padStart(3, '0')}`,
    tenantId: admin.tenantId,
    kind: collection ? 'collection' : 'user.invited',
    from: 'cobranza@acme.test',
    to: [`c${n}@cliente.test`],
    subject: `Aviso ${n}`,
    text: 'Hola',
    status: 'sent',
    attempts: 1,
    dueAt: createdAt,
    version: 2,
    createdAt,
    ...(collection ? { collection } : {}),
    ...overrides,
  };
}

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: stranger } = await newTenant(deps));
  seller = await newUser(deps, admin.tenantId, { accessLevel: 4 });
  const actor = { tenantId: admin.tenantId, userId: admin.id, accessLevel: 1 as const, permissions: admin.permissions as never };
  theirs = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Ferretería Sur', sellerId: seller.id }));
  others = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Panadería Norte' }));
  // 12 messages over 12 hours: the seller's client on even hours, the other on odd ones; a few skipped, one unknown, one not a collection message.
  for (let n = 0; n < 12; n++) {
    const client = n % 2 === 0 ? theirs : others;
    const skipped = n % 4 === 1;
    planned.push(
      message(
        n,
        meta(client.id, { type: n % 3 === 0 ? 'overdue' : 'due_soon', ...(skipped ? { skipReason: 'paid' } : {}) }),
        skipped ? { status: 'skipped', attempts: 0 } : {},
      ),
    );
  }
  planned.push(message(20, meta(theirs.id), { status: 'unknown', unknownAt: '2026-12-02T09:00:00.000Z', lastError: 'no answer from SES' }));
  planned.push(message(21, undefined));
  for (const m of planned) await deps.outbox.enqueue(m);
});

const ids = (res: { body?: string }) => (json(res as never).items as Array<{ id: string }>).map((m) => m.id);

describe('the send log', () => {
  it('lists the tenant’s collection messages newest first, filtered by status, reason, type and dates', async () => {
    const all = await call('GET /v1/collections/messages', admin, { query: { limit: '100' } });
    expect(all.statusCode).toBe(200);
    expect(ids(all)).toEqual(['msg-020', ...Array.from({ length: 12 }, (_, i) => `msg-${String(11 - i).padStart(3, '0')}`)]);
    expect(json(all).items[0]).toMatchObject({ status: 'unknown', lastError: 'no answer from SES', clientId: theirs.id });

    const skipped = await call('GET /v1/collections/messages', admin, { query: { status: 'skipped', reason: 'paid' } });
    expect(ids(skipped)).toEqual(['msg-009', 'msg-005', 'msg-001']);
    expect(json(skipped).items[0]).toMatchObject({ reason: 'paid' });
    const overdue = await call('GET /v1/collections/messages', admin, { query: { type: 'overdue' } });
    expect(ids(overdue)).toEqual(['msg-009', 'msg-006', 'msg-003', 'msg-000']);
    const oneDay = await call('GET /v1/collections/messages', admin, { query: { from: '2026-12-01', to: '2026-12-01' } });
    expect(ids(oneDay)).toHaveLength(12);
    const client = await call('GET /v1/collections/messages', admin, { query: { clientId: others.id } });
    expect(ids(client)).toEqual(['msg-011', 'msg-009', 'msg-007', 'msg-005', 'msg-003', 'msg-001']);
  });

  it('pages with a sealed cursor, each message once, also under a filter', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call('GET /v1/collections/messages', admin, { query: { limit: '2', status: 'sent', ...(cursor ? { cursor } : {}) } });
      expect(res.statusCode).toBe(200);
      expect(ids(res).length).toBeLessThanOrEqual(2);
      seen.push(...ids(res));
      cursor = json(res).cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(
      planned
        .filter((m) => m.collection && m.status === 'sent')
        .map((m) => m.id)
        .reverse(),
    );
    // A cursor of another filter, or a garbled one, is bad input.
    const first = json(await call('GET /v1/collections/messages', admin, { query: { limit: '1' } })).cursor;
    const crossed = await call('GET /v1/collections/messages', admin, { query: { limit: '1', status: 'sent', cursor: first } });
    expect(crossed.statusCode).toBe(400);
    expect((await call('GET /v1/collections/messages', admin, { query: { cursor: 'garbage' } })).statusCode).toBe(400);
  });

  it('shows levels 2–4 only the messages of clients in their scope; another tenant sees nothing', async () => {
    const mine = await call('GET /v1/collections/messages', seller, { query: { limit: '100' } });
    expect(ids(mine)).toEqual(['msg-020', 'msg-010', 'msg-008', 'msg-006', 'msg-004', 'msg-002', 'msg-000']);
    const perClient = await call('GET /v1/clients/{clientId}/messages', seller, { pathParameters: { clientId: theirs.id }, query: { limit: '100' } });
    expect(ids(perClient)).toEqual(ids(mine));
    // A client outside the scope, or of another tenant, is not found.
    expect((await call('GET /v1/clients/{clientId}/messages', seller, { pathParameters: { clientId: others.id } })).statusCode).toBe(404);
    expect((await call('GET /v1/collections/messages', seller, { query: { clientId: others.id } })).statusCode).toBe(404);
    expect((await call('GET /v1/clients/{clientId}/messages', stranger, { pathParameters: { clientId: theirs.id } })).statusCode).toBe(404);
    expect(ids(await call('GET /v1/collections/messages', stranger, { query: { limit: '100' } }))).toEqual([]);
  });

  it('lets the company level decide an unknown message; anyone else, another state or another tenant is refused', async () => {
    const decide = (as: TestUser, messageId: string, decision: string) =>
      call('POST /v1/collections/messages/{messageId}/decision', as, { pathParameters: { messageId }, body: { decision } });
    expect((await decide(seller, 'msg-020', 'resend')).statusCode).toBe(403);
    expect((await decide(stranger, 'msg-020', 'resend')).statusCode).toBe(404);
    expect((await decide(admin, 'msg-021', 'resend')).statusCode).toBe(404); // not a collection message
    const bad = await decide(admin, 'msg-020', 'maybe');
    expect(bad.statusCode).toBe(400);
    const res = await decide(admin, 'msg-020', 'resend');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ id: 'msg-020', status: 'pending', lastError: expect.stringContaining('resend decided by') });
    const again = await decide(admin, 'msg-020', 'drop');
    expect(again.statusCode).toBe(409);
    const english = await call('POST /v1/collections/messages/{messageId}/decision', admin, {
      pathParameters: { messageId: 'msg-020' },
      body: { decision: 'drop' },
      headers: { 'accept-language': 'en' },
    });
    expect(json(english).detail ?? json(english).title).toMatch(/[a-z]/);
  });
});
