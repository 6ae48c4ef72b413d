import { invalidState, notFound, versionMismatch } from '../shared/errors.ts';
import type { Clock } from '../shared/ports.ts';
import type { OutboundEmail } from './outbound-email.schema.ts';
import type { OutboxRepository } from './ports.ts';

/**
 * What a person decided about an e-mail whose delivery is unknown, after checking (SES's sending events,
 * the recipient): `resend` queues it now, `delivered` records that it arrived, `drop` gives it up.
 */
export type UnknownEmailDecision = 'resend' | 'delivered' | 'drop';

/** Settles an `unknown` e-mail as a person decided. Any other state is not theirs to change (409). */
export const decideUnknownEmail =
  (deps: { outbox: OutboxRepository; clock: Clock }) =>
  async (input: { tenantId: string; id: string; decision: UnknownEmailDecision; by: string }): Promise<OutboundEmail> => {
    // A concurrent decision (or an SES event settling it) wins the write: read again, and the loser is told the message is no longer unknown.
    for (let attempt = 0; attempt < 3; attempt++) {
      const email = await deps.outbox.get(input.tenantId, input.id);
      if (!email) throw notFound('outbound_email', input.id);
      if (email.status !== 'unknown') throw invalidState('email_not_unknown', { status: email.status });
      const at = deps.clock.now().toISOString();
      const { unknownAt: _unknownAt, ...rest } = email;
      const note = `${input.decision} decided by ${input.by} at ${at} (was unknown: ${email.lastError ?? 'no reason recorded'})`;
      const next: OutboundEmail =
        input.decision === 'resend'
          ? { ...rest, status: 'pending', dueAt: at, lastError: note, version: email.version + 1 }
          : input.decision === 'delivered'
            ? { ...rest, status: 'sent', sentAt: email.unknownAt ?? at, lastError: note, version: email.version + 1 }
            : { ...rest, status: 'failed', lastError: note, version: email.version + 1 };
      if (await deps.outbox.transition(next, email)) return next;
    }
    throw versionMismatch('outbound_email', input.id);
  };
