import { hkdf } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { RuntimeConfig } from '../../config.ts';
import { cursorKeySecret } from './cursor-key.ts';

const derive = (material: string) =>
  new Promise<Uint8Array>((resolve, reject) =>
    hkdf('sha256', material, 'cobranza', 'portal tokens (HS256)', 32, (error, key) => (error ? reject(error) : resolve(new Uint8Array(key)))),
  );

/**
 * The key that signs portal tokens, read once per cold start: its own Secrets Manager secret in AWS (only
 * the portal functions may read it), and on one machine derived (HKDF) from the local cursor secret under
 * `.local/`, so the local runtime and the tests need no second file. Either way 32 bytes for HS256.
 */
export function portalSigningKey(config: Pick<RuntimeConfig, 'portalKeySecretArn' | 'cursorKeySecretArn' | 'cursorKeyFile'>): () => Promise<Uint8Array> {
  let key: Promise<Uint8Array> | undefined;
  const read = async () => {
    if (config.portalKeySecretArn) {
      const value = await getSecret(config.portalKeySecretArn);
      if (typeof value !== 'string' || !value) throw new Error('the portal key secret has no string value');
      return derive(value);
    }
    if (config.cursorKeyFile && !config.cursorKeySecretArn) return derive(await cursorKeySecret(config)());
    throw new Error('no portal key: set PORTAL_KEY_SECRET_ARN (AWS) or CURSOR_KEY_FILE (local)');
  };
  return () => {
    // A failed read is not kept: the next request tries again.
    key ??= read().catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  };
}
