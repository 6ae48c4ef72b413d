import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResult } from '../../functions/http/http-types.ts';
import { coldStart, within } from '../support/cold-start.ts';
import { blackHole } from '../support/fault-endpoints.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';

/**
 * DynamoDB paused (a port that accepts and never answers) under collections-api, send-log-api and the notes
 * routes of clients-api: every route answers 503 service_unavailable problem+json, in Spanish or English,
 * once the SDK budget is spent, never a hang. Short budgets keep each call about a second.
 */
const budget = { connectionTimeoutMs: 200, requestTimeoutMs: 400, socketTimeoutMs: 400, maxAttempts: 2, backoffCapMs: 50 };
type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof contextOf>) => Promise<HttpResult>;
const user: TestUser = {
  tenantId: 't-paused',
  id: 'u-paused',
  email: 'u@paused.test',
  accessLevel: 1,
  permissions: ['collections.manage'],
  departmentId: 'D1',
};

const routes: Array<[fn: string, routeKey: string, extra: Partial<Parameters<typeof httpEvent>[0]>]> = [
  ['collections-api', 'GET /v1/collections/settings', {}],
  ['collections-api', 'PUT /v1/collections/settings', { headers: { 'if-match': '*' }, body: { reminders: {}, businessDaysOnly: true } }],
  ['collections-api', 'POST /v1/invoices/{invoiceId}/collections/send-now', { pathParameters: { invoiceId: 'inv1' } }],
  ['collections-api', 'GET /v1/collections/preview', {}],
  ['send-log-api', 'GET /v1/collections/messages', {}],
  ['send-log-api', 'POST /v1/collections/messages/{messageId}/decision', { pathParameters: { messageId: 'col_x' }, body: { decision: 'drop' } }],
  ['clients-api', 'POST /v1/clients/{clientId}/notes', { pathParameters: { clientId: 'c1' }, body: { text: 'Nota' } }],
  ['clients-api', 'GET /v1/notes', {}],
];
const entries: Record<string, string> = {
  'collections-api': '../../functions/http/collections-api.handler.ts',
  'send-log-api': '../../functions/http/send-log-api.handler.ts',
  'clients-api': '../../functions/http/clients-api.handler.ts',
};

let hole: Awaited<ReturnType<typeof blackHole>>;
const handlers = new Map<string, Handler>();
beforeAll(async () => {
  hole = await blackHole();
  for (const [fn, entry] of Object.entries(entries))
    handlers.set(
      fn,
      await coldStart(async () => (await import(entry)).handler as Handler, { DYNAMODB_ENDPOINT: hole.endpoint, SDK_BUDGET: JSON.stringify(budget) }),
    );
});
afterAll(async () => {
  await hole.close();
});

describe('DynamoDB paused under the collections, send-log and notes routes', () => {
  it.each(routes)('%s %s: 503 service_unavailable within the budget, Spanish by default and English when asked', async (fn, routeKey, extra) => {
    for (const lang of ['es', 'en']) {
      const started = performance.now();
      const res = await within(
        8_000,
        handlers.get(fn)!(httpEvent({ routeKey, as: user, ...extra, headers: { ...extra.headers, 'accept-language': lang } }), contextOf(fn)),
      );
      const ms = performance.now() - started;
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.headers['retry-after']).toBeDefined();
      expect(json(res)).toMatchObject({
        code: 'service_unavailable',
        title: lang === 'es' ? 'Servicio no disponible por el momento' : 'Service temporarily unavailable',
      });
      expect(res.headers['content-language']).toBe(lang);
      // 2 attempts × 400 ms + backoff, then settling; the rest is a loaded two-core machine.
      expect(ms).toBeLessThan(8_000);
      console.log(`${routeKey} paused DynamoDB (${lang}): 503 in ${Math.round(ms)} ms`);
    }
  });
});
