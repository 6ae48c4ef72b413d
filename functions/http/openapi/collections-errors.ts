import { invalidFields, invalidState, notFound } from '../../../domain/shared/errors.ts';
import type { DeclaredError } from './errors.ts';
import type { OperationId } from './operation-ids.ts';
import { sample } from './samples.ts';

/** Errors particular to the collections settings routes, each produced through the API by their HTTP test. */
const shown = { shownBy: 'test/integration/collections-api.test.ts' };

const unknownPlaceholder: DeclaredError = {
  when: 'A template names a placeholder that does not exist (`unknown_placeholder`, naming it and where), or the templates together are over 300 KB (`templates_too_large`)',
  error: invalidFields('templates refused', [{ pointer: '/template/es/text', code: 'unknown_placeholder', params: { placeholder: 'saldo' } }]),
  specific: shown,
};

export const collectionsErrors: Partial<Record<OperationId, DeclaredError[]>> = {
  putCollectionsSettings: [
    unknownPlaceholder,
    {
      when: 'A weekly statement without `weekday`, or a monthly one without `dayOfMonth`',
      error: invalidFields('statement day missing', [
        { pointer: '/reminders/statement/weekday', code: 'statement_day_missing', params: { frequency: 'weekly' } },
      ]),
      specific: shown,
    },
  ],
  putClientNoticeSettings: [
    unknownPlaceholder,
    {
      when: 'A concept id is not in the catalogue (`unknown_notice_concept`), or is in the list of the other relation (`notice_concept_relation`)',
      error: invalidFields('notice concepts refused', [{ pointer: '/afterConceptIds/0', code: 'unknown_notice_concept', params: { id: 'after-30' } }]),
      specific: shown,
    },
  ],
  previewCollectionMessage: [
    unknownPlaceholder,
    {
      when: 'No such client, or the client is outside the records your access level lets you see (`entity: client`); or no such `conceptId` (`entity: noticeConcept`)',
      error: notFound('client', sample.client.id),
      specific: shown,
    },
  ],
  previewCollections: [
    {
      when: "`date` is before your company's today (`date_in_past`, naming today)",
      error: invalidFields('date in the past', [{ pointer: '/query/date', code: 'date_in_past', params: { today: '2026-12-01' } }]),
      specific: { shownBy: 'test/integration/hostile-collections-notes.test.ts' },
    },
  ],
  sendReminderNow: [
    {
      when: 'Nothing is left to send (`no_reminder_left`), the next reminder would be skipped (`reminder_not_sendable`), the invoice is not open (`not_open`), or a reminder of it was queued less than a minute ago: a double click sends one e-mail (`reminder_just_queued`)',
      error: invalidState('reminder_just_queued', { invoiceId: sample.invoice.id }),
      specific: { shownBy: 'test/integration/hostile-races.test.ts' },
    },
  ],
  listCollectionMessages: [
    {
      when: 'The `clientId` filter names no client, or a client outside the records your access level lets you see (`entity: client`)',
      error: notFound('client', sample.client.id),
      specific: { shownBy: 'test/integration/send-log.test.ts' },
    },
  ],
  verifyMailbox: [{ when: 'Your user has no `mailbox` to verify', error: invalidState('no_mailbox'), specific: shown }],
  decideCollectionMessage: [
    {
      when: 'The message is not `unknown` (it was sent, failed, skipped or decided already)',
      error: invalidState('email_not_unknown', { status: 'sent' }),
      specific: { shownBy: 'test/integration/send-log.test.ts' },
    },
  ],
};
