import { readFile } from 'node:fs/promises';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { RuntimeConfig } from '../../config.ts';

/**
 * Where the secret that seals paging cursors comes from: Secrets Manager in AWS (CDK generates it and
 * grants read to the functions that page), a file under `.local/` on one machine (the local runtime
 * writes it on first start). The caller reads it once per cold start.
 */
export function cursorKeySecret(config: Pick<RuntimeConfig, 'cursorKeySecretArn' | 'cursorKeyFile'>): () => Promise<string> {
  const { cursorKeySecretArn: arn, cursorKeyFile: file } = config;
  if (arn) {
    return async () => {
      const value = await getSecret(arn);
      if (typeof value !== 'string' || !value) throw new Error('the cursor key secret has no string value');
      return value;
    };
  }
  if (file) return async () => (await readFile(file, 'utf8')).trim();
  return async () => {
    throw new Error('no cursor key: set CURSOR_KEY_SECRET_ARN (AWS) or CURSOR_KEY_FILE (local)');
  };
}
