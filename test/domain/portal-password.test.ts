import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalPassword, generatePassword, PASSWORD_ALPHABET, PASSWORD_BITS } from '../../domain/portal/portal-password.ts';
import { scryptHasher, SCRYPT_PARAMS } from '../../functions/adapters/portal/scrypt-hasher.ts';

/** Random bytes from a fast-check stream, so generation is tried on any byte sequence (biased ones included). */
const bytesFrom = (stream: number[]) => {
  let i = 0;
  return (count: number) => Uint8Array.from({ length: count }, () => stream[i++ % stream.length]!);
};

describe('portal passwords', () => {
  it('are 4 groups of 5 characters of the alphabet, whatever bytes come, and keep ≈ 99 bits', () => {
    expect(PASSWORD_BITS).toBeGreaterThanOrEqual(99);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 64 }).filter((a) => a.some((b) => b < 248)),
        (stream) => {
          const password = generatePassword(bytesFrom(stream));
          expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
          for (const c of password.replaceAll('-', '')) expect(PASSWORD_ALPHABET).toContain(c);
        },
      ),
    );
  });

  it('drop the bytes that would bias the draw (248–255)', () => {
    const password = generatePassword(bytesFrom([255, 250, 248, 0]));
    expect(password).toBe('aaaaa-aaaaa-aaaaa-aaaaa');
  });

  it('read back the same however a person types them (case, spaces, hyphens), and differ otherwise', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 247 }), { minLength: 20, maxLength: 40 }), fc.constantFrom('-', ' ', '', '  '), (stream, sep) => {
        const password = generatePassword(bytesFrom(stream));
        const typed = password.toUpperCase().replaceAll('-', sep);
        expect(canonicalPassword(typed)).toBe(canonicalPassword(password));
        expect(canonicalPassword(`${typed}x`)).not.toBe(canonicalPassword(password));
      }),
    );
  });
});

describe('scrypt hasher', () => {
  const hasher = scryptHasher();

  it('verifies the password it hashed, refuses any other and a malformed or absent hash, and prints its cost', async () => {
    const started = performance.now();
    const stored = await hasher.hash('k7mq2xw9rtb3nd8pf4ha');
    const ms = performance.now() - started;
    console.log(`scrypt N=${SCRYPT_PARAMS.N} r=${SCRYPT_PARAMS.r} p=${SCRYPT_PARAMS.p}: ${ms.toFixed(0)} ms per hash`);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await hasher.verify('k7mq2xw9rtb3nd8pf4ha', stored)).toBe(true);
    expect(await hasher.verify('k7mq2xw9rtb3nd8pf4hb', stored)).toBe(false);
    expect(await hasher.verify('k7mq2xw9rtb3nd8pf4ha', undefined)).toBe(false);
    expect(await hasher.verify('k7mq2xw9rtb3nd8pf4ha', 'scrypt$1073741824$8$1$AAAA$BBBB')).toBe(false);
    expect(await hasher.verify('k7mq2xw9rtb3nd8pf4ha', 'garbage')).toBe(false);
    // Two hashes of one password differ (their salts do).
    expect(await hasher.hash('k7mq2xw9rtb3nd8pf4ha')).not.toBe(stored);
  }, 30_000);
});
