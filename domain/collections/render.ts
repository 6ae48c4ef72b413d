import { currencyMinorUnits } from '../workspace/tenant.schema.ts';
import type { CollectionMessageType, Template, TemplateText } from './collections.schema.ts';
import { defaultTemplates } from './default-templates.ts';
import { PLACEHOLDER, placeholderKey, type PlaceholderKey } from './placeholders.ts';
import type { MessageContext, MessageInvoice, RenderCollectionMessage, RenderedMessage } from './ports.ts';

/**
 * Renders a collection e-mail (pure, total: whatever a stored template or a context holds, it answers).
 * The text part is the template's text with placeholders filled; the HTML part is the template's HTML
 * with placeholders filled HTML-escaped, or, when the template has none, its text escaped with line
 * breaks kept. The invoices become a list in text and a table in HTML. A placeholder nobody knows (a
 * template saved before one was renamed) stays as written, escaped.
 */

const labels = {
  es: { number: 'N°', dueDate: 'Vencimiento', balance: 'Saldo', due: 'vence', balanceWord: 'saldo' },
  en: { number: 'No.', dueDate: 'Due date', balance: 'Balance', due: 'due', balanceWord: 'balance' },
} as const;

const MAX_SUBJECT = 300;

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The locale if the runtime knows it, else the language alone. */
function usableLocale(locale: string, lang: 'es' | 'en'): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length ? locale : lang;
  } catch {
    return lang;
  }
}

/** Minor units as the locale writes the currency (CLP in es-CL: `$1.234.567`). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = currencyMinorUnits[currency as keyof typeof currencyMinorUnits] ?? 2;
  if (!Number.isFinite(minor)) return '—';
  const value = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  } catch {
    return `${currency} ${value.toFixed(digits)}`;
  }
}

/** A plain date (`YYYY-MM-DD`) as the locale writes it in full ("12 de diciembre de 2026"); anything else as given. */
export function formatDate(date: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const instant = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(instant.getTime())) return date;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(instant);
  } catch {
    return date;
  }
}

/** Sum of balances per currency, in the order currencies first appear, joined with " + ". */
function totalOf(invoices: readonly MessageInvoice[], locale: string): string {
  const sums = new Map<string, number>();
  for (const invoice of invoices) sums.set(invoice.currency, (sums.get(invoice.currency) ?? 0) + (Number.isFinite(invoice.balance) ? invoice.balance : 0));
  return [...sums].map(([currency, sum]) => formatMoney(sum, currency, locale)).join(' + ');
}

interface Values {
  text: Record<PlaceholderKey, string>;
  html: Record<PlaceholderKey, string>;
}

function valuesOf(context: MessageContext, lang: 'es' | 'en', locale: string): Values {
  const invoices = Array.isArray(context.invoices) ? context.invoices : [];
  const l = labels[lang];
  const rows = invoices.map((i) => ({
    number: String(i.number ?? ''),
    dueDate: formatDate(String(i.dueDate ?? ''), locale),
    balance: formatMoney(i.balance, i.currency, locale),
  }));
  const dueDates = invoices.map((i) => String(i.dueDate ?? '')).filter(Boolean);
  const earliest = dueDates.sort()[0] ?? '';
  const daysOverdue = Math.max(0, ...invoices.map((i) => (Number.isFinite(i.daysOverdue) ? i.daysOverdue : 0)));
  const payment = context.payment;
  // The signature's lines: the collector over the business, or the business alone (never its name twice).
  const signature = [...new Set([String(context.collectorName ?? '').trim(), String(context.tenantName ?? '').trim()])].filter(Boolean);
  const text: Record<PlaceholderKey, string> = {
    client: String(context.clientName ?? ''),
    company: String(context.tenantName ?? ''),
    collector: String(context.collectorName || context.tenantName || ''),
    signature: signature.join('\n'),
    invoices: rows.map((r) => `- ${l.number} ${r.number} · ${l.due} ${r.dueDate} · ${l.balanceWord} ${r.balance}`).join('\n'),
    invoice_numbers: rows.map((r) => r.number).join(', '),
    invoice_count: String(invoices.length),
    total: totalOf(invoices, locale),
    due_date: earliest ? formatDate(earliest, locale) : '',
    days_overdue: String(daysOverdue),
    date: formatDate(String(context.date ?? ''), locale),
    payment_amount: payment ? formatMoney(payment.amount, payment.currency, locale) : '',
    payment_date: payment ? formatDate(String(payment.date ?? ''), locale) : '',
    payment_reference: payment?.reference ? String(payment.reference) : '',
  };
  const html = Object.fromEntries(Object.entries(text).map(([k, v]) => [k, escapeHtml(v)])) as Record<PlaceholderKey, string>;
  html.signature = signature.map(escapeHtml).join('<br>\n');
  const cell = 'padding:6px 10px;border-bottom:1px solid #ddd';
  html.invoices = rows.length
    ? `<table style="border-collapse:collapse"><thead><tr><th align="left" style="${cell}">${l.number}</th><th align="left" style="${cell}">${l.dueDate}</th><th align="right" style="${cell}">${l.balance}</th></tr></thead><tbody>${rows
        .map(
          (r) =>
            `<tr><td style="${cell}">${escapeHtml(r.number)}</td><td style="${cell}">${escapeHtml(r.dueDate)}</td><td align="right" style="${cell}">${escapeHtml(r.balance)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  return { text, html };
}

/** Placeholders of `template` replaced by `values`; an unknown one kept as written (through `literal`). */
function fill(template: string, values: Record<PlaceholderKey, string>, literal: (text: string) => string = (t) => t): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    out += literal(template.slice(last, match.index));
    const key = placeholderKey(match[1]!);
    out += key ? values[key] : literal(match[0]);
    last = match.index + match[0].length;
  }
  return out + literal(template.slice(last));
}

/** Escaped text with its line breaks as `<br>`. */
const textToHtml = (text: string) => escapeHtml(text).replace(/\n/g, '<br>\n');

const oneLine = (text: string) =>
  text
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, MAX_SUBJECT);

function document(body: string, lang: 'es' | 'en', subject: string): string {
  if (/<html[\s>]/i.test(body)) return body;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#222">${body}</body></html>`;
}

/** The template part to use: the stored one when it has a subject and a text, else the built-in default. */
function partOf(type: CollectionMessageType, lang: 'es' | 'en', template: Template | undefined): TemplateText {
  const builtIn = (defaultTemplates[type] ?? defaultTemplates.notice)[lang];
  const own = template?.[lang];
  if (!own || typeof own.subject !== 'string' || typeof own.text !== 'string' || !own.subject.trim() || !own.text.trim()) return builtIn;
  return own;
}

export const renderCollectionMessage: RenderCollectionMessage = (type, context, template): RenderedMessage => {
  const lang = context?.lang === 'en' ? 'en' : 'es';
  const locale = usableLocale(String(context?.locale ?? lang), lang);
  const values = valuesOf(context ?? ({} as MessageContext), lang, locale);
  const part = partOf(type, lang, template);
  const subject = oneLine(fill(part.subject, values.text));
  const text = fill(part.text, values.text);
  const body = typeof part.html === 'string' && part.html.trim() ? fill(part.html, values.html) : fill(part.text, values.html, textToHtml);
  return { subject, text, html: document(body, lang, subject) };
};
