import { Currency, formatAmount } from '../../../domain/receivables/money.ts';
import type { Language } from './accept-language.ts';
import type { FieldContext, FieldWording } from './field-messages.ts';
import { capitalize as cap, quote, the } from './glossary.ts';

/**
 * Wording of the receivables field codes (domain/receivables/): money, dates, lines and allocations.
 * Amounts come in minor units with their currency and are shown as the currency writes them.
 */

/** `119.000 CLP`, `1,234.50 USD`; a bare number when the currency is not known. */
export function money(amount: unknown, currency: unknown, lang: Language): string {
  const parsed = Currency.safeParse(currency);
  const minor = typeof amount === 'string' && /^\d+$/.test(amount) ? Number(amount) : amount;
  if (!parsed.success || typeof minor !== 'number' || !Number.isSafeInteger(minor)) return String(amount ?? '');
  const [whole, fraction] = formatAmount(minor, parsed.data).split('.');
  const grouped = Number(whole).toLocaleString(lang === 'es' ? 'es-CL' : 'en-US');
  const point = lang === 'es' ? ',' : '.';
  return `${grouped}${fraction ? `${point}${fraction}` : ''} ${parsed.data}`;
}

/** An estimate status in the user's words ("un presupuesto enviado", "an estimate that is a draft"). */
const estimateStatuses: Record<string, Record<Language, string>> = {
  draft: { es: 'en borrador', en: 'a draft' },
  sent: { es: 'enviado', en: 'sent' },
  accepted: { es: 'aceptado', en: 'accepted' },
  rejected: { es: 'rechazado', en: 'rejected' },
};
export const estimateStatusName = (status: unknown, lang: Language) =>
  estimateStatuses[String(status)]?.[lang] ?? (lang === 'es' ? 'en otro estado' : 'in another state');

/** An invoice status in the user's words. */
export const invoiceStatuses: Record<string, Record<Language, string>> = {
  draft: { es: 'borrador', en: 'draft' },
  issued: { es: 'emitida', en: 'issued' },
  partially_paid: { es: 'pagada en parte', en: 'partially paid' },
  paid: { es: 'pagada', en: 'paid' },
  void: { es: 'anulada', en: 'void' },
  sent: { es: 'enviada', en: 'sent' },
  accepted: { es: 'aceptada', en: 'accepted' },
  rejected: { es: 'rechazada', en: 'rejected' },
};
export const statusName = (status: unknown, lang: Language) =>
  invoiceStatuses[String(status)]?.[lang] ?? (lang === 'es' ? 'en otro estado' : 'in another state');

/** Over an invoice's balance: said the same as a field error (an allocation) and as a state (applying to it). */
export const overBalance = (balance: unknown, currency: unknown, lang: Language) =>
  lang === 'es'
    ? `El monto pasa del saldo de la factura (${money(balance, currency, 'es')})`
    : `The amount is over the invoice's balance (${money(balance, currency, 'en')})`;

const The = (c: FieldContext, lang: Language) => cap(the(c.field, lang));
const date = (d: unknown, lang: Language) => (typeof d === 'string' ? quote(d, lang) : lang === 'es' ? 'esa fecha' : 'that date');
const decimals = (n: unknown, lang: Language) =>
  Number(n) === 0
    ? lang === 'es'
      ? 'sin decimales'
      : 'without decimals'
    : lang === 'es'
      ? `con a lo más ${Number(n) || 0} decimales`
      : `with at most ${Number(n) || 0} decimals`;

