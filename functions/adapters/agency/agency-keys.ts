import { createHmac } from 'node:crypto';
import type { AgencySecretVersions } from '../secrets/agency-secret.ts';

/**
 * Each tenant's webhook keys, derived from the agency integration's own platform secret (decisions "Escalation
 * webhooks" and "The agency's own secret"): HMAC of a label, the direction and the tenant id, so every tenant has
 * its own pair without one stored secret per tenant, and the key we sign with is never the one we accept (a
 * webhook of ours sent back to us fails). Never logged; the operator hands a tenant's pair to the agency when
 * the integration is switched on, and the new pair after a rotation.
 */
export type AgencyKeyDirection = 'outbound' | 'inbound';

export const agencyKeyOf = (platformSecret: string, tenantId: string, direction: AgencyKeyDirection) =>
  createHmac('sha256', platformSecret).update(`cobranza/agency-webhook/v1/${direction}/${tenantId}`).digest('hex');

/** How long a read of the secret is used: a rotation reaches a warm container within this, well inside the rotation window. */
export const AGENCY_SECRET_REFRESH_MS = 60 * 60 * 1000;

/**
 * The keys of a running function. The secret is read on first use and again after AGENCY_SECRET_REFRESH_MS
 * (a failed read is not kept). `keys(tenant, direction)` is the key in force; `keys.all(...)` adds the
 * previous version's key while a rotation leaves one: inbound accepts either, outbound signs with both.
 */
export function agencyKeys(secret: () => Promise<string | AgencySecretVersions>, now: () => number = Date.now) {
  let read: Promise<AgencySecretVersions> | undefined;
  let readAt = 0;
  const versions = () => {
    if (!read || now() - readAt >= AGENCY_SECRET_REFRESH_MS) {
      readAt = now();
      read = secret()
        .then((value) => (typeof value === 'string' ? { current: value } : value))
        .catch((error: unknown) => {
          read = undefined;
          throw error;
        });
    }
    return read;
  };
  const all = async (tenantId: string, direction: AgencyKeyDirection): Promise<string[]> => {
    const { current, previous } = await versions();
    return [current, ...(previous && previous !== current ? [previous] : [])].map((s) => agencyKeyOf(s, tenantId, direction));
  };
  const current = async (tenantId: string, direction: AgencyKeyDirection) => (await all(tenantId, direction))[0]!;
  return Object.assign(current, { all });
}
export type AgencyKeys = ReturnType<typeof agencyKeys>;
