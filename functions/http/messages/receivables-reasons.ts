import type { Language } from './accept-language.ts';
import { estimateStatusName, money, overBalance, statusName } from './receivables-fields.ts';
import type { ReasonWording } from './reasons.ts';

/** Why an invoice, payment, credit note or estimate cannot do that now (domain/receivables/). */

const moves: Record<string, Record<Language, string>> = {
  send: { es: 'enviar', en: 'send' },
  accept: { es: 'aceptar', en: 'accept' },
  reject: { es: 'rechazar', en: 'reject' },
};
const move = (m: unknown, lang: Language) => moves[String(m)]?.[lang] ?? (lang === 'es' ? 'cambiar' : 'change');

export const receivablesStateReasons: Record<string, ReasonWording> = {
  not_draft: {
    es: (d) => `La factura ya está ${statusName(d.status, 'es')}; solo un borrador se emite`,
    en: (d) => `The invoice is already ${statusName(d.status, 'en')}; only a draft can be issued`,
  },
  number_required: {
    es: () => 'Falta el número de la factura; indícalo o deja que se tome el siguiente de la numeración',
    en: () => 'The invoice number is missing; give one or let the next of the sequence be taken',
  },
  already_void: { es: () => 'La factura ya está anulada', en: () => 'The invoice is already void' },
  has_applied_amounts: {
    es: (d) =>
      `La factura tiene abonos o notas de crédito aplicados (${money(Number(d.paid ?? 0) + Number(d.credited ?? 0), d.currency, 'es')}); revierte esos documentos antes de anularla`,
    en: (d) =>
      `The invoice has payments or credit notes applied (${money(Number(d.paid ?? 0) + Number(d.credited ?? 0), d.currency, 'en')}); reverse them before voiding it`,
  },
  not_voidable: {
    es: (d) => `Una factura ${statusName(d.status, 'es')} no se puede anular`,
    en: (d) => `An invoice that is ${statusName(d.status, 'en')} cannot be voided`,
  },
  not_open: {
    es: (d) => `La factura está ${statusName(d.status, 'es')}: solo una factura pendiente recibe abonos o retenciones`,
    en: (d) => `The invoice is ${statusName(d.status, 'en')}: only an open invoice takes payments or holds`,
  },
  exceeds_balance: {
    es: (d) => overBalance(d.balance, d.currency, 'es'),
    en: (d) => overBalance(d.balance, d.currency, 'en'),
  },
  nothing_applied: {
    es: () => 'La factura no tiene abonos aplicados que revertir',
    en: () => 'The invoice has no payments applied to take back',
  },
  exceeds_applied: {
    es: (d) => `Se quiere revertir más de lo aplicado a la factura (${money(d.applied, d.currency, 'es')})`,
    en: (d) => `That takes back more than was applied to the invoice (${money(d.applied, d.currency, 'en')})`,
  },
  source_reversed: {
    es: () => 'El pago o la nota de crédito fue revertido; ya no se puede aplicar',
    en: () => 'The payment or credit note was reversed; it can no longer be applied',
  },
  nothing_unapplied: {
    es: () => 'El pago o la nota de crédito ya está aplicado por completo; no queda saldo a favor',
    en: () => 'The payment or credit note is fully applied; no credit is left',
  },
  write_too_large: {
    es: () =>
      `Aplicar a todas estas facturas no cabe en una sola operación (sus fechas y años son muy distintos); divida la asignación en dos pagos o aplíquela en dos veces`,
    en: () =>
      `Applying to all these invoices does not fit in one operation (their dates and years differ too much); split the allocation over two payments or apply it in two steps`,
  },
  already_reversed: {
    es: () => 'El pago o la nota de crédito ya fue revertido',
    en: () => 'The payment or credit note was already reversed',
  },
  estimate_transition: {
    es: (d) => `No se puede ${move(d.move, 'es')} un presupuesto ${estimateStatusName(d.status, 'es')}; debe estar ${estimateStatusName(d.expected, 'es')}`,
    en: (d) =>
      `An estimate that is ${estimateStatusName(d.status, 'en')} cannot be ${d.move === 'send' ? 'sent' : `${move(d.move, 'en')}ed`}; it must be ${estimateStatusName(d.expected, 'en')}`,
  },
  already_converted: {
    es: (d) => `El presupuesto ya se convirtió en factura${d.invoiceId ? ` (id ${d.invoiceId})` : ''}; se convierte una sola vez`,
    en: (d) => `The estimate was already converted into an invoice${d.invoiceId ? ` (id ${d.invoiceId})` : ''}; it converts once`,
  },
  estimate_not_accepted: {
    es: (d) => `El presupuesto está ${estimateStatusName(d.status, 'es')}; solo uno aceptado se convierte en factura`,
    en: (d) => `The estimate is ${estimateStatusName(d.status, 'en')}; only an accepted one becomes an invoice`,
  },
  estimate_not_draft: {
    es: (d) => `El presupuesto está ${estimateStatusName(d.status, 'es')}; solo un borrador se modifica, porque lo enviado es lo que vio el cliente`,
    en: (d) => `The estimate is ${estimateStatusName(d.status, 'en')}; only a draft can be edited, since what was sent is what the client saw`,
  },
  invoice_missing: {
    es: () => 'Una de las facturas de la operación ya no está; vuelve a leerlas e inténtalo de nuevo',
    en: () => "One of the operation's invoices is gone; read them again and retry",
  },
};
