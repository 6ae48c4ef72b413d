import { conflict, invalidFields, invalidState, notFound } from '../../../domain/shared/errors.ts';
import type { DeclaredError } from './errors.ts';
import type { OperationId } from './operation-ids.ts';
import { sample } from './samples.ts';

/** Errors particular to the payment and credit-note routes, each produced through the API by their HTTP test. */
const shown = { shownBy: 'test/integration/payments-api.test.ts' };
const paymentId = '01JND7A2C4E6G8J0K2M4P6R8T0';

const clientNotVisible: DeclaredError = {
  when: 'No such client, or the client is outside the records your access level lets you see (`entity: client`)',
  error: notFound('client', sample.client.id),
  specific: shown,
};
const currency: DeclaredError = {
  when: 'The currency is not one your company invoices in (`currency_not_allowed`, with the ones it does)',
  error: invalidFields('USD is not a currency of the tenant', [
    { pointer: '/currency', code: 'currency_not_allowed', params: { currency: 'USD', currencies: ['CLP', 'CLF'] } },
  ]),
  specific: shown,
};
const allocation: DeclaredError = {
  when: 'An allocation names an invoice the client does not have, one that is not open (a concurrent payment just settled it), in another currency, or over its balance; or they add up to more than the amount: `errors[]` names each line',
  error: invalidFields('allocation refused', [{ pointer: '/allocations/0/invoiceId', code: 'invoice_not_open', params: { status: 'paid' } }]),
  specific: shown,
};
const alreadyReversed: DeclaredError = { when: 'It was already reversed', error: invalidState('already_reversed', { id: paymentId }), specific: shown };

const tooLarge: DeclaredError = {
  when: 'The invoices allocated span so many dates and issue years that the write does not fit in one transaction (`write_too_large`, nothing written): split the allocation',
  error: invalidState('write_too_large'),
  specific: shown,
};

export const paymentErrors: Partial<Record<OperationId, DeclaredError[]>> = {
  createPayment: [clientNotVisible, currency, allocation, tooLarge],
  applyPayment: [
    allocation,
    { when: 'The payment was reversed: it has nothing to apply', error: invalidState('source_reversed', { id: paymentId }), specific: shown },
    {
      when: 'Allocations were given but the payment is fully applied: no credit is left',
      error: invalidState('nothing_unapplied', { id: paymentId }),
      specific: shown,
    },
  ],
  reversePayment: [alreadyReversed],
  listPayments: [clientNotVisible],
  listCreditNotes: [clientNotVisible],
  createCreditNote: [
    clientNotVisible,
    currency,
    {
      when: 'Another credit note of your company already has this number (ignoring case): `existingId` names it',
      error: conflict('creditNote', 'number', '01JND7C4E6G8J0K2M4P6R8T0V2'),
      specific: shown,
    },
    {
      when: 'The invoice is not one of the client’s open invoices, or is in another currency',
      error: invalidFields('invoice not open', [{ pointer: '/invoiceId', code: 'invoice_not_open', params: { status: 'paid' } }]),
      specific: shown,
    },
  ],
  reverseCreditNote: [alreadyReversed],
};
