import type { ReasonWording } from './reasons.ts';

const skipNames: Record<string, { es: string; en: string }> = {
  collections_off: { es: 'la cobranza del cliente está desactivada', en: "the client's collections are off" },
  client_inactive: { es: 'el cliente está inactivo', en: 'the client is inactive' },
  on_hold: { es: 'la factura está retenida (en disputa o con promesa de pago vigente)', en: 'the invoice is on hold (disputed or with a promise to pay)' },
  paid: { es: 'la factura ya está pagada', en: 'the invoice is already paid' },
  escalated: { es: 'la factura está en cobranza externa (derivada a la agencia)', en: 'the invoice is escalated to the collection agency' },
  no_recipient: { es: 'el cliente no tiene a quién enviarle recordatorios', en: 'the client has nobody to send reminders to' },
  suppressed: { es: 'todas las direcciones del cliente rebotaron o se quejaron', en: "every one of the client's addresses bounced or complained" },
};
const skipName = (reason: unknown, lang: 'es' | 'en') =>
  skipNames[String(reason)]?.[lang] ?? (lang === 'es' ? 'no corresponde enviarlo' : 'it is not due to be sent');

/** Why "send now" cannot send (domain/collections/preview.use-cases.ts). */
export const collectionsPlanningReasons: Record<string, ReasonWording> = {
  no_reminder_left: {
    es: () => 'La factura no tiene más recordatorios por enviar: los de su calendario ya se planificaron o los tipos están desactivados',
    en: () => 'The invoice has no reminder left to send: its schedule is planned through or the reminder types are off',
  },
  reminder_just_queued: {
    es: () => 'Hace menos de un minuto se puso en cola un recordatorio de esta factura: no se envía otro. El registro de envíos lo muestra',
    en: () => 'A reminder of this invoice was queued less than a minute ago: no other is sent. The send log shows it',
  },
  reminder_not_sendable: {
    es: (d) => `No se envía: ${skipName(d.skipReason, 'es')}`,
    en: (d) => `Not sent: ${skipName(d.skipReason, 'en')}`,
  },
};
