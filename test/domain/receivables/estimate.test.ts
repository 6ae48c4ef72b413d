import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../../domain/shared/errors.ts';
import { buildEstimate, convertEstimate, Estimate, moveEstimate, NewEstimate } from '../../../domain/receivables/estimate.ts';
import { invoiceContext, TODAY } from './receivables-fixtures.ts';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return (e as DomainError).details;
  }
  throw new Error('expected a refusal');
};

const estimate = () =>
  buildEstimate(
    NewEstimate.parse({
      clientId: 'client-1',
      number: 'COT-31',
      validUntil: '2026-03-31',
      lines: [
        { description: 'Instalación de red', quantity: 1, unitPrice: 450000, taxRate: 19 },
        { description: 'Cable UTP (m)', quantity: '120.5', unitPrice: 390, taxRate: 19 },
      ],
    }),
    invoiceContext({ id: 'est-1' }),
  );

describe('estimates', () => {
  it('are drafts priced like invoices', () => {
    expect(estimate()).toMatchObject({ status: 'draft', number: 'COT-31', issueDate: TODAY, totals: { net: 496995, tax: 94429, total: 591424 } });
  });

  it('go draft → sent → accepted or rejected, each move only from its status', () => {
    const sent = moveEstimate(estimate(), 'send');
    expect(sent.status).toBe('sent');
    expect(moveEstimate(sent, 'accept').status).toBe('accepted');
    expect(moveEstimate(sent, 'reject').status).toBe('rejected');
    expect(refusal(() => moveEstimate(estimate(), 'accept'))).toMatchObject({ reason: 'estimate_transition', status: 'draft', expected: 'sent' });
    expect(refusal(() => moveEstimate(moveEstimate(sent, 'reject'), 'accept'))).toMatchObject({ reason: 'estimate_transition', status: 'rejected' });
  });

  it('convert once when accepted, into an invoice with the same lines and totals', () => {
    const accepted = moveEstimate(moveEstimate(estimate(), 'send'), 'accept');
    const { estimate: converted, invoice } = convertEstimate(accepted, invoiceContext({ id: 'inv-9', nextNumber: '1025' }), true);
    expect(invoice).toMatchObject({
      id: 'inv-9',
      status: 'issued',
      number: '1025',
      estimateId: 'est-1',
      totals: accepted.totals,
      balance: 591424,
      dueDate: '2026-04-01',
    });
    expect(invoice.lines).toEqual(accepted.lines);
    expect(converted.invoiceId).toBe('inv-9');
    expect(Estimate.parse(converted)).toEqual(converted);
    expect(refusal(() => convertEstimate(converted, invoiceContext({ id: 'inv-10' }), false))).toMatchObject({
      reason: 'already_converted',
      invoiceId: 'inv-9',
    });
    expect(refusal(() => convertEstimate(moveEstimate(estimate(), 'send'), invoiceContext(), false))).toMatchObject({
      reason: 'estimate_not_accepted',
      status: 'sent',
    });
  });

  it('refuse a validity that ends before the issue date', () => {
    expect(
      refusal(() =>
        buildEstimate(
          NewEstimate.parse({
            clientId: 'c',
            issueDate: '2026-03-02',
            validUntil: '2026-03-01',
            lines: [{ description: 'x', quantity: 1, unitPrice: 1, taxRate: 0 }],
          }),
          invoiceContext(),
        ),
      ),
    ).toEqual({ errors: [{ pointer: '/validUntil', code: 'before_issue', params: { issueDate: '2026-03-02' } }] });
  });
});
