import { randomBytes } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpResult } from '../../functions/http/http-types.ts';
import { dynamoFaults } from '../support/dynamo-faults.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

// Every document client in this file goes through the fault injector; unless a test says otherwise,
// each command reaches DynamoDB Local unchanged.
const faults = dynamoFaults();
const { handler } = await import('../../functions/http/clients-api.handler.ts');
const workspace = (await import('../../functions/http/workspace-api.handler.ts')).handler;
const { idempotencyStore } = await import('../../functions/http/idempotency-store.ts');

const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  handler(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));
const keyed = (key: string, headers: Record<string, string> = {}) => ({ 'idempotency-key': key, ...headers });

const deps = testDeps();
let admin: TestUser;
let clientCount = 0;
/** A fresh client of `as`, so each test counts its own contacts. */
const newClient = async (as: TestUser) => {
  const result = await call('POST /v1/clients', as, { body: { personType: 'other', name: `Cliente ${++clientCount}`, email: `c${clientCount}@idem.test` } });
  expect(result.statusCode).toBe(201);
  return json(result).id as string;
};
beforeAll(async () => {
  ({ admin } = await newTenant(deps));
});
beforeEach(() => {
  faults.mock.reset();
  faults.mock.send.callThrough();
});
afterAll(() => faults.mock.restore());

const createClient = (as: TestUser, body: Record<string, unknown>, key?: string) =>
  call('POST /v1/clients', as, { body, ...(key ? { headers: keyed(key) } : {}) });
const clientsNamed = async (as: TestUser, name: string) =>
  (json(await call('GET /v1/clients', as, { query: { name, limit: '100' } })).items as Array<{ id: string; name: string }>).filter((c) => c.name === name);
// Contacts have no unique field: a create that runs twice leaves two of them, which is what these tests count.
const addContact = (as: TestUser, clientId: string, body: Record<string, unknown>, key: string) =>
  call('POST /v1/clients/{clientId}/contacts', as, { pathParameters: { clientId }, body, headers: keyed(key) });
const contactsOf = async (as: TestUser, clientId: string) =>
  json(await call('GET /v1/clients/{clientId}/contacts', as, { pathParameters: { clientId } })).items as Array<{ id: string; name: string }>;
const replayed = (r: HttpResult) => r.headers['idempotency-replayed'] === 'true';

