import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { claimsForUser } from '../../functions/auth/claims.ts';
import { findFunction, functionCatalogue } from '../../functions/catalogue.ts';
import type { User } from '../../domain/workspace/user.schema.ts';
import { createApiGateway } from '../../scripts/local/api-gateway.ts';
import { createDevIssuer } from '../../scripts/local/dev-issuer.ts';
import { gatewayTimeoutMs, INTEGRATION_TIMEOUT_MS } from '../../scripts/local/function-timeout.ts';
import { dynamoFaults } from '../support/dynamo-faults.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

// Handlers load on first invocation, as at a cold start: their loggers then write the INFO request lines.
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
const faults = dynamoFaults();
const deps = testDeps();
const issuer = await createDevIssuer(undefined);
/** Short for the timeout tests; a test about something else widens it so a loaded machine cannot trip it. */
let timeoutForTests = 400;
const gateway = await createApiGateway({ issuer, port: 0, timeoutMs: () => timeoutForTests });
afterAll(async () => {
  faults.mock.restore();
  vi.unstubAllEnvs();
  await new Promise((r) => gateway.server.close(r));
});
afterEach(() => {
  timeoutForTests = 400;
  faults.mock.reset();
  faults.mock.send.callThrough();
  vi.restoreAllMocks();
});

/** Reads of the given tenants' items take `ms` longer (DynamoDB Local behind them is real). */
function slowReadsOf(tenantIds: string[], ms: number) {
  faults.mock.on(GetCommand).callsFake(async (input: { Key?: { pk?: string } }, getClient) => {
    if (tenantIds.some((t) => input.Key?.pk === `T#${t}`)) await new Promise((r) => setTimeout(r, ms));
    return faults.passOn(new GetCommand(input as never), getClient());
  });
}

async function tokenFor(tenantId: string, userId: string) {
  const user = await deps.users.get(tenantId, userId);
  return issuer.sign(claimsForUser(user as User));
}

describe('local gateway time limits', () => {
  beforeAll(() => {
    faults.mock.send.callThrough();
  });

  it('waits for each function as long as its catalogued timeout, never past API Gateway’s 29 s', () => {
    for (const spec of functionCatalogue) expect(gatewayTimeoutMs(spec)).toBe(Math.min(spec.timeoutSeconds * 1000, 29_000));
    expect(INTEGRATION_TIMEOUT_MS).toBe(29_000);
    expect(gatewayTimeoutMs(findFunction('workspace-api'))).toBe(10_000);
  });

  it('answers 504 problem+json, in Spanish or English, when a function runs past its time', async () => {
    const { admin } = await newTenant(deps);
    const token = await tokenFor(admin.tenantId, admin.id);
    slowReadsOf([admin.tenantId], 2_000);

    for (const [language, words] of [
      ['es', 'superó su tiempo máximo'],
      ['en', 'ran past its'],
    ] as const) {
      const started = Date.now();
      const response = await fetch(`${gateway.url}/v1/tenant`, { headers: { authorization: `Bearer ${token}`, 'accept-language': language } });
      const elapsed = Date.now() - started;
      expect(response.status).toBe(504);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as { detail: string };
      expect(problem).toMatchObject({ status: 504, code: 'gateway_timeout', instance: response.headers.get('x-request-id') });
      expect(problem.detail).toContain(words);
      expect(problem.detail).toContain('workspace-api');
      expect(elapsed).toBeGreaterThanOrEqual(380);
      expect(elapsed).toBeLessThan(5_000);
    }
  });
});

describe('local runtime logs', () => {
  it('keeps each request’s own request id on its log line when requests overlap', async () => {
    const slow = await newTenant(deps);
    const fast = await newTenant(deps);
    const tokens = { slow: await tokenFor(slow.tenantId, slow.admin.id), fast: await tokenFor(fast.tenantId, fast.admin.id) };
    faults.mock.send.callThrough();
    timeoutForTests = 10_000;
    slowReadsOf([slow.tenantId], 250);
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      lines.push(...String(chunk).split('\n'));
      return true;
    });

    // The slow request starts first and ends last: the fast one appends and resets its keys in between.
    const call = (token: string) => fetch(`${gateway.url}/v1/tenant`, { headers: { authorization: `Bearer ${token}` } });
    const slowResponse = call(tokens.slow);
    await new Promise((r) => setTimeout(r, 50));
    const [first, second] = await Promise.all([slowResponse, call(tokens.fast)]);
    expect([first.status, second.status]).toEqual([200, 200]);

    const requestLines = lines.flatMap((l) => {
      try {
        const entry = JSON.parse(l) as { message?: string; tenantId?: string; requestId?: string };
        return entry.message === 'request' ? [entry] : [];
      } catch {
        return [];
      }
    });
    const idOf = (tenantId: string) => requestLines.find((e) => e.tenantId === tenantId)?.requestId;
    expect(idOf(slow.tenantId)).toBe(first.headers.get('x-request-id'));
    expect(idOf(fast.tenantId)).toBe(second.headers.get('x-request-id'));
  });
});
