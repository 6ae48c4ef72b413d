import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/shared/actor.ts';
import { cursorKeySecret } from '../../functions/adapters/secrets/cursor-key.ts';
import type { RequestState } from '../../functions/http/request-state.ts';
import { clientRoutes } from '../../functions/http/routes/clients.routes.ts';
import { sealedCursors } from '../../functions/http/sealed-cursor.ts';

// Secrets Manager cannot run here: its client is mocked (as Cognito's is); the sealing is real.
const secrets = mockClient(SecretsManagerClient);
afterEach(() => secrets.reset());

const clock = { now: () => new Date() };
const actor: Actor = { tenantId: 't-1', userId: 'u-1', accessLevel: 1, permissions: [] };
const route = clientRoutes.find((r) => r.operationId === 'listZones')!;
const state = (cursor?: string): RequestState => ({
  requestId: 'r',
  lang: 'es',
  route,
  actor,
  params: {},
  query: { limit: 1, ...(cursor ? { cursor } : {}) },
  body: undefined,
});

describe('cursor key from Secrets Manager', () => {
  it('reads the secret named by CURSOR_KEY_SECRET_ARN once per cold start, however many cursors it seals and opens', async () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:CursorKey-abc';
    secrets.on(GetSecretValueCommand, { SecretId: arn }).resolves({ SecretString: 'k'.repeat(64) });
    const cursors = sealedCursors({ secret: cursorKeySecret({ cursorKeySecretArn: arn, cursorKeyFile: '/nonexistent' }), clock });
    for (let i = 0; i < 3; i++) {
      const sealed = (await cursors.sealBody(state(), { items: [], cursor: `inner-${i}` })) as { cursor: string };
      const reading = state(sealed.cursor);
      await cursors.unsealQuery(reading);
      expect(reading.query.cursor).toBe(`inner-${i}`);
    }
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('tries the secret again on the next request when reading it failed', async () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:CursorKey-def';
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }))
      .resolves({ SecretString: 'z'.repeat(64) });
    const cursors = sealedCursors({ secret: cursorKeySecret({ cursorKeySecretArn: arn }), clock });
    await expect(cursors.sealBody(state(), { items: [], cursor: 'inner' })).rejects.toThrow();
    const sealed = (await cursors.sealBody(state(), { items: [], cursor: 'inner' })) as { cursor: string };
    expect(sealed.cursor).not.toBe('inner');
  });
});
