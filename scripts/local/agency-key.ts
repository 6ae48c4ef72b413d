import { readFileSync, renameSync, rmSync } from 'node:fs';
import { ensureCursorKeyFile } from './cursor-key.ts';

/**
 * The local stand-in for the agency integration's Secrets Manager secret: a random secret in its own file,
 * written once like the cursor key's (scripts/local/cursor-key.ts) and kept, so the agency keys handed out
 * survive restarts. Never the cursor key's file: the two secrets are unrelated.
 */
export const ensureAgencyKeyFile = (path: string): string => ensureCursorKeyFile(path);

/** The local agency secret's current value (the local receiver derives the tenants' keys from it, as the agency's copy would). */
export const readAgencyKeyFile = (path: string): string => readFileSync(path, 'utf8').trim();

/**
 * A local rotation, as `put-secret-value` does in AWS: the current value becomes `<file>.previous` (the
 * AWSPREVIOUS stage, accepted inbound and signed with outbound) and a new one is generated. `endWindow`
 * drops the previous version, as removing the AWSPREVIOUS label does.
 */
export function rotateAgencyKeyFile(path: string, endWindow = false) {
  if (endWindow) return rmSync(`${path}.previous`, { force: true });
  renameSync(path, `${path}.previous`);
  ensureAgencyKeyFile(path);
}
