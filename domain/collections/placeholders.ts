import type { FieldIssue } from '../shared/errors.ts';
import type { Template } from './collections.schema.ts';

/**
 * The placeholders a collections template may name, `{{name}}`, in either language: a Spanish template
 * may write `{{client}}` and an English one `{{cliente}}`. Names compare without case, accents or the
 * spaces inside the braces (`{{ Días_Vencida }}` is `{{dias_vencida}}`).
 */
export const placeholders = {
  client: { es: 'cliente', en: 'client', about: "The client's name" },
  company: { es: 'empresa', en: 'company', about: "The business's (tenant's) name" },
  collector: { es: 'cobrador', en: 'collector', about: "The client's collector; the business's name when the client has none" },
  signature: {
    es: 'firma',
    en: 'signature',
    about: "The signature: the client's collector, and the business's name on the next line; the business's name alone when the client has none",
  },
  invoices: { es: 'facturas', en: 'invoices', about: 'The invoices: number, due date and balance (a table in HTML, a list in text)' },
  invoice_numbers: { es: 'numeros_factura', en: 'invoice_numbers', about: 'The invoice numbers, comma-separated' },
  invoice_count: { es: 'cantidad_facturas', en: 'invoice_count', about: 'How many invoices the message is about' },
  total: { es: 'total', en: 'total', about: 'The sum of their balances, per currency, formatted for the locale' },
  due_date: { es: 'fecha_vencimiento', en: 'due_date', about: 'The earliest due date among them' },
  days_overdue: { es: 'dias_vencida', en: 'days_overdue', about: 'Days past due of the oldest (0 when none is overdue)' },
  date: { es: 'fecha', en: 'date', about: "The message's date" },
  payment_amount: { es: 'monto_pago', en: 'payment_amount', about: 'payment_received: the amount paid' },
  payment_date: { es: 'fecha_pago', en: 'payment_date', about: 'payment_received: the date of the payment' },
  payment_reference: { es: 'referencia_pago', en: 'payment_reference', about: 'payment_received: its reference, empty when none' },
} as const;
export type PlaceholderKey = keyof typeof placeholders;

const byName = new Map<string, PlaceholderKey>();
for (const [key, names] of Object.entries(placeholders) as Array<[PlaceholderKey, (typeof placeholders)[PlaceholderKey]]>) {
  byName.set(names.es, key);
  byName.set(names.en, key);
}

/** `{{ … }}` with no braces inside; what is between is the name. */
export const PLACEHOLDER = /\{\{([^{}]{0,80})\}\}/g;

/** The placeholder a name means, or undefined. */
export function placeholderKey(raw: string): PlaceholderKey | undefined {
  const name = raw.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
  return byName.get(name);
}

/** The distinct names of `text` that are not placeholders (as written, trimmed, at most 40 characters each). */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (!placeholderKey(match[1]!)) unknown.add(match[1]!.trim().slice(0, 40));
  }
  return [...unknown];
}

/** One issue per unknown placeholder of a template (pointer relative to `base`), for a 400 naming each. */
export function templateIssues(template: Template | undefined, base: string): FieldIssue[] {
  if (!template) return [];
  const issues: FieldIssue[] = [];
  for (const lang of ['es', 'en'] as const) {
    const part = template[lang];
    if (!part) continue;
    for (const field of ['subject', 'text', 'html'] as const) {
      const text = part[field];
      if (!text) continue;
      for (const name of unknownPlaceholders(text)) {
        issues.push({ pointer: `${base}/${lang}/${field}`, code: 'unknown_placeholder', params: { placeholder: name } });
      }
    }
  }
  return issues;
}

/** UTF-8 size of a value as stored (JSON): items stay under DynamoDB's 400 KB whatever the templates hold. */
export function storedBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value ?? null)).length;
}

/** Every template of one stored item together: 300 KB, room left for the rest of the item. */
export const MAX_TEMPLATE_BYTES = 300_000;
