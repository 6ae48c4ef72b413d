import type { FieldWording } from './field-messages.ts';
import { quote } from './glossary.ts';
import type { ReasonWording } from './reasons.ts';

/** Stage names read the same in both languages. */
const stage = (s: unknown) => String(s ?? '');
const closedAs = (s: unknown, lang: 'es' | 'en') =>
  s === 'closed_paid' ? (lang === 'es' ? 'cerrada por pago' : 'closed as paid') : lang === 'es' ? 'cerrada o retirada' : 'closed or withdrawn';
const invoice = (c: { params: Record<string, unknown> }, lang: 'es' | 'en') => quote(c.params.invoiceId ?? '', lang);

/** Why an invoice of `POST /v1/clients/{clientId}/escalations` cannot be escalated (one entry per invoice). */
export const escalationFieldMessages = {
  not_client_invoice: { es: (c) => `El cliente no tiene la factura ${invoice(c, 'es')}`, en: (c) => `The client has no invoice ${invoice(c, 'en')}` },
  invoice_not_escalable: {
    es: (c) => `La factura ${invoice(c, 'es')} no está pendiente de pago; solo se derivan facturas pendientes`,
    en: (c) => `Invoice ${invoice(c, 'en')} is not open; only open invoices are escalated`,
  },
  invoice_not_overdue: {
    es: (c) => `La factura ${invoice(c, 'es')} aún no vence; solo se derivan facturas vencidas`,
    en: (c) => `Invoice ${invoice(c, 'en')} is not overdue yet; only overdue invoices are escalated`,
  },
  invoice_already_escalated: {
    es: (c) => `La factura ${invoice(c, 'es')} ya está en cobranza externa; quítala de la lista`,
    en: (c) => `Invoice ${invoice(c, 'en')} is already escalated; leave it out`,
  },
} satisfies Record<string, FieldWording>;

/** Why an escalation or delivery cannot change now. */
export const escalationStateReasons: Record<string, ReasonWording> = {
  escalation_closed: {
    es: (d) => `La derivación está ${closedAs(d.recordStatus, 'es')} y ya no cambia`,
    en: (d) => `The escalation is ${closedAs(d.recordStatus, 'en')} and no longer changes`,
  },
  stage_backwards: {
    es: (d) => `La cobranza está en etapa ${stage(d.currentStage)} y no vuelve a ${stage(d.stage)}; las etapas solo avanzan`,
    en: (d) => `The case is in the ${stage(d.currentStage)} stage and does not go back to ${stage(d.stage)}; stages only move forward`,
  },
  too_many_objections: { es: () => 'La derivación ya tiene 50 objeciones, el máximo', en: () => 'The escalation already has 50 objections, the most it keeps' },
  delivery_not_dead: { es: () => 'Solo se reintentan los envíos fallidos; este no lo está', en: () => 'Only dead deliveries are retried; this one is not' },
};

/** Why the agency's status callback was refused (401): said to the agency's developers. */
export const agencySignatureReasons: Record<string, ReasonWording> = {
  missing_signature: {
    es: () => 'Falta la firma X-Signature: t=<unix>,v1=<HMAC-SHA256 de "t.cuerpo">',
    en: () => 'Missing signature X-Signature: t=<unix>,v1=<HMAC-SHA256 of "t.body">',
  },
  bad_signature: { es: () => 'La firma no corresponde al cuerpo que llegó', en: () => 'The signature does not match the body' },
  stale_timestamp: {
    es: () => 'La firma tiene más de 5 minutos de diferencia con nuestra hora',
    en: () => 'The signature is more than 5 minutes off our clock',
  },
  replayed_event: { es: () => 'Ese evento (eventId) ya llegó antes y se aplicó', en: () => 'That event (eventId) was already applied' },
};
