import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { HTTP_DEADLINE_MARGIN_MS } from '../../functions/adapters/sdk-budget.ts';
import { MASS_WRITE_RESERVE_MS } from '../../functions/http/deadline.ts';
import { stoppedShort } from '../../functions/http/messages/mass-failures.ts';
import { englishIn } from '../support/english-words.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/clients-api.handler.ts');
const deps = testDeps();
let admin: TestUser;

/**
 * A Lambda context whose clock has plenty of time for its first `readings` reads, then exactly the
 * reserve a mass write keeps: the request's deadline never fires, but the loop sees its time run
 * short after a known number of clients (no wall clock involved).
 */
function runningShortAfter(readings: number): Context {
  let read = 0;
  const short = HTTP_DEADLINE_MARGIN_MS + MASS_WRITE_RESERVE_MS;
  return { ...contextOf('clients-api'), getRemainingTimeInMillis: () => (read++ < readings ? 30_000 : short) };
}

const call = (routeKey: string, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'>, context: Context = contextOf('clients-api')) =>
  handler(httpEvent({ routeKey, as: admin, ...extra }), context);
const massUpdate = (body: unknown, key: string, context?: Context) =>
  call('POST /v1/clients/mass-update', { body, headers: { 'idempotency-key': key, 'accept-language': 'en' } }, context);

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
});

describe('a mass write that runs short of time', () => {
  it('answers 200 with what it did and what remains; a replay repeats that answer; a new request finishes the rest, each client once', async () => {
    const category = json(await call('POST /v1/client-categories', { body: { name: 'Destino', color: '#123456' } }));
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) {
      ids.push(json(await call('POST /v1/clients', { body: { personType: 'other', name: `Plazo ${n}`, email: `plazo${n}@deadline.test` } })).id);
    }
    const body = { clientIds: ids, patch: { categoryId: category.id } };

    // The deadline and the idempotency claim read the clock first; a few clients then start.
    const first = await massUpdate(body, 'mass-deadline-1', runningShortAfter(6));
    expect(first.statusCode).toBe(200);
    const partial = json(first);
    expect(partial).toMatchObject({ total: 20, complete: false, counts: { unchanged: 0, not_found: 0, failed: 0 } });
    expect(partial.remaining).toBeGreaterThan(0);
    expect(partial.counts.updated).toBeGreaterThan(0);
    expect(partial.counts.updated + partial.remaining).toBe(20);
    expect(partial.remainingClientIds).toEqual(ids.slice(partial.counts.updated));
    expect(partial.message).toBe(stoppedShort.en(partial.counts.updated, partial.remaining));
    const reached = ids.slice(0, partial.counts.updated);
    for (const id of ids) {
      const client = json(await call('GET /v1/clients/{clientId}', { pathParameters: { clientId: id } }));
      expect(client.categoryId).toBe(reached.includes(id) ? category.id : undefined);
    }

    const replay = await massUpdate(body, 'mass-deadline-1');
    expect(replay.headers?.['idempotency-replayed']).toBe('true');
    expect(json(replay)).toEqual(partial);

    const second = await massUpdate(body, 'mass-deadline-2');
    expect(second.statusCode).toBe(200);
    expect(json(second)).toMatchObject({
      total: 20,
      complete: true,
      remaining: 0,
      remainingClientIds: [],
      failures: [],
      counts: { updated: partial.remaining, unchanged: partial.counts.updated, not_found: 0, failed: 0 },
    });
    expect(json(second)).not.toHaveProperty('message');
    for (const id of ids) {
      const client = json(await call('GET /v1/clients/{clientId}', { pathParameters: { clientId: id } }));
      expect(client.categoryId).toBe(category.id);
      const history = json(await call('GET /v1/clients/{clientId}/history', { pathParameters: { clientId: id } }));
      const moves = history.items.filter((e: { operation: string }) => e.operation === 'mass_update');
      expect(moves).toHaveLength(1);
      expect(moves[0].changes).toEqual([{ field: 'categoryId', to: category.id }]);
    }
  });

  it('an agent reassignment with no time left answers 200 with every client remaining; run again, it moves them all', async () => {
    const { admin: own } = await newTenant(deps);
    const at = new Date().toISOString();
    for (const id of ['from-agent', 'to-agent']) {
      await deps.users.create({
        tenantId: own.tenantId,
        id,
        email: `${id}@${own.tenantId}.test`,
        name: id,
        accessLevel: 4,
        permissions: [],
        status: 'active',
        version: 1,
        createdAt: at,
        updatedAt: at,
        createdBy: 't',
        updatedBy: 't',
      });
    }
    const reassign = (context?: Context) =>
      handler(httpEvent({ routeKey: 'POST /v1/agents/reassign', as: own, body: { moves: { 'from-agent': 'to-agent' } } }), context ?? contextOf('clients-api'));
    const book: string[] = [];
    for (let n = 0; n < 3; n++) {
      const created = await handler(
        httpEvent({
          routeKey: 'POST /v1/clients',
          as: own,
          body: { personType: 'other', name: `Cartera ${n}`, email: `c${n}@agents.test`, agentId: 'from-agent' },
        }),
        contextOf('clients-api'),
      );
      book.push(json(created).id);
    }

    const first = await reassign(runningShortAfter(1));
    expect(first.statusCode).toBe(200);
    const stopped = json(first);
    expect(stopped.complete).toBe(false);
    expect(stopped.results['from-agent']).toMatchObject({ total: 3, complete: false, remaining: 3, counts: { updated: 0 } });
    expect([...stopped.results['from-agent'].remainingClientIds].sort()).toEqual([...book].sort());
    expect(stopped.results['from-agent'].message).toBe(stoppedShort.es(0, 3));
    expect(englishIn(stopped.results['from-agent'].message)).toEqual([]);

    const done = json(await reassign());
    expect(done).toMatchObject({ complete: true, results: { 'from-agent': { total: 3, complete: true, remaining: 0, counts: { updated: 3 } } } });
    const listed = json(await handler(httpEvent({ routeKey: 'GET /v1/clients', as: own, query: { agentId: 'to-agent' } }), contextOf('clients-api')));
    expect(listed.items.map((c: { id: string }) => c.id).sort()).toEqual([...book].sort());
  });
});
