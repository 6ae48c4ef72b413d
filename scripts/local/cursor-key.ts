import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The local stand-in for the Secrets Manager secret that seals cursors: a random secret in a file,
 * written once (on the first `npm start`, or per test run) and kept, so cursors survive restarts.
 */
export function ensureCursorKeyFile(path: string): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return path;
}
