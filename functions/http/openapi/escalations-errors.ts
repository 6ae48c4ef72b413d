import { DomainError, invalidFields, invalidState, notFound } from '../../../domain/shared/errors.ts';
import { problemOf, unavailableProblem } from '../problem.ts';
import type { DeclaredError } from './errors.ts';
import type { OperationId } from './operation-ids.ts';

/** Errors particular to the escalation routes, each produced through the API by their test. */
const shown = { shownBy: 'test/integration/escalations.test.ts' };
const escalationId = '01JNF2A4C6E8G0J2L4N6Q8S0U2';
const closed: DeclaredError = {
  when: 'The escalation is closed (`closed_paid`) or withdrawn: `recordStatus` says which (`escalation_closed`)',
  error: invalidState('escalation_closed', { id: escalationId, recordStatus: 'withdrawn' }),
  specific: shown,
};
const signature = (reason: string, when: string): DeclaredError => ({ when, error: problemOf('unauthenticated', { reason }), specific: shown });

export const escalationErrors: Partial<Record<OperationId, DeclaredError[]>> = {
  escalateClientInvoices: [
    {
      when: 'An invoice is not the client’s, not open, not overdue, or already escalated: `errors[]` names each (`not_client_invoice`, `invoice_not_escalable`, `invoice_not_overdue`, `invoice_already_escalated`)',
      error: invalidFields('invoices cannot be escalated', [
        { pointer: '/invoiceIds/0', code: 'invoice_not_overdue', params: { invoiceId: '01JND6Q1S3U5W7Y9A1C3E5G7J9' } },
      ]),
      specific: shown,
    },
    {
      when: 'Another request escalated one of the invoices at the same moment: read and try again',
      error: new DomainError('conflict', 'an invoice was escalated meanwhile', { entity: 'escalation', field: 'invoiceIds' }),
      specific: shown,
    },
  ],
  listEscalations: [
    {
      when: 'The `clientId` filter names no client, a client outside the records your access level lets you see, or one of another company (`entity: client`)',
      error: notFound('client', '01JND6Q1S3U5W7Y9A1C3E5G7J9'),
      specific: { shownBy: 'test/integration/hostile-workspace.test.ts' },
    },
  ],
  recordEscalationStage: [
    {
      when: 'The stage is earlier than the current one: a case never goes back (`stage_backwards`, with `stage` and `currentStage`)',
      error: invalidState('stage_backwards', { stage: 'extrajudicial', currentStage: 'prejudicial' }),
      specific: shown,
    },
    closed,
  ],
  addEscalationObjection: [
    closed,
    { when: 'The escalation already keeps 50 objections (`too_many_objections`)', error: invalidState('too_many_objections', { limit: 50 }), specific: shown },
  ],
  withdrawEscalation: [closed],
  retryAgencyDelivery: [
    {
      when: 'The delivery is not dead (still under way, or delivered): `recordStatus` says what it is (`delivery_not_dead`)',
      error: invalidState('delivery_not_dead', { id: '01JNF2B5D7F9H1K3M5P7R9T1V3', recordStatus: 'delivered' }),
      specific: shown,
    },
  ],
  receiveAgencyStatus: [
    signature('missing_signature', 'No `X-Signature`, or a malformed one'),
    signature('bad_signature', 'The signature does not match the raw body under the tenant’s inbound key'),
    signature('stale_timestamp', 'The signed timestamp is more than 5 minutes from our clock'),
    signature('replayed_event', 'This `eventId` was already applied: nothing changes'),
    {
      when: 'The body’s signature is valid but no such escalation exists for that company',
      error: new DomainError('not_found', 'escalation not found', { entity: 'escalation', id: escalationId }),
      specific: shown,
    },
    {
      // A public route gets no generic 503; the agency must know to send the event again (hostile-workspace-paused.test.ts).
      when: 'A service the API depends on is unavailable: `reason` says how, `outcome` whether anything changed; send the event again after `Retry-After` seconds',
      error: unavailableProblem(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} })),
    },
  ],
};
