import type { CollectionAgency } from '../../../domain/escalation/ports.ts';
import type { Clock } from '../../../domain/shared/ports.ts';
import type { AgencyKeys } from './agency-keys.ts';
import { signatureHeader } from './webhook-signature.ts';

/** One try's time limit: the agency answers a webhook well within it, or the try counts as failed. */
const SEND_TIMEOUT_MS = 10_000;

/**
 * The CollectionAgency adapter: POSTs each delivery's JSON body to the agency's webhook URL, signed
 * (`X-Signature`) with the tenant's outbound key, with the delivery id as `Idempotency-Key`. A 2xx is
 * delivered; anything else (a 4xx or 5xx, a refused connection, a timeout) is a failed try to retry.
 */
export function webhookAgency(deps: { url: string; keys: AgencyKeys; clock: Clock; fetch?: typeof fetch }): CollectionAgency {
  const post = deps.fetch ?? fetch;
  return {
    async send(delivery) {
      // The previous secret's key too while a rotation leaves one: the agency may not have the new pair yet.
      const keys = await deps.keys.all(delivery.tenantId, 'outbound');
      const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
      try {
        const response = await post(deps.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': delivery.id,
            'x-signature': signatureHeader(keys, timestamp, delivery.body),
            'x-event-type': delivery.type,
          },
          body: delivery.body,
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
        // The body is not needed; reading it frees the connection.
        await response.arrayBuffer().catch(() => undefined);
        return response.ok ? { ok: true } : { ok: false, error: `the agency answered ${response.status}` };
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        return { ok: false, error: `${error instanceof Error ? error.name : 'Error'}${cause ? ` (${cause})` : ''}: the agency could not be reached` };
      }
    },
  };
}
