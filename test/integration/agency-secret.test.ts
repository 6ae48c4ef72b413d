import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { AGENCY_SECRET_REFRESH_MS, agencyKeyOf, agencyKeys } from '../../functions/adapters/agency/agency-keys.ts';
import { signatureHeader, verifySignature } from '../../functions/adapters/agency/webhook-signature.ts';
import { agencySecret } from '../../functions/adapters/secrets/agency-secret.ts';
import { envNames } from '../../functions/catalogue.ts';
import { readConfig } from '../../functions/config.ts';
import { escalationDependencies } from '../../functions/wiring/escalations.ts';
import { tableDependencies } from '../../functions/wiring/table.ts';
import { ensureAgencyKeyFile, readAgencyKeyFile, rotateAgencyKeyFile } from '../../scripts/local/agency-key.ts';
import { contextOf, httpEvent } from '../support/http.ts';

// Secrets Manager cannot run here: its client is mocked (as in cursor-key.test.ts); the derivation and the checks are real.
const secrets = mockClient(SecretsManagerClient);
afterEach(() => secrets.reset());

const dir = mkdtempSync(join(tmpdir(), 'cobranza-agency-secret-'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});
const nowSeconds = () => Math.floor(Date.now() / 1000);
const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}`;
const notFound = () =>
  new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS", $metadata: {} });

describe('the agency secret in AWS', () => {
  it('reads AWSCURRENT and AWSPREVIOUS: outbound signs with both keys, inbound accepts either, the current one first', async () => {
    const id = arn('AgencyKey-rotated');
    secrets.on(GetSecretValueCommand, { SecretId: id, VersionStage: 'AWSCURRENT' }).resolves({ SecretString: 'new-'.repeat(16) });
    secrets.on(GetSecretValueCommand, { SecretId: id, VersionStage: 'AWSPREVIOUS' }).resolves({ SecretString: 'old-'.repeat(16) });
    const keys = agencyKeys(agencySecret({ agencyKeySecretArn: id }));

    const all = await keys.all('t-1', 'inbound');

    expect(all).toEqual([agencyKeyOf('new-'.repeat(16), 't-1', 'inbound'), agencyKeyOf('old-'.repeat(16), 't-1', 'inbound')]);
    expect(await keys('t-1', 'inbound')).toBe(all[0]);
    const header = signatureHeader(await keys.all('t-1', 'outbound'), nowSeconds(), '{}');
    expect(header.match(/v1=/g)).toHaveLength(2);
    for (const secret of ['new-'.repeat(16), 'old-'.repeat(16)])
      expect(verifySignature(header, '{}', agencyKeyOf(secret, 't-1', 'outbound'), nowSeconds()).valid).toBe(true);
    expect(verifySignature(header, '{}', agencyKeyOf('other', 't-1', 'outbound'), nowSeconds())).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('never rotated (no AWSPREVIOUS): the current key alone, one v1', async () => {
    const id = arn('AgencyKey-fresh');
    secrets.on(GetSecretValueCommand, { SecretId: id, VersionStage: 'AWSCURRENT' }).resolves({ SecretString: 'c'.repeat(64) });
    secrets.on(GetSecretValueCommand, { SecretId: id, VersionStage: 'AWSPREVIOUS' }).rejects(notFound());
    const keys = agencyKeys(agencySecret({ agencyKeySecretArn: id }));

    const all = await keys.all('t-1', 'outbound');

    expect(all).toEqual([agencyKeyOf('c'.repeat(64), 't-1', 'outbound')]);
    expect(signatureHeader(all, 1, 'x').match(/v1=/g)).toHaveLength(1);
  });

  it('is read once for many tenants and signatures, again after an hour; a failed read is not kept', async () => {
    const id = arn('AgencyKey-cached');
    secrets
      .on(GetSecretValueCommand, { SecretId: id, VersionStage: 'AWSCURRENT' })
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }))
      .resolves({ SecretString: 'k'.repeat(64) });
    secrets.on(GetSecretValueCommand, { SecretId: id, VersionStage: 'AWSPREVIOUS' }).rejects(notFound());
    let now = 1_000_000;
    const keys = agencyKeys(agencySecret({ agencyKeySecretArn: id }), () => now);

    await expect(keys('t-1', 'outbound')).rejects.toThrow();
    for (const tenant of ['t-1', 't-2', 't-3']) await keys(tenant, 'outbound');
    const afterWarm = secrets.commandCalls(GetSecretValueCommand).length;
    now += AGENCY_SECRET_REFRESH_MS;
    await keys('t-1', 'inbound');

    // One failed read (2 calls), one good read (2 calls); the hour later, one more read (2 calls).
    expect(afterWarm).toBe(4);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(6);
  });

  it('a failure other than a missing previous version is an error, not a silently single key', async () => {
    const id = arn('AgencyKey-denied');
    secrets.on(GetSecretValueCommand, { SecretId: id, VersionStage: 'AWSCURRENT' }).resolves({ SecretString: 'k'.repeat(64) });
    secrets
      .on(GetSecretValueCommand, { SecretId: id, VersionStage: 'AWSPREVIOUS' })
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));

    await expect(agencySecret({ agencyKeySecretArn: id })()).rejects.toThrow();
  });
});

/** A status event for an escalation nobody has: a valid signature gets as far as the lookup (404), a bad one stops at 401. */
async function signedStatus(api: Handler, platformSecret: string) {
  const tenantId = `t-${randomUUID()}`;
  const body = JSON.stringify({
    eventId: `ev-${randomUUID()}`,
    tenantId,
    escalationId: `e-${randomUUID()}`,
    occurredAt: new Date().toISOString(),
    stage: { stage: 'prejudicial', status: 'in_progress', date: '2026-12-01' },
  });
  const headers = { 'x-signature': signatureHeader(agencyKeyOf(platformSecret, tenantId, 'inbound'), nowSeconds(), body) };
  const result = await api(httpEvent({ routeKey: 'POST /v1/agency/webhooks/status', rawBody: body, headers }), contextOf('escalations-api'));
  return result.statusCode;
}
type Handler = typeof import('../../functions/http/escalations-api.handler.ts')['handler'];
/** The escalations API as a cold start with the environment of now. */
const coldApi = async (): Promise<Handler> => {
  vi.resetModules();
  return (await import('../../functions/http/escalations-api.handler.ts')).handler;
};

describe('the agency secret is not the cursor key', () => {
  it('rotating the cursor key changes no agency key and no signature; the inbound route still verifies the agency', async () => {
    // Prepare: two cursor keys (before and after a rotation), one agency secret
    const [before, after] = ['cursor-before', 'cursor-after'].map((name) => {
      writeFileSync(join(dir, name), `${name}-${randomUUID()}`);
      return join(dir, name);
    });
    const agencyFile = ensureAgencyKeyFile(join(dir, 'agency-for-cursor-test'));
    const table = tableDependencies(readConfig());
    const keysWith = (cursorKeyFile: string) =>
      escalationDependencies({ ...table, config: { ...table.config, cursorKeyFile, agencyKeyFile: agencyFile } }).keys;

    // Act
    const [a, b] = [keysWith(before!), keysWith(after!)];
    vi.stubEnv(envNames.cursorKeyFile, after!);
    vi.stubEnv(envNames.agencyKeyFile, agencyFile);
    const api = await coldApi();

    // Assess: same keys both ways, same signature; the route accepts the agency's key and refuses one made from the cursor key
    for (const direction of ['outbound', 'inbound'] as const) expect(await a('t-9', direction)).toBe(await b('t-9', direction));
    expect(signatureHeader(await a.all('t-9', 'outbound'), 100, 'body')).toBe(signatureHeader(await b.all('t-9', 'outbound'), 100, 'body'));
    expect(await a('t-9', 'outbound')).toBe(agencyKeyOf(readAgencyKeyFile(agencyFile), 't-9', 'outbound'));
    expect(await signedStatus(api, readAgencyKeyFile(agencyFile))).toBe(404);
    expect(await signedStatus(api, readAgencyKeyFile(after!))).toBe(401);
    vi.unstubAllEnvs();
  });
});

describe('rotating the agency secret (locally: the file and its .previous)', () => {
  it('during the window the inbound route accepts the old and the new keys and we sign for both; after it, only the new', async () => {
    // Prepare
    const file = ensureAgencyKeyFile(join(dir, 'agency-rotated'));
    const old = readAgencyKeyFile(file);
    vi.stubEnv(envNames.agencyKeyFile, file);
    const beforeRotation = await coldApi();
    expect(await signedStatus(beforeRotation, old)).toBe(404);

    // Act: rotate
    rotateAgencyKeyFile(file);
    const fresh = readAgencyKeyFile(file);
    const during = await coldApi();
    const outbound = signatureHeader(await agencyKeys(agencySecret({ agencyKeyFile: file })).all('t-1', 'outbound'), nowSeconds(), '{"a":1}');

    // Assess: both accepted inbound; an agency holding either pair verifies our webhook
    expect(fresh).not.toBe(old);
    expect(await signedStatus(during, old)).toBe(404);
    expect(await signedStatus(during, fresh)).toBe(404);
    expect(await signedStatus(during, 'not-the-secret')).toBe(401);
    for (const secret of [old, fresh]) expect(verifySignature(outbound, '{"a":1}', agencyKeyOf(secret, 't-1', 'outbound'), nowSeconds()).valid).toBe(true);

    // Act: end the window
    rotateAgencyKeyFile(file, true);
    const afterWindow = await coldApi();

    // Assess
    expect(await signedStatus(afterWindow, old)).toBe(401);
    expect(await signedStatus(afterWindow, fresh)).toBe(404);
    vi.unstubAllEnvs();
  });
});