/** "CLP o CLF" / "CLP or CLF". */
const list = (values: unknown, lang: Language) => {
  const items = Array.isArray(values) ? values.map(String) : [];
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'es' ? 'o' : 'or'} ${items.at(-1)}`;
};

export const receivablesFieldMessages = {
  not_a_decimal: {
    es: (c) => `${The(c, 'es')} debe ser un número decimal no negativo escrito con punto, como 1990 o 2.5`,
    en: (c) => `${The(c, 'en')} must be a non-negative decimal number written with a point, such as 1990 or 2.5`,
  },
  too_many_decimals: {
    es: (c) => `${The(c, 'es')} tiene demasiados decimales: escríbelo ${decimals(c.params.maxScale, 'es')}`,
    en: (c) => `${The(c, 'en')} has too many decimals: write it ${decimals(c.params.maxScale, 'en')}`,
  },
  too_large: {
    es: (c) => `${The(c, 'es')} es demasiado grande`,
    en: (c) => `${The(c, 'en')} is too large`,
  },
  not_positive: {
    es: (c) => `${The(c, 'es')} debe ser mayor que cero (una rebaja se hace con una nota de crédito)`,
    en: (c) => `${The(c, 'en')} must be more than zero (a reduction is a credit note)`,
  },
  over_100: {
    es: (c) => `${The(c, 'es')} es un porcentaje y va de 0 a 100`,
    en: (c) => `${The(c, 'en')} is a percentage from 0 to 100`,
  },
  amount_too_large: {
    es: (c) => `El monto pasa del máximo que se admite (${money(c.params.max, c.params.currency, 'es')}); divídelo en varios documentos`,
    en: (c) => `The amount is over the largest allowed (${money(c.params.max, c.params.currency, 'en')}); split it into several documents`,
  },
  due_before_issue: {
    es: (c) => `El vencimiento no puede ser anterior a la emisión (${date(c.params.issueDate, 'es')})`,
    en: (c) => `The due date cannot be before the issue date (${date(c.params.issueDate, 'en')})`,
  },
  before_issue: {
    es: (c) => `${The(c, 'es')} no puede ser anterior a la emisión (${date(c.params.issueDate, 'es')})`,
    en: (c) => `${The(c, 'en')} cannot be before the issue date (${date(c.params.issueDate, 'en')})`,
  },
  date_out_of_range: {
    es: (c) => `${The(c, 'es')} debe caer entre 1900-01-01 y 9999-12-31`,
    en: (c) => `${The(c, 'en')} must fall between 1900-01-01 and 9999-12-31`,
  },
  date_in_past: {
    es: (c) => `${The(c, 'es')} ya pasó: indica hoy (${date(c.params.today, 'es')}) o una fecha posterior`,
    en: (c) => `${The(c, 'en')} has passed: give today (${date(c.params.today, 'en')}) or a later date`,
  },
  date_in_future: {
    es: (c) => `${The(c, 'es')} es posterior a hoy (${date(c.params.today, 'es')}); un cheque a fecha se registra al depositarlo`,
    en: (c) => `${The(c, 'en')} is after today (${date(c.params.today, 'en')}); a post-dated cheque is recorded when it is deposited`,
  },
  unknown_invoice: {
    es: (c) => `El cliente no tiene una factura ${quote(c.params.id ?? '', 'es')}; usa el id de una de sus facturas`,
    en: (c) => `The client has no invoice ${quote(c.params.id ?? '', 'en')}; use the id of one of its invoices`,
  },
  duplicate_invoice: {
    es: () => 'Esa factura ya aparece antes en la lista; junta sus montos en una sola línea',
    en: () => 'That invoice already appears earlier in the list; put its amounts together in one line',
  },
  invoice_not_open: {
    es: (c) => `La factura está ${statusName(c.params.status, 'es')} y no recibe abonos; elige una pendiente`,
    en: (c) => `The invoice is ${statusName(c.params.status, 'en')} and takes no payments; choose an open one`,
  },
  currency_not_allowed: {
    es: (c) => `Tu empresa no factura en ${quote(c.params.currency ?? '', 'es')}; usa ${list(c.params.currencies, 'es')}`,
    en: (c) => `Your company does not invoice in ${quote(c.params.currency ?? '', 'en')}; use ${list(c.params.currencies, 'en')}`,
  },
  currency_mismatch: {
    es: (c) =>
      `La factura está en ${quote(c.params.expected ?? '', 'es')} y el documento en ${quote(c.params.actual ?? '', 'es')}; cada moneda se abona por separado`,
    en: (c) =>
      `The invoice is in ${quote(c.params.expected ?? '', 'en')} and the document in ${quote(c.params.actual ?? '', 'en')}; each currency is paid separately`,
  },
  exceeds_balance: {
    es: (c) => overBalance(c.params.balance, c.params.currency, 'es'),
    en: (c) => overBalance(c.params.balance, c.params.currency, 'en'),
  },
  exceeds_amount: {
    es: (c) =>
      `La suma de lo asignado (${money(c.params.allocated, c.params.currency, 'es')}) pasa del monto del pago (${money(c.params.amount, c.params.currency, 'es')})`,
    en: (c) =>
      `The allocations add up to ${money(c.params.allocated, c.params.currency, 'en')}, over the payment's ${money(c.params.amount, c.params.currency, 'en')}`,
  },
  not_increasing: {
    es: (c) => `Cada tramo debe terminar después del anterior${c.params.previous !== undefined ? ` (${quote(c.params.previous, 'es')} días)` : ''}`,
    en: (c) => `Each bucket must end after the one before${c.params.previous !== undefined ? ` (${quote(c.params.previous, 'en')} days)` : ''}`,
  },
} satisfies Record<string, FieldWording>;
