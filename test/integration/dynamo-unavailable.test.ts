import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResult } from '../../functions/http/http-types.ts';
import { blackHole, closedPort, throttlingDynamo } from '../support/fault-endpoints.ts';
import { coldStart, contextWithRemaining, within } from '../support/cold-start.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';

// DynamoDB that hangs, is gone, or throttles, played by endpoints of this file's own (the DynamoDB
// Local the run shares is never touched). Short SDK budgets keep each test to about a second; the
// production numbers are in functions/adapters/sdk-budget.ts and bench/faults.
const budget = { connectionTimeoutMs: 200, requestTimeoutMs: 400, socketTimeoutMs: 400, maxAttempts: 2, backoffCapMs: 50 };
const worstCaseMs = 2 * 400 + 50;
type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof contextOf>) => Promise<HttpResult>;

const clientsApiAt = (endpoint: string, sdk: Record<string, number> = budget) =>
  coldStart(async () => (await import('../../functions/http/clients-api.handler.ts')).handler as Handler, {
    DYNAMODB_ENDPOINT: endpoint,
    SDK_BUDGET: JSON.stringify(sdk),
  });

// Nothing is read about this user: every call fails before the table could answer.
const admin: TestUser = { tenantId: 't-faults', id: 'admin-faults', email: 'admin@faults.test', accessLevel: 1, permissions: ['clients.mass_update'] };
const listClients = (lang = 'es') => httpEvent({ routeKey: 'GET /v1/clients', as: admin, headers: { 'accept-language': lang } });
const createClient = (key?: string) =>
  httpEvent({
    routeKey: 'POST /v1/clients',
    as: admin,
    body: { personType: 'other', name: 'Caída', email: 'caida@faults.test' },
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });

async function timed(work: Promise<HttpResult>) {
  const started = performance.now();
  const result = await within(5_000, work);
  return { result, ms: performance.now() - started };
}

let hole: Awaited<ReturnType<typeof blackHole>>;
beforeAll(async () => {
  hole = await blackHole();
});
afterAll(async () => {
  await hole.close();
});

describe('DynamoDB accepts connections and never answers (paused)', () => {
  it('answers a read with 503 service_unavailable and Retry-After once the SDK budget is spent, not after minutes', async () => {
    const handler = await clientsApiAt(hole.endpoint);
    const { result, ms } = await timed(handler(listClients(), contextOf('clients-api')));
    expect(result.statusCode).toBe(503);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(result.headers['retry-after']).toBe('5');
    expect(json(result)).toMatchObject({
      code: 'service_unavailable',
      reason: 'no_answer',
      outcome: 'not_applied',
      retryAfter: 5,
      title: 'Servicio no disponible por el momento',
      detail: 'Un servicio del que dependemos no respondió a tiempo; no se guardó ningún cambio. Reintenta en 5 s.',
    });
    expect(ms).toBeGreaterThanOrEqual(worstCaseMs - 100);
    expect(ms).toBeLessThan(worstCaseMs + 5_000);
  });

  it('says it in English when asked', async () => {
    const handler = await clientsApiAt(hole.endpoint);
    const result = await within(5_000, handler(listClients('en'), contextOf('clients-api')));
    expect(json(result)).toMatchObject({
      title: 'Service temporarily unavailable',
      detail: 'A service we depend on did not answer in time; nothing was changed. Retry in 5 s.',
    });
  });

  it('stops the request at its deadline when the SDK would wait longer, and answers 503 before the function times out', async () => {
    // Per-attempt timeouts as long as the function allows: only the deadline can end the wait.
    const handler = await clientsApiAt(hole.endpoint, { requestTimeoutMs: 20_000, socketTimeoutMs: 20_000, maxAttempts: 1 });
    // 2.5 s left in the function: the route must stop 1.5 s before, at about 1 s.
    const { result, ms } = await timed(handler(createClient(), contextWithRemaining('clients-api', 2_500)));
    expect(result.statusCode).toBe(503);
    expect(json(result)).toMatchObject({ code: 'service_unavailable', reason: 'no_answer' });
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(6_000);
  });
});

describe('DynamoDB is gone (nothing listens on its port)', () => {
  it('answers 503 at once, saying nothing was changed', async () => {
    const { endpoint } = await closedPort();
    const handler = await clientsApiAt(endpoint);
    const { result, ms } = await timed(handler(createClient('gone-1'), contextOf('clients-api')));
    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('5');
    expect(json(result)).toMatchObject({ code: 'service_unavailable', reason: 'unreachable', outcome: 'not_applied' });
    expect(ms).toBeLessThan(5_000);
  });
});

describe('DynamoDB throttles every request', () => {
  it('retries within the budget, then answers 503 with a shorter Retry-After', async () => {
    const throttling = await throttlingDynamo();
    try {
      const handler = await clientsApiAt(throttling.endpoint);
      const { result, ms } = await timed(handler(listClients(), contextOf('clients-api')));
      expect(result.statusCode).toBe(503);
      expect(result.headers['retry-after']).toBe('2');
      expect(json(result)).toMatchObject({ code: 'service_unavailable', reason: 'throttled', outcome: 'not_applied' });
      // The access check reads the user and the tenant together, each within the budget.
      expect(throttling.requests()).toBeGreaterThanOrEqual(budget.maxAttempts);
      expect(throttling.requests()).toBeLessThanOrEqual(budget.maxAttempts * 2);
      expect(ms).toBeLessThan(5_000);
    } finally {
      await throttling.close();
    }
  });
});