describe('a key owned by a completed request', () => {
  it('keeps its record when the same key is refused for another body, so the first body sent again is replayed, not run twice', async () => {
    const clientId = await newClient(admin);
    const first = await addContact(admin, clientId, { type: 'billing', name: 'Dueña' }, 'owner-1');
    expect(first.statusCode).toBe(201);
    const other = await addContact(admin, clientId, { type: 'billing', name: 'Intrusa' }, 'owner-1');
    expect(other.statusCode).toBe(422);
    expect(json(other).code).toBe('idempotency_key_reused');

    const again = await addContact(admin, clientId, { type: 'billing', name: 'Dueña' }, 'owner-1');
    expect(again.statusCode).toBe(201);
    expect(replayed(again)).toBe(true);
    expect(json(again).id).toBe(json(first).id);
    expect((await contactsOf(admin, clientId)).map((c) => c.id)).toEqual([json(first).id]);
  });

  it('replays the first status, body, ETag and content type, and says it is a replay', async () => {
    const body = { personType: 'other', name: 'Repetido', email: 'repetido@idem.test' };
    const first = await createClient(admin, body, 'replay-1');
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    const second = await createClient(admin, body, 'replay-1');
    expect(second.statusCode).toBe(201);
    expect(second.headers).toMatchObject({
      'idempotency-replayed': 'true',
      etag: first.headers.etag,
      'content-type': first.headers['content-type'],
    });
    expect(second.body).toBe(first.body);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it('replays an outcome the route decided (404 for a missing client) instead of running again', async () => {
    const params = { clientId: 'no-such-client' };
    const contact = { type: 'billing', name: 'Nadie', email: 'nadie@idem.test' };
    const first = await call('POST /v1/clients/{clientId}/contacts', admin, { pathParameters: params, body: contact, headers: keyed('missing-1') });
    expect(first.statusCode).toBe(404);
    const second = await call('POST /v1/clients/{clientId}/contacts', admin, {
      pathParameters: params,
      body: contact,
      headers: keyed('missing-1', { 'accept-language': 'en' }),
    });
    expect(second.statusCode).toBe(404);
    expect(replayed(second)).toBe(true);
    // The first response verbatim, in the language it was written in.
    expect(second.body).toBe(first.body);
    expect(second.headers['content-language']).toBe('es');
  });

  it('does not bind the key to input refused before the route ran: after a 400 the same key runs with a valid body', async () => {
    const invalid = await createClient(admin, { personType: 'other', email: 'tras-error@idem.test' }, 'invalid-first');
    expect(invalid.statusCode).toBe(400);
    const valid = await createClient(admin, { personType: 'other', name: 'Tras Error', email: 'tras-error@idem.test' }, 'invalid-first');
    expect(valid.statusCode).toBe(201);
    expect(replayed(valid)).toBe(false);
  });

  it('does not keep a refusal for lack of permission: once granted, the same user, key and body run', async () => {
    const clientId = await newClient(admin);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    const body = { clientIds: [clientId], patch: { paymentTermsDays: 15 } };
    const refused = await call('POST /v1/clients/mass-update', clerk, { body, headers: keyed('grant-1') });
    expect(refused.statusCode).toBe(403);
    // Granted through the API, as an administrator would: the access check sees the new record at once.
    const grant = await workspace(
      httpEvent({
        routeKey: 'PATCH /v1/users/{userId}',
        as: admin,
        pathParameters: { userId: clerk.id },
        headers: { 'if-match': '"1"' },
        body: { permissions: ['clients.mass_update'] },
      }),
      contextOf('workspace-api'),
    );
    expect(grant.statusCode, grant.body).toBe(200);
    const granted = await call('POST /v1/clients/mass-update', clerk, { body, headers: keyed('grant-1') });
    expect(granted.statusCode).toBe(200);
    expect(replayed(granted)).toBe(false);
    expect(json(granted).total).toBe(1);
  });

  it('refuses a key longer than 255 characters, pointing at the header', async () => {
    const result = await createClient(admin, { personType: 'other', name: 'Clave Larga', email: 'larga@idem.test' }, 'k'.repeat(256));
    expect(result.statusCode).toBe(400);
    expect(json(result).errors).toEqual([expect.objectContaining({ pointer: '/header/idempotency-key' })]);
    expect(await clientsNamed(admin, 'Clave Larga')).toHaveLength(0);
  });
});

describe('the scope of a key', () => {
  it("is the full path: the same key and body on another client's contacts adds that client's contact", async () => {
    const one = await newClient(admin);
    const two = await newClient(admin);
    const contact = { type: 'billing', name: 'Contacto', email: 'contacto@idem.test' };
    const first = await addContact(admin, one, contact, 'contact-key');
    const second = await addContact(admin, two, contact, 'contact-key');
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(replayed(second)).toBe(false);
    expect(json(second).clientId).toBe(two);
    expect(await contactsOf(admin, two)).toEqual([expect.objectContaining({ id: json(second).id, clientId: two })]);
  });

  it('is the user: another user of the tenant sending the same key and body adds their own contact', async () => {
    const colleague = await newUser(deps, admin.tenantId, { accessLevel: 1, permissions: admin.permissions });
    const clientId = await newClient(admin);
    const body = { type: 'commercial', name: 'Por Usuario' };
    const mine = await addContact(admin, clientId, body, 'user-key');
    const theirs = await addContact(colleague, clientId, body, 'user-key');
    expect(theirs.statusCode).toBe(201);
    expect(replayed(theirs)).toBe(false);
    expect(json(theirs).id).not.toBe(json(mine).id);
    expect(await contactsOf(admin, clientId)).toHaveLength(2);
  });
});

describe('concurrent requests with one key', () => {
  it('runs five simultaneous creates once: the others get 409 with Retry-After or the replay', async () => {
    const clientId = await newClient(admin);
    const body = { type: 'collections', name: 'Cinco', email: 'cinco@idem.test' };
    const results = await Promise.all(Array.from({ length: 5 }, () => addContact(admin, clientId, body, 'five-at-once')));

    const executed = results.filter((r) => r.statusCode === 201 && !replayed(r));
    expect(executed).toHaveLength(1);
    for (const r of results.filter((x) => x !== executed[0])) {
      if (r.statusCode === 409) {
        expect(json(r).code).toBe('idempotency_in_progress');
        expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      } else {
        expect(replayed(r) && r.body === executed[0]!.body).toBe(true);
      }
    }
    expect(await contactsOf(admin, clientId)).toHaveLength(1);
    const later = await addContact(admin, clientId, body, 'five-at-once');
    expect(replayed(later)).toBe(true);
    expect(later.body).toBe(executed[0]!.body);
  });

  it('runs a slow mass update hit three times once: 409 with Retry-After while it runs, then its result', async () => {
    const { admin: own } = await newTenant(deps);
    const clientId = await newClient(own);
    // The first run stalls on reading one (missing) client until the test lets it go; later runs pass.
    const slowId = `slow-${clientId}`;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let stalled!: () => void;
    const reachedGate = new Promise<void>((resolve) => (stalled = resolve));
    let firstRead = true;
    faults.mock.on(GetCommand).callsFake(async (input, getClient) => {
      if (String(input.Key?.sk).endsWith(slowId) && firstRead) {
        firstRead = false;
        stalled();
        await gate;
      }
      return faults.passOn(new GetCommand(input), getClient());
    });
    const body = { clientIds: [clientId, slowId], patch: { paymentTermsDays: 30 } };
    const massUpdate = () => call('POST /v1/clients/mass-update', own, { body, headers: keyed('mass-once') });

    const first = massUpdate();
    await reachedGate;
    let current = await deps.clients.get(own.tenantId, clientId);
    for (let i = 0; current?.paymentTermsDays !== 30 && i < 200; i++) current = await deps.clients.get(own.tenantId, clientId);
    expect(current?.paymentTermsDays).toBe(30);
    // Undo the first run's change: a second run would have to make it again, in the history.
    const undone = await call('PATCH /v1/clients/{clientId}', own, {
      pathParameters: { clientId },
      body: { paymentTermsDays: null },
      headers: { 'if-match': `"${current!.version}"` },
    });
    expect(undone.statusCode).toBe(200);

    const second = await massUpdate();
    const third = await massUpdate();
    for (const r of [second, third]) {
      expect(r.statusCode).toBe(409);
      expect(json(r).code).toBe('idempotency_in_progress');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    release();
    const done = await first;
    expect(done.statusCode).toBe(200);
    expect(json(done).counts).toMatchObject({ updated: 1, not_found: 1 });
    const fourth = await massUpdate();
    expect(fourth.statusCode).toBe(200);
    expect(replayed(fourth)).toBe(true);
    expect(fourth.body).toBe(done.body);

    const history = json(await call('GET /v1/clients/{clientId}/history', own, { pathParameters: { clientId }, query: { limit: '100' } }));
    const runs = new Set(history.items.filter((e: { operation: string }) => e.operation === 'mass_update').map((e: { operationId: string }) => e.operationId));
    expect([...runs]).toEqual([json(done).operationId]);
    expect((await deps.clients.get(own.tenantId, clientId))?.paymentTermsDays).toBeUndefined();
  });
});

describe('a request that fails or dies', () => {
  it('releases its key after a 500, so the retry runs once', async () => {
    const clientId = await newClient(admin);
    let failures = 1;
    faults.mock.on(TransactWriteCommand).callsFake(async (input, getClient) => {
      if (failures-- > 0) throw Object.assign(new Error('injected: the write failed'), { name: 'InternalServerError' });
      return faults.passOn(new TransactWriteCommand(input), getClient());
    });
    const body = { type: 'other', name: 'Tras Fallo' };
    const failed = await addContact(admin, clientId, body, 'after-500');
    expect(failed.statusCode).toBe(500);
    const retried = await addContact(admin, clientId, body, 'after-500');
    expect(retried.statusCode).toBe(201);
    expect(replayed(retried)).toBe(false);
    expect(await contactsOf(admin, clientId)).toHaveLength(1);
  });

  it('lets a retry take over a claim whose lease ran out, and refuses the late owner its completion', async () => {
    const store = idempotencyStore({ client: deps.dynamoClient, tableName: deps.config.tableName });
    const clientId = await newClient(admin);
    const body = { type: 'other', name: 'Huérfano' };
    const scope = { tenantId: admin.tenantId, userId: admin.id, method: 'POST', path: `/v1/clients/${clientId}/contacts`, key: 'orphan-1' };
    // A request that claimed the key and died: same scope and body, lease already over.
    const dead = await store.claim(scope, { query: {}, body }, -1);

    const retried = await addContact(admin, clientId, body, 'orphan-1');
    expect(retried.statusCode).toBe(201);
    expect(replayed(retried)).toBe(false);
    if (dead.kind !== 'claimed') throw new Error('not claimed');
    const late = await store.complete(dead, { statusCode: 500, headers: {}, body: '{}', lang: 'es' });
    expect(late).toBe(false);
    const replay = await addContact(admin, clientId, body, 'orphan-1');
    expect(replayed(replay)).toBe(true);
    expect(replay.body).toBe(retried.body);
    expect(await contactsOf(admin, clientId)).toHaveLength(1);
  });

  it('answers 409 while a live claim holds the key, with Retry-After', async () => {
    const store = idempotencyStore({ client: deps.dynamoClient, tableName: deps.config.tableName });
    const clientId = await newClient(admin);
    const body = { type: 'other', name: 'En Curso' };
    const scope = { tenantId: admin.tenantId, userId: admin.id, method: 'POST', path: `/v1/clients/${clientId}/contacts`, key: 'live-1' };
    expect((await store.claim(scope, { query: {}, body }, 60_000)).kind).toBe('claimed');
    const result = await addContact(admin, clientId, body, 'live-1');
    expect(result.statusCode).toBe(409);
    expect(result.headers['retry-after']).toMatch(/^\d+$/);
    expect(json(result)).toMatchObject({ code: 'idempotency_in_progress', title: 'Una solicitud con esa Idempotency-Key está en curso' });
    expect(await contactsOf(admin, clientId)).toHaveLength(0);
  });
});

describe('the stored record', () => {
  const storeAt = (offsetMs = 0) => idempotencyStore({ client: deps.dynamoClient, tableName: deps.config.tableName, now: () => Date.now() + offsetMs });
  const scopeOf = (key: string) => ({ tenantId: admin.tenantId, userId: admin.id, method: 'POST', path: '/v1/clients/mass-update', key });
  const request = { query: {}, body: { clientIds: ['a'], patch: { paymentTermsDays: 1 } } };
  const claimed = async (store: ReturnType<typeof storeAt>, key: string) => {
    const claim = await store.claim(scopeOf(key), request, 60_000);
    if (claim.kind !== 'claimed') throw new Error(`expected a claim, got ${claim.kind}`);
    return claim;
  };

  it('keeps a large response compressed and replays it byte for byte', async () => {
    const store = storeAt();
    const failures = Array.from({ length: 5_000 }, (_, i) => ({ clientId: `client-${i}`, outcome: 'not_found', code: 'not_found', message: 'no such client' }));
    const body = JSON.stringify({ operationId: 'x', total: 5_000, counts: { not_found: 5_000 }, failures });
    expect(body.length).toBeGreaterThan(400 * 1024); // more than a DynamoDB item holds
    expect(await store.complete(await claimed(store, 'large-1'), { statusCode: 200, headers: { 'content-type': 'application/json' }, body, lang: 'en' })).toBe(
      true,
    );
    const again = await store.claim(scopeOf('large-1'), request, 60_000);
    expect(again).toEqual({ kind: 'completed', response: { statusCode: 200, headers: { 'content-type': 'application/json' }, body, lang: 'en' } });
  });

  it('keeps the outcome of a response too large to store, and answers its replay with 409 idempotency_result_unavailable', async () => {
    const store = storeAt();
    const clientId = await newClient(admin);
    const contact = { type: 'other', name: 'Enorme' };
    const scope = { tenantId: admin.tenantId, userId: admin.id, method: 'POST', path: `/v1/clients/${clientId}/contacts`, key: 'huge-1' };
    const claim = await store.claim(scope, { query: {}, body: contact }, 60_000);
    if (claim.kind !== 'claimed') throw new Error('not claimed');
    const incompressible = randomBytes(600 * 1024).toString('base64');
    expect(await store.complete(claim, { statusCode: 201, headers: {}, body: JSON.stringify({ noise: incompressible }), lang: 'es' })).toBe(true);

    const replay = await addContact(admin, clientId, contact, 'huge-1');
    expect(replay.statusCode).toBe(409);
    expect(json(replay)).toMatchObject({ code: 'idempotency_result_unavailable', originalStatus: 201, detail: expect.stringContaining('201') });
    expect(await contactsOf(admin, clientId)).toHaveLength(0);
  });

  it('counts a record past its expiry as none, even before DynamoDB removes it', async () => {
    const today = storeAt();
    expect(await today.complete(await claimed(today, 'expired-1'), { statusCode: 200, headers: {}, body: '{}', lang: 'es' })).toBe(true);
    const tomorrow = storeAt(25 * 60 * 60 * 1000);
    expect((await tomorrow.claim(scopeOf('expired-1'), request, 60_000)).kind).toBe('claimed');
  });

  it('gives a takeover the id seed of the first claim, so a redo writes with the same ids', async () => {
    const store = storeAt();
    const first = await store.claim(scopeOf('seed-1'), request, -1); // its holder died at once
    const second = await store.claim(scopeOf('seed-1'), request, 60_000);
    if (first.kind !== 'claimed') throw new Error('not claimed');
    expect(second).toMatchObject({ kind: 'claimed', takeover: true, idSeed: first.idSeed });
  });

  it('keeps a claim whose outcome is unknown in progress for a short hold, then lets the next request take it over', async () => {
    const store = storeAt();
    const claim = await claimed(store, 'keep-1');
    expect(await store.keep(claim, 1_000)).toBe(true);
    expect(await store.claim(scopeOf('keep-1'), request, 60_000)).toMatchObject({ kind: 'in_progress', retryAfterSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await store.claim(scopeOf('keep-1'), request, 60_000)).toMatchObject({ kind: 'claimed', takeover: true, idSeed: claim.idSeed });
    expect(await store.keep({ ...claim, token: 'someone-else' }, 1_000)).toBe(false);
  });

  it('lets only the holder release a claim', async () => {
    const store = storeAt();
    const claim = await claimed(store, 'release-1');
    expect(await store.release({ ...claim, token: 'someone-else' })).toBe(false);
    expect((await store.claim(scopeOf('release-1'), request, 60_000)).kind).toBe('in_progress');
    expect(await store.release(claim)).toBe(true);
    expect((await store.claim(scopeOf('release-1'), request, 60_000)).kind).toBe('claimed');
  });
});
