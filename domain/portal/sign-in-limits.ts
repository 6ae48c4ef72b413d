import type { AttemptPolicy } from './ports.ts';

/**
 * Sign-in limits. Per e-mail: 5 wrong passwords within 15 minutes lock that e-mail for 15 minutes (a
 * right password before that clears the count). Per source address: 30 attempts within 15 minutes, then
 * 15 minutes of refusals; successes are given back, so an office behind one address is not locked out by
 * its own clients signing in.
 */
export const EMAIL_ATTEMPTS: AttemptPolicy = { max: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
export const SOURCE_ATTEMPTS: AttemptPolicy = { max: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
