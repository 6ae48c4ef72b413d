import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The webhook signature both ways (decision "Escalation webhooks"): `X-Signature: t=<unix seconds>,v1=<hex>`
 * where the hex is HMAC-SHA256 of `<t>.<raw body>` under the tenant's key of that direction. Stripe's
 * scheme: the timestamp inside the signed text makes a captured request useless once it is stale.
 */
export const SIGNATURE_HEADER = 'x-signature';
/** How far a signed timestamp may be from our clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export const signatureOf = (key: string, timestamp: number, body: string) => createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');

/** One `v1` per key: during a rotation we sign with the current and the previous secret's keys, so the agency checks either. */
export const signatureHeader = (keys: string | readonly string[], timestamp: number, body: string) =>
  [`t=${timestamp}`, ...[keys].flat().map((key) => `v1=${signatureOf(key, timestamp, body)}`)].join(',');

export type SignatureCheck = { valid: true; timestamp: number } | { valid: false; reason: 'missing_signature' | 'bad_signature' | 'stale_timestamp' };

/**
 * Checks a signature header against the raw body: well formed, one `v1` matching one of the keys (in constant
 * time; the previous secret's key too during a rotation), timestamp within the tolerance.
 */
export function verifySignature(header: string | undefined, body: string, keys: string | readonly string[], nowSeconds: number): SignatureCheck {
  if (!header || header.length > 1000) return { valid: false, reason: 'missing_signature' };
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const candidates = parts.filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)).map(([, v]) => v!);
  if (!t || !/^\d{1,12}$/.test(t) || candidates.length === 0) return { valid: false, reason: 'missing_signature' };
  const timestamp = Number(t);
  const expected = [keys].flat().map((key) => Buffer.from(signatureOf(key, timestamp, body), 'hex'));
  if (!candidates.some((c) => expected.some((e) => timingSafeEqual(Buffer.from(c, 'hex'), e)))) return { valid: false, reason: 'bad_signature' };
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return { valid: false, reason: 'stale_timestamp' };
  return { valid: true, timestamp };
}
