import type { FieldWording } from './field-messages.ts';
import { quote } from './glossary.ts';
import type { ReasonWording } from './reasons.ts';

const stageNames: Record<string, { es: string; en: string }> = {
  extrajudicial: { es: 'extrajudicial', en: 'extrajudicial' },
  prejudicial: { es: 'prejudicial', en: 'prejudicial' },
  judicial: { es: 'judicial', en: 'judicial' },
};
const stage = (s: unknown, lang: 'es' | 'en') => stageNames[String(s)]?.[lang] ?? (lang === 'es' ? 'anterior' : 'an earlier one');
const statusNames: Record<string, { es: string; en: string }> = {
  closed_paid: { es: 'cerrada por pago', en: 'closed as paid' },
  withdrawn: { es: 'retirada', en: 'withdrawn' },
};
const closedAs = (s: unknown, lang: 'es' | 'en') => statusNames[String(s)]?.[lang] ?? (lang === 'es' ? 'cerrada' : 'closed');
const invoice = (c: { params: Record<string, unknown> }, lang: 'es' | 'en') => quote(c.params.invoiceId ?? '', lang);

/** Why an invoice of `POST /v1/clients/{clientId}/escalations` cannot be escalated (one entry per invoice). */
export const escalationFieldMessages = {
  not_client_invoice: {
    es: (c) => `El cliente no tiene una factura ${invoice(c, 'es')}; usa el id de una de sus facturas`,
    en: (c) => `The client has no invoice ${invoice(c, 'en')}; use the id of one of its invoices`,
  },
  invoice_not_escalable: {
    es: (c) => `La factura ${invoice(c, 'es')} no está pendiente de pago (está pagada, anulada o en borrador); solo se derivan facturas pendientes`,
    en: (c) => `Invoice ${invoice(c, 'en')} is not open (it is paid, void or a draft); only open invoices are escalated`,
  },
  invoice_not_overdue: {
    es: (c) => `La factura ${invoice(c, 'es')} aún no vence; solo se derivan a cobranza externa las facturas vencidas`,
    en: (c) => `Invoice ${invoice(c, 'en')} is not overdue yet; only overdue invoices are escalated to the agency`,
  },
  invoice_already_escalated: {
    es: (c) => `La factura ${invoice(c, 'es')} ya está en cobranza externa (derivación ${quote(c.params.escalationId ?? '', 'es')}); quítala de la lista`,
    en: (c) => `Invoice ${invoice(c, 'en')} is already escalated (escalation ${quote(c.params.escalationId ?? '', 'en')}); leave it out`,
  },
} satisfies Record<string, FieldWording>;

/** Why an escalation or delivery cannot change now. */
export const escalationStateReasons: Record<string, ReasonWording> = {
  escalation_closed: {
    es: (d) => `La derivación está ${closedAs(d.recordStatus, 'es')} y ya no cambia; si la deuda sigue, deriva las facturas de nuevo`,
    en: (d) => `The escalation is ${closedAs(d.recordStatus, 'en')} and no longer changes; if the debt remains, escalate the invoices again`,
  },
  stage_backwards: {
    es: (d) =>
      `La cobranza está en etapa ${stage(d.currentStage, 'es')} y no vuelve a ${stage(d.stage, 'es')}; registra la etapa actual o una posterior (extrajudicial → prejudicial → judicial)`,
    en: (d) =>
      `The case is in the ${stage(d.currentStage, 'en')} stage and does not go back to ${stage(d.stage, 'en')}; record the current stage or a later one (extrajudicial → prejudicial → judicial)`,
  },
  too_many_objections: {
    es: (d) => `La derivación ya tiene ${d.limit ?? 50} objeciones, el máximo; resuelve las existentes con la agencia`,
    en: (d) => `The escalation already has ${d.limit ?? 50} objections, the most it keeps; settle the existing ones with the agency`,
  },
  delivery_not_dead: {
    es: () => 'Ese envío a la agencia no está en la cola de fallidos (sigue en curso o ya se entregó); solo se reintentan los fallidos',
    en: () => 'That delivery to the agency is not dead (it is still under way or was delivered); only dead deliveries are retried',
  },
};

/** Why the agency's status callback was refused (401): said to the agency's developers. */
export const agencySignatureReasons: Record<string, ReasonWording> = {
  missing_signature: {
    es: () => 'Falta la firma: envía el encabezado X-Signature: t=<segundos unix>,v1=<HMAC-SHA256 hex de "t.cuerpo">',
    en: () => 'The signature is missing: send the header X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">',
  },
  bad_signature: {
    es: () => 'La firma no corresponde al cuerpo que llegó; firma el cuerpo exacto con la clave de entrada de la empresa',
    en: () => "The signature does not match the body received; sign the exact body with the company's inbound key",
  },
  stale_timestamp: {
    es: () => 'La marca de tiempo de la firma está a más de 5 minutos de nuestra hora; firma de nuevo al enviar',
    en: () => 'The signature’s timestamp is more than 5 minutes from our clock; sign again when sending',
  },
  replayed_event: {
    es: () => 'Ese evento (eventId) ya llegó antes y se aplicó; no se aplica dos veces',
    en: () => 'That event (eventId) was already received and applied; it is not applied twice',
  },
};
