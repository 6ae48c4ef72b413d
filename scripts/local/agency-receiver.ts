import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agencyKeyOf } from '../../functions/adapters/agency/agency-keys.ts';
import { signatureHeader, verifySignature } from '../../functions/adapters/agency/webhook-signature.ts';

/**
 * The collection agency on one machine (issue 12): a tiny HTTP server `npm start` and the tests run.
 *
 * - `POST /webhooks` takes our signed webhooks: it checks `X-Signature` with the tenant's outbound key,
 *   records every request (signature valid or not) and keeps one per `Idempotency-Key`, as a real
 *   agency would; answers 200, or 401 for a bad signature. `failNext` makes it answer 500 (an outage).
 * - `sendStatus` (or `POST /status` with `{ tenantId, escalationId, stage?, objection? }`) posts a signed
 *   status event back to our inbound endpoint, as the agency reports a stage change or an objection.
 * - `GET /received` lists what it got.
 */
export interface ReceivedWebhook {
  idempotencyKey: string;
  eventType: string;
  tenantId: string;
  body: Record<string, unknown>;
  signatureValid: boolean;
  /** A delivery whose Idempotency-Key it had already taken: kept once. */
  duplicate: boolean;
}

export interface AgencyReceiverOptions {
  port?: number;
  /** The platform secret the tenants' keys derive from (the local agency key file's content, scripts/local/agency-key.ts). */
  platformSecret: () => Promise<string> | string;
  /** Where status events go: our inbound endpoint's URL, or a function that delivers them (tests call the handler). */
  callback?: string | ((request: { body: string; headers: Record<string, string> }) => Promise<{ status: number; body: string }>);
  /** Seconds since the epoch our webhooks' signatures are checked against (tests move it with the dispatcher's clock). Status events are signed with the wall clock, as the API checks them. */
  nowSeconds?: () => number;
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

export async function startAgencyReceiver(options: AgencyReceiverOptions) {
  const wallClock = () => Math.floor(Date.now() / 1000);
  const now = options.nowSeconds ?? wallClock;
  const received: ReceivedWebhook[] = [];
  const keys = new Set<string>();
  let failures = 0;
  let callback = options.callback;
  let eventCount = 0;

  const keyOf = async (tenantId: string, direction: 'outbound' | 'inbound') => agencyKeyOf(await options.platformSecret(), tenantId, direction);

  /** Signs a status event with the tenant's inbound key and posts it to our endpoint. */
  const sendStatus = async (event: Record<string, unknown> & { tenantId: string; escalationId: string }, extra: { timestamp?: number; key?: string } = {}) => {
    eventCount += 1;
    const body = JSON.stringify({ eventId: `ev-${Date.now()}-${eventCount}`, occurredAt: new Date().toISOString(), ...event });
    const key = extra.key ?? (await keyOf(event.tenantId, 'inbound'));
    const headers = { 'content-type': 'application/json', 'x-signature': signatureHeader(key, extra.timestamp ?? wallClock(), body) };
    if (!callback) throw new Error('the agency receiver has no callback to post status events to');
    if (typeof callback === 'function') return { ...(await callback({ body, headers })), sent: body };
    const response = await fetch(callback, { method: 'POST', headers, body });
    return { status: response.status, body: await response.text(), sent: body };
  };

  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      if (request.method === 'POST' && request.url === '/webhooks') {
        if (failures > 0) {
          failures -= 1;
          return answer(response, 500, { error: 'agency unavailable (simulated)' });
        }
        const parsed = JSON.parse(body) as Record<string, unknown>;
        const tenantId = String(parsed.tenantId ?? '');
        const check = verifySignature(request.headers['x-signature'] as string | undefined, body, await keyOf(tenantId, 'outbound'), now());
        const idempotencyKey = String(request.headers['idempotency-key'] ?? '');
        const duplicate = keys.has(idempotencyKey);
        if (check.valid) keys.add(idempotencyKey);
        received.push({
          idempotencyKey,
          eventType: String(request.headers['x-event-type'] ?? ''),
          tenantId,
          body: parsed,
          signatureValid: check.valid,
          duplicate,
        });
        return check.valid ? answer(response, 200, { received: true, duplicate }) : answer(response, 401, { error: check.reason });
      }
      if (request.method === 'GET' && request.url === '/received') return answer(response, 200, received);
      if (request.method === 'POST' && request.url === '/status') {
        const result = await sendStatus(JSON.parse(body));
        return answer(response, 200, { status: result.status, answer: result.body });
      }
      return answer(response, 404, { error: 'not found' });
    } catch (error) {
      return answer(response, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    webhookUrl: `${url}/webhooks`,
    received: () => [...received],
    /** Deliveries kept (one per Idempotency-Key, valid signature). */
    accepted: () => received.filter((r) => r.signatureValid && !r.duplicate),
    /** The next `count` webhooks are answered 500. */
    failNext(count: number) {
      failures = count;
    },
    setCallback(next: AgencyReceiverOptions['callback']) {
      callback = next;
    },
    sendStatus,
    async stop() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

export type AgencyReceiver = Awaited<ReturnType<typeof startAgencyReceiver>>;
