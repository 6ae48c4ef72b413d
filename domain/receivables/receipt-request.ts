import type { PlainDate } from './local-date.ts';
import type { MoneySource } from './payment.ts';
import type { PayableInvoice } from './source-ports.ts';

/**
 * A payment's receipt still to be planned (issue 11's `payment_received`). Written in the payment's own
 * transaction, so a recorded payment always has one and a refused payment never does; the receipt
 * planner turns it into the receipt message (deterministic id from the payment id) and removes it
 * (decision "Payment receipts through a request written with the payment"). It carries what the receipt
 * shows as it was right after the payment: the payment and the invoices it settled, balances after it.
 */
export interface ReceiptRequest {
  tenantId: string;
  paymentId: string;
  clientId: string;
  payment: Pick<MoneySource, 'id' | 'clientId' | 'kind' | 'amount' | 'currency' | 'date'> & { reference?: string | undefined };
  invoices: ReceiptInvoice[];
  /** The tenant's date when the payment was recorded (the receipt's date). */
  today: PlainDate;
  /** When the payment was recorded (ISO): the request's place in the planner's queue. */
  requestedAt: string;
}

/** An invoice as the receipt lists it (the planner's PlanInvoice fields). */
export interface ReceiptInvoice {
  id: string;
  clientId: string;
  number?: string | undefined;
  issueDate: PlainDate;
  dueDate: PlainDate;
  currency: string;
  total: number;
  balance: number;
  status: PayableInvoice['status'];
}

/** The request of a newly recorded payment (never of a credit note: those send no receipt). */
export function receiptRequestOf(payment: MoneySource, invoicesAfter: readonly PayableInvoice[], today: PlainDate): ReceiptRequest | undefined {
  if (payment.kind !== 'payment') return undefined;
  return {
    tenantId: payment.tenantId,
    paymentId: payment.id,
    clientId: payment.clientId,
    payment: {
      id: payment.id,
      clientId: payment.clientId,
      kind: payment.kind,
      amount: payment.amount,
      currency: payment.currency,
      date: payment.date,
      ...(payment.reference ? { reference: payment.reference } : {}),
    },
    invoices: invoicesAfter.map((i) => ({
      id: i.id,
      clientId: i.clientId,
      ...(i.number ? { number: i.number } : {}),
      issueDate: i.issueDate,
      dueDate: i.dueDate,
      currency: i.currency,
      total: i.totals.total,
      balance: i.balance,
      status: i.status,
    })),
    today,
    requestedAt: payment.createdAt,
  };
}
