import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../../../domain/portal/ports.ts';

/**
 * scrypt from node:crypto (no native add-on to build for Lambda): N = 2^15, r = 8, p = 1 costs 32 MiB and
 * one core for a moment per hash (figures in the decision "Portal access for clients"). The parameters
 * travel in the stored hash, so raising them later leaves older hashes verifiable.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
/** Node refuses 128 × N × r bytes at its default limit of exactly 32 MiB: twice that leaves room. */
const maxmem = (N: number, r: number) => 256 * N * r;

/** `scrypt$N$r$p$<salt base64url>$<key base64url>`. */
const format = (N: number, r: number, p: number, salt: Buffer, key: Buffer) =>
  ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');

function parse(stored: string) {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  // Bounds keep a tampered item from asking for gigabytes.
  const sane = scheme === 'scrypt' && Number.isInteger(Math.log2(N)) && N >= 2 ** 10 && N <= 2 ** 17 && R >= 1 && R <= 16 && P >= 1 && P <= 4;
  if (!sane || !salt || !key) return undefined;
  return { N, r: R, p: P, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

export function scryptHasher(params: { N: number; r: number; p: number } = SCRYPT_PARAMS): PasswordHasher {
  const options = { ...params, maxmem: maxmem(params.N, params.r) };
  // Stands in for the hash of an unknown e-mail, so its answer takes as long as a wrong password's.
  const standIn = format(params.N, params.r, params.p, randomBytes(SALT_BYTES), randomBytes(KEY_BYTES));
  return {
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      return format(params.N, params.r, params.p, salt, await scrypt(password, salt, KEY_BYTES, options));
    },
    async verify(password, stored) {
      const parsed = parse(stored ?? standIn) ?? parse(standIn)!;
      const key = await scrypt(password, parsed.salt, parsed.key.length || KEY_BYTES, {
        N: parsed.N,
        r: parsed.r,
        p: parsed.p,
        maxmem: maxmem(parsed.N, parsed.r),
      });
      return stored !== undefined && key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
    },
  };
}
