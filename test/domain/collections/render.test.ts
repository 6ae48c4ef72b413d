import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CollectionMessageType, Template } from '../../../domain/collections/collections.schema.ts';
import { CollectionMessageType as Types } from '../../../domain/collections/collections.schema.ts';
import { placeholders, templateIssues, unknownPlaceholders } from '../../../domain/collections/placeholders.ts';
import type { MessageContext } from '../../../domain/collections/ports.ts';
import { formatMoney, renderCollectionMessage } from '../../../domain/collections/render.ts';

const context = (over: Partial<MessageContext> = {}): MessageContext => ({
  lang: 'es',
  locale: 'es-CL',
  tenantName: 'Comercial Andes SpA',
  clientName: 'Ferretería Sur',
  collectorName: 'Ana Pérez',
  date: '2026-12-07',
  invoices: [
    { id: 'i1', number: 'F-101', issueDate: '2026-10-01', dueDate: '2026-11-01', total: 1_234_567, balance: 1_234_567, currency: 'CLP', daysOverdue: 36 },
    { id: 'i2', number: 'F-102', issueDate: '2026-11-01', dueDate: '2026-12-01', total: 500_000, balance: 200_000, currency: 'CLP', daysOverdue: 6 },
  ],
  ...over,
});

/** Text with the characters that make HTML: what a hostile client name would hold. */
const hostile = fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", 's', 'c', 'r', 'i', 'p', 't', '/', '=', ' ', 'é', '\n', '🙂') });

