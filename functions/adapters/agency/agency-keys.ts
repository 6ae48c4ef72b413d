import { createHmac } from 'node:crypto';

/**
 * Each tenant's webhook keys, derived from the platform's secret (decision "Escalation webhooks"): HMAC of a
 * label, the direction and the tenant id, so every tenant has its own pair without one stored secret per
 * tenant, and the key we sign with is never the one we accept (a webhook of ours sent back to us fails).
 * Never logged; the operator hands a tenant's pair to the agency when the integration is switched on.
 */
export type AgencyKeyDirection = 'outbound' | 'inbound';

export const agencyKeyOf = (platformSecret: string, tenantId: string, direction: AgencyKeyDirection) =>
  createHmac('sha256', platformSecret).update(`cobranza/agency-webhook/v1/${direction}/${tenantId}`).digest('hex');

/** The keys of a running function: the secret is read once (per cold start) and each tenant's key derived from it. */
export function agencyKeys(secret: () => Promise<string>) {
  let read: Promise<string> | undefined;
  return async (tenantId: string, direction: AgencyKeyDirection) => {
    read ??= secret().catch((error: unknown) => {
      read = undefined;
      throw error;
    });
    return agencyKeyOf(await read, tenantId, direction);
  };
}
export type AgencyKeys = ReturnType<typeof agencyKeys>;
