/**
 * Portal passwords: generated, never chosen. 20 characters from an alphabet without look-alikes (no i, l,
 * o, 0, 1), shown in 4 groups of 5 ("k7mq2-xw9rt-…"): log2(31) × 20 ≈ 99 bits, beyond any guessing, so
 * the memory-hard hash is defence in depth for a leaked table, not what stops an online attacker.
 */
export const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const PASSWORD_GROUPS = 4;
export const PASSWORD_GROUP_LENGTH = 5;
export const PASSWORD_LENGTH = PASSWORD_GROUPS * PASSWORD_GROUP_LENGTH;
/** Entropy of a generated password, in bits (for the decision and the docs). */
export const PASSWORD_BITS = Math.floor(PASSWORD_LENGTH * Math.log2(PASSWORD_ALPHABET.length));

/** Random bytes from a cryptographic source (node:crypto in functions/, a seeded source in tests). */
export type RandomBytes = (count: number) => Uint8Array;

/**
 * A new password from `random`. Bytes ≥ 248 (8 × 31) are dropped so every character is equally likely
 * (no modulo bias); more bytes are asked for until 20 characters are drawn.
 */
export function generatePassword(random: RandomBytes): string {
  const limit = Math.floor(256 / PASSWORD_ALPHABET.length) * PASSWORD_ALPHABET.length;
  const chars: string[] = [];
  while (chars.length < PASSWORD_LENGTH) {
    for (const byte of random(PASSWORD_LENGTH * 2)) {
      if (byte >= limit) continue;
      chars.push(PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length]!);
      if (chars.length === PASSWORD_LENGTH) break;
    }
  }
  const groups: string[] = [];
  for (let i = 0; i < PASSWORD_LENGTH; i += PASSWORD_GROUP_LENGTH) groups.push(chars.slice(i, i + PASSWORD_GROUP_LENGTH).join(''));
  return groups.join('-');
}

/**
 * The form that is hashed and compared: lower case, without the separators and spaces a person may type
 * or leave out ("K7MQ2 XW9RT…" signs in as well as "k7mq2-xw9rt-…"). Anything else is kept as typed, so
 * a wrong password stays wrong.
 */
export const canonicalPassword = (typed: string) => typed.normalize('NFKC').toLowerCase().replace(/[\s-]/g, '');