/** The HTML part without the tags the renderer itself writes, so what is left is text a client could have injected. */
const tagsOf = (html: string) => [...html.matchAll(/<\/?([a-zA-Z]+)[^>]*>/g)].map((m) => m[1]!.toLowerCase());
const ownTags = new Set(['html', 'head', 'meta', 'title', 'body', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);

describe('collection message renderer', () => {
  it('formats CLP without decimals as Chile writes it, USD with cents, dates in the locale', () => {
    // Act
    const out = renderCollectionMessage('overdue', context());

    // Assess
    expect(formatMoney(1_234_567, 'CLP', 'es-CL')).toBe('$1.234.567');
    expect(formatMoney(123_450, 'USD', 'en-US')).toBe('$1,234.50');
    expect(out.text).toContain('Total pendiente: $1.434.567');
    expect(out.text).toContain('F-101');
    expect(out.text).toContain('1 de noviembre de 2026');
    expect(out.text).toContain('hace 36 días');
    expect(out.subject).toBe('Facturas vencidas con Comercial Andes SpA: $1.434.567');
    expect(out.html).toContain('<table');
    expect(out.html).toContain('Ana Pérez');
  });

  it('writes English with English defaults, and uses the stored template of the language when it has one', () => {
    // Prepare
    const template: Template = { es: { subject: 'Hola {{client}}', text: 'Debe {{total}} desde el {{due_date}}' } };

    // Act
    const english = renderCollectionMessage('due_today', context({ lang: 'en', locale: 'en-US' }), template);
    const spanish = renderCollectionMessage('due_today', context(), template);

    // Assess
    expect(english.subject).toBe('Your invoices with Comercial Andes SpA are due today');
    expect(english.text).toContain('December 7, 2026');
    expect(spanish.subject).toBe('Hola Ferretería Sur');
    expect(spanish.text).toBe('Debe $1.434.567 desde el 1 de noviembre de 2026');
  });

  it('fills a payment receipt and sums several currencies apart', () => {
    // Act
    const receipt = renderCollectionMessage(
      'payment_received',
      context({ payment: { amount: 150_000, currency: 'CLP', date: '2026-12-05', reference: 'TEF 88' } }),
    );
    const mixed = renderCollectionMessage(
      'statement',
      context({ invoices: [...context().invoices, { ...context().invoices[0]!, id: 'u', currency: 'USD', balance: 10_050 }] }),
    );

    // Assess
    expect(receipt.text).toContain('$150.000 el 5 de diciembre de 2026');
    expect(receipt.text).toContain('Referencia: TEF 88');
    expect(mixed.text).toMatch(/Total pendiente: \$1\.434\.567 \+ US\$\s?100,50/);
  });

  it('keeps a subject on one line whatever the client name holds', () => {
    const out = renderCollectionMessage('due_soon', context({ clientName: 'Ana\r\nBcc: evil@x.cl' }), { es: { subject: '{{cliente}}', text: 'x' } });
    expect(out.subject).toBe('Ana Bcc: evil@x.cl');
  });

  it('property: no client text adds a tag or an unescaped character to the HTML part', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, fc.constantFrom(...Types.options), fc.boolean(), (clientName, number, collectorName, type, ownHtml) => {
        // Prepare
        const invoices = [{ ...context().invoices[0]!, number }];
        const template: Template | undefined = ownHtml
          ? { es: { subject: '{{cliente}}', text: '{{cliente}}', html: '<p>{{cliente}} {{cobrador}}</p>{{facturas}}' } }
          : undefined;

        // Act
        const { html } = renderCollectionMessage(type, context({ clientName, collectorName, invoices }), template);

        // Assess
        expect(tagsOf(html).filter((t) => !ownTags.has(t) && t !== 'p')).toEqual([]);
        const textOnly = html.replace(/<[^>]*>/g, '');
        expect(textOnly).not.toMatch(/[<>"']/);
        expect(textOnly.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
      }),
      { numRuns: 300 },
    );
  });

  it('property: every placeholder of the list renders, by its Spanish and English name, leaving no braces', () => {
    const names = Object.values(placeholders).flatMap((p) => [p.es, p.en]);
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.constantFrom<'es' | 'en'>('es', 'en'), fc.boolean(), (name, lang, withPayment) => {
        // Act
        const ctx = context({ lang, payment: withPayment ? { amount: 1000, currency: 'CLP', date: '2026-12-01', reference: 'R' } : undefined });
        const out = renderCollectionMessage('notice', ctx, {
          [lang]: { subject: `[{{${name}}}]`, text: `[{{ ${name.toUpperCase()} }}]`, html: `<b>{{${name}}}</b>` },
        });

        // Assess
        expect(unknownPlaceholders(`{{${name}}}`)).toEqual([]);
        for (const part of [out.subject, out.text, out.html]) expect(part).not.toContain('{{');
      }),
    );
  });

  it('property: rendering is total for any stored template and any context', () => {
    const text = fc.string({ maxLength: 200 }).map((s) => s.replace(/x/g, '{{total}}'));
    const part = fc.record({ subject: text, text, html: fc.option(text, { nil: undefined }) }, { requiredKeys: [] });
    const anyTemplate = fc.option(fc.record({ es: part, en: part }, { requiredKeys: [] }), { nil: undefined });
    const invoice = fc.record({
      id: fc.string(),
      number: fc.string(),
      issueDate: fc.string({ maxLength: 12 }),
      dueDate: fc.oneof(fc.string({ maxLength: 12 }), fc.constant('2026-02-30'), fc.constant('9999-99-99')),
      total: fc.double(),
      balance: fc.oneof(fc.double(), fc.integer()),
      currency: fc.constantFrom('CLP', 'USD', 'CLF', 'XXX', ''),
      daysOverdue: fc.double(),
    });
    const anyContext = fc.record({
      lang: fc.constantFrom('es', 'en', 'fr'),
      locale: fc.oneof(fc.string(), fc.constantFrom('es-CL', 'en-US', 'zz-ZZ', '')),
      tenantName: fc.string(),
      clientName: fc.string(),
      collectorName: fc.option(fc.string(), { nil: undefined }),
      invoices: fc.array(invoice, { maxLength: 5 }),
      date: fc.string({ maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.constantFrom<CollectionMessageType>(...Types.options), anyContext, anyTemplate, (type, ctx, template) => {
        const out = renderCollectionMessage(type, ctx as MessageContext, template as Template);
        expect(typeof out.subject).toBe('string');
        expect(out.subject).not.toMatch(/[\r\n]/);
        expect(out.html).toContain('</html>');
      }),
      { numRuns: 300 },
    );
  });

  it('names each unknown placeholder of a template with where it is, accents and case aside', () => {
    const issues = templateIssues({ es: { subject: '{{Días_Vencida}} {{saldo}}', text: '{{cliente}} {{ nombre }}' } }, '/template');
    expect(issues).toEqual([
      { pointer: '/template/es/subject', code: 'unknown_placeholder', params: { placeholder: 'saldo' } },
      { pointer: '/template/es/text', code: 'unknown_placeholder', params: { placeholder: 'nombre' } },
    ]);
  });
});
