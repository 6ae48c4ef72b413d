import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CollectionMessageType as Types } from '../../../domain/collections/collections.schema.ts';
import { defaultTemplates } from '../../../domain/collections/default-templates.ts';
import { placeholderKey } from '../../../domain/collections/placeholders.ts';
import type { MessageContext } from '../../../domain/collections/ports.ts';
import { escapeHtml, renderCollectionMessage } from '../../../domain/collections/render.ts';

/** The default signature: `{{firma}}` is the collector over the business, or the business's name once (issue 11). */
const TENANT = 'Comercial Andes SpA';
const context = (lang: 'es' | 'en', collectorName?: string): MessageContext => ({
  lang,
  locale: lang === 'es' ? 'es-CL' : 'en-US',
  tenantName: TENANT,
  clientName: 'Ferretería Sur',
  ...(collectorName !== undefined ? { collectorName } : {}),
  date: '2026-12-07',
  invoices: [{ id: 'i1', number: 'F-101', issueDate: '2026-10-01', dueDate: '2026-11-01', total: 1_000, balance: 1_000, currency: 'CLP', daysOverdue: 36 }],
  payment: { amount: 1_000, currency: 'CLP', date: '2026-12-05', reference: 'TEF 1' },
});
const closing = { es: 'Saludos cordiales,', en: 'Kind regards,' } as const;
const occurrences = (text: string, what: string) => text.split(what).length - 1;
/** The HTML part's lines after the closing, tags and breaks removed. */
const htmlSignature = (html: string, lang: 'es' | 'en') =>
  html
    .slice(html.indexOf(closing[lang]) + closing[lang].length)
    .replace(/<\/body><\/html>$/, '')
    .split(/<br>\n?/)
    .map((l) => l.trim())
    .filter(Boolean);

describe('default signature', () => {
  for (const type of Types.options) {
    for (const lang of ['es', 'en'] as const) {
      it(`${type} (${lang}): the business's name once without a collector, collector then business with one, in text and HTML`, () => {
        // Act
        const alone = renderCollectionMessage(type, context(lang));
        const signed = renderCollectionMessage(type, context(lang, 'Ana Pérez'));

        // Assess
        expect(alone.text.endsWith(`${closing[lang]}\n${TENANT}`)).toBe(true);
        expect(signed.text.endsWith(`${closing[lang]}\nAna Pérez\n${TENANT}`)).toBe(true);
        expect(occurrences(alone.text.slice(alone.text.indexOf(closing[lang])), TENANT)).toBe(1);
        expect(htmlSignature(alone.html, lang)).toEqual([TENANT]);
        expect(htmlSignature(signed.html, lang)).toEqual(['Ana Pérez', TENANT]);
      });
    }
  }

  it('every built-in template signs with the signature placeholder, no longer with collector and company lines', () => {
    for (const type of Types.options) {
      for (const lang of ['es', 'en'] as const) {
        const lines = defaultTemplates[type][lang].text.split('\n');
        expect(placeholderKey(lines.at(-1)!.replace(/[{}]/g, ''))).toBe('signature');
        expect(lines.filter((l) => /\{\{\s*(cobrador|collector)\s*\}\}/.test(l))).toEqual([]);
      }
    }
  });

  it('{{firma}} and {{signature}} mean the same in either language; {{cobrador}} keeps falling back to the business', () => {
    const template = { es: { subject: 's', text: '{{firma}}|{{signature}}|{{ Firma }}|{{cobrador}}' } };
    expect(renderCollectionMessage('notice', context('es'), template).text).toBe([TENANT, TENANT, TENANT, TENANT].join('|'));
    expect(renderCollectionMessage('notice', context('es', 'Ana'), template).text).toBe(
      ['Ana\nX', 'Ana\nX', 'Ana\nX', 'Ana'].join('|').replaceAll('X', TENANT),
    );
  });

  it('a collector named like the business, or blank, signs once; names are HTML-escaped line by line (property)', () => {
    expect(renderCollectionMessage('due_today', context('es', TENANT)).text.endsWith(`${closing.es}\n${TENANT}`)).toBe(true);
    expect(renderCollectionMessage('due_today', context('es', '   ')).text.endsWith(`${closing.es}\n${TENANT}`)).toBe(true);
    const name = fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", 'a', 'é', ' ') }).filter((s) => s.trim() !== '' && s.trim() !== TENANT);
    fc.assert(
      fc.property(name, fc.constantFrom(...Types.options), (collector, type) => {
        const out = renderCollectionMessage(type, context('es', collector));
        expect(out.text.endsWith(`\n${collector.trim()}\n${TENANT}`)).toBe(true);
        expect(out.html.endsWith(`${escapeHtml(collector.trim())}<br>\n${TENANT}</body></html>`)).toBe(true);
      }),
    );
  });
});
