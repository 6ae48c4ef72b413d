import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../../domain/clients/client.schema.ts';
import type { Contact } from '../../../domain/clients/contact.schema.ts';
import { readClientKey, rowCells } from '../../../domain/imports/client-match.ts';
import { readTermsRow, termsPatch } from '../../../domain/imports/client-terms-rows.ts';
import { contactPatch, contactTypeLabels, messageKindLabels, readContactRow } from '../../../domain/imports/contact-rows.ts';
import { foldHeader, mapHeaders } from '../../../domain/imports/header-mapping.ts';
import type { CellValue, HeaderMapping, ImportTypeSpec } from '../../../domain/imports/rows.ts';
import { clientTermsImportSpec } from '../../../domain/imports/specs/client-terms.spec.ts';
import { contactsImportSpec } from '../../../domain/imports/specs/contacts.spec.ts';

const mappingOf = (spec: ImportTypeSpec): HeaderMapping => {
  const result = mapHeaders(
    spec,
    spec.columns.map((c) => c.header.es),
  );
  if (!('mapping' in result)) throw new Error(JSON.stringify(result.errors));
  return result.mapping;
};
const termsMapping = mappingOf(clientTermsImportSpec);
const contactsMapping = mappingOf(contactsImportSpec);
const cellsFor = (spec: ImportTypeSpec, values: Record<string, CellValue>): CellValue[] => spec.columns.map((c) => values[c.key] ?? null);
const categories = new Map([
  ['mayorista', { id: 'CAT-1', name: 'Mayorista' }],
  ['minorista', { id: 'CAT-2', name: 'Minorista' }],
]);
const lookups = { categories, taxIdScheme: 'CL_RUT' as const };

/** Any cell the streaming reader can yield. */
const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('__proto__', 'constructor', '=1+1', ' ', 'Mayorista'),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.date(),
  fc.string().map((f) => ({ formulaWithoutValue: f })),
);
/** A text with its case and accents changed the way people type it. */
const retyped = (text: string) =>
  fc
    .tuple(fc.boolean(), fc.boolean(), fc.constantFrom('', ' ', '  '))
    .map(
      ([upper, plain, pad]) => `${pad}${(plain ? text.normalize('NFD').replace(/\p{Diacritic}/gu, '') : text)[upper ? 'toUpperCase' : 'toLowerCase']()}${pad}`,
    );

describe('client-owned import specs', () => {
  it.each([clientTermsImportSpec, contactsImportSpec])('never lets two columns of the $type spec claim the same folded header', (spec) => {
    const claims = new Map<string, string>();
    for (const column of spec.columns) {
      for (const header of [column.header.es, column.header.en, ...(column.aliases ?? [])]) {
        const folded = foldHeader(header);
        expect(claims.get(folded) ?? column.key, `${header} claimed twice`).toBe(column.key);
        claims.set(folded, column.key);
      }
    }
  });
});

describe('reading the client a row names', () => {
  it('takes the first key the row gives, in the order id, custom id, tax id, e-mail, in the form its guard holds', () => {
    const keyCells = fc.record({
      clientId: fc.option(fc.constantFrom('01J9Z3ABCDEFGHJKMNPQRSTVWX', 'abc'), { nil: undefined }),
      'client.customId': fc.option(fc.constantFrom('COD-1', 'cod-2'), { nil: undefined }),
      'client.taxId': fc.option(fc.constantFrom('76.086.428-5', '760864285', 76086428), { nil: undefined }),
      'client.email': fc.option(fc.constantFrom('Ana@X.cl', 'b@y.cl'), { nil: undefined }),
    });
    fc.assert(
      fc.property(keyCells, (values) => {
        const source = { row: 2, cells: cellsFor(clientTermsImportSpec, values as Record<string, CellValue>) };
        const read = readClientKey(2, rowCells(termsMapping, source), 'CL_RUT');
        if (values.clientId !== undefined) expect(read).toEqual({ key: { kind: 'id', value: values.clientId } });
        else if (values['client.customId'] !== undefined) expect(read).toEqual({ key: { kind: 'customId', value: values['client.customId'].toLowerCase() } });
        else if (values['client.taxId'] === 76086428) expect(read).toMatchObject({ issues: [{ column: 'client.taxId', code: 'invalid_tax_id' }] });
        else if (values['client.taxId'] !== undefined) expect(read).toEqual({ key: { kind: 'taxId', value: 'CL_RUT:76086428-5' } });
        else if (values['client.email'] !== undefined) expect(read).toEqual({ key: { kind: 'email', value: values['client.email'].toLowerCase() } });
        else expect(read).toEqual({ none: true });
      }),
    );
  });
});

describe('client terms rows', () => {
  it('reads any cells without throwing, into exactly one of: blank, no client, issues or a candidate', () => {
    fc.assert(
      fc.property(fc.array(anyCell, { minLength: 6, maxLength: 6 }), fc.boolean(), (cells, create) => {
        const read = readTermsRow(termsMapping, { row: 5, cells }, lookups, { createMissingReferences: create });
        expect(['blank', 'noClient', 'issues', 'candidate'].filter((k) => k in read)).toHaveLength(1);
        if ('issues' in read) for (const issue of read.issues) expect(issue.row).toBe(5);
      }),
    );
  });

  it('reads a category by its name however it is typed, clears it on an empty cell, and reads whole terms from 0 to 365 typed as numbers or text', () => {
    fc.assert(
      fc.property(fc.constantFrom('Mayorista', 'Minorista', null), fc.integer({ min: 0, max: 365 }), fc.boolean(), fc.context(), (name, days, asText, ctx) => {
        const typed = name === null ? fc.sample(fc.constant(null), 1)[0]! : fc.sample(retyped(name), 1)[0]!;
        ctx.log(String(typed));
        const read = readTermsRow(
          termsMapping,
          { row: 2, cells: cellsFor(clientTermsImportSpec, { 'client.customId': 'C', category: typed, paymentTermsDays: asText ? ` ${days} ` : days }) },
          lookups,
          {
            createMissingReferences: false,
          },
        );
        expect(read).toEqual({
          candidate: expect.objectContaining({ category: name === null ? null : { id: categories.get(name.toLowerCase())!.id }, paymentTermsDays: days }),
        });
      }),
    );
  });

  it('refuses terms outside 0–365 or not whole, and an unknown category unless the job creates it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 366 }), fc.integer({ max: -1 })), (days) => {
        const read = readTermsRow(
          termsMapping,
          { row: 2, cells: cellsFor(clientTermsImportSpec, { 'client.customId': 'C', paymentTermsDays: days }) },
          lookups,
          {
            createMissingReferences: false,
          },
        );
        expect(read).toMatchObject({ issues: [{ column: 'paymentTermsDays', code: 'out_of_range' }] });
      }),
    );
    const unknown = (create: boolean) =>
      readTermsRow(termsMapping, { row: 2, cells: cellsFor(clientTermsImportSpec, { 'client.customId': 'C', category: 'Nueva' }) }, lookups, {
        createMissingReferences: create,
      });
    expect(unknown(false)).toMatchObject({ issues: [{ column: 'category', code: 'not_found', value: 'Nueva' }] });
    expect(unknown(true)).toMatchObject({ candidate: { category: { missing: 'Nueva' } } });
    expect(
      readTermsRow(termsMapping, { row: 2, cells: cellsFor(clientTermsImportSpec, { paymentTermsDays: 1.5 }) }, lookups, { createMissingReferences: false }),
    ).toMatchObject({
      issues: [{ column: 'paymentTermsDays', code: 'invalid_number' }],
    });
  });

  it('patches only what differs from the client: a row stating its current values is unchanged', () => {
    const client = { categoryId: 'CAT-1', paymentTermsDays: 30 } as Client;
    fc.assert(
      fc.property(fc.constantFrom('CAT-1', 'CAT-2', null, undefined), fc.option(fc.integer({ min: 0, max: 365 }), { nil: undefined }), (categoryId, days) => {
        const candidate = {
          row: 2,
          key: { kind: 'customId' as const, value: 'c' },
          cells: new Map(),
          ...(days !== undefined ? { paymentTermsDays: days } : {}),
        };
        const planned = termsPatch(candidate, client, categoryId);
        const expected = {
          ...(categoryId !== undefined && categoryId !== 'CAT-1' ? { categoryId } : {}),
          ...(days !== undefined && days !== 30 ? { paymentTermsDays: days } : {}),
        };
        expect(planned).toEqual(Object.keys(expected).length ? { patch: expected } : { unchanged: true });
      }),
    );
  });
});

describe('contact rows', () => {
  const typeLabel = fc
    .constantFrom(...(Object.entries(contactTypeLabels) as Array<[string, readonly string[]]>))
    .chain(([type, labels]) => fc.constantFrom(...labels).chain((label) => retyped(label).map((typed) => ({ type, typed }))));
  const kinds = fc.subarray(Object.keys(messageKindLabels) as Array<keyof typeof messageKindLabels>, { minLength: 1 });

  it('reads any cells without throwing, into exactly one of: blank, no client, issues or a candidate', () => {
    fc.assert(
      fc.property(fc.array(anyCell, { minLength: 9, maxLength: 9 }), (cells) => {
        const read = readContactRow(contactsMapping, { row: 3, cells }, { taxIdScheme: 'CL_RUT' });
        expect(['blank', 'noClient', 'issues', 'candidate'].filter((k) => k in read)).toHaveLength(1);
      }),
    );
  });

  it('reads the type and the messages in either language, any case and separator, and a re-read of the stored contact changes nothing', () => {
    fc.assert(
      fc.property(typeLabel, kinds, fc.constantFrom(', ', ';', ' ', ' ,\n'), fc.boolean(), ({ type, typed }, received, separator, spanish) => {
        const labels = received.map((k) => messageKindLabels[k][spanish ? 1 : 0]!.toUpperCase());
        const read = readContactRow(
          contactsMapping,
          {
            row: 2,
            cells: cellsFor(contactsImportSpec, {
              clientId: '01J9Z3ABCDEFGHJKMNPQRSTVWX',
              type: typed,
              name: 'Ana',
              email: 'Ana@X.cl',
              receives: labels.reverse().join(separator),
            }),
          },
          { taxIdScheme: undefined },
        );
        if (!('candidate' in read)) throw new Error(JSON.stringify(read));
        expect(read.candidate.given).toEqual({ type, name: 'Ana', email: 'ana@x.cl', receives: [...received].reverse() });
        const stored = {
          id: 'K',
          tenantId: 't',
          clientId: 'c',
          type,
          name: 'Ana',
          email: 'ana@x.cl',
          receives: received,
          version: 1,
          createdAt: '',
          updatedAt: '',
        } as Contact;
        expect(contactPatch(read.candidate, stored)).toEqual({ unchanged: true });
      }),
    );
  });

  it('refuses a type or a message kind off the list, naming the accepted ones', () => {
    const read = readContactRow(
      contactsMapping,
      { row: 2, cells: cellsFor(contactsImportSpec, { 'client.customId': 'C', type: 'jefe', name: 'Ana', receives: 'facturas, fax' }) },
      { taxIdScheme: undefined },
    );
    expect(read).toMatchObject({
      issues: [
        { column: 'type', code: 'invalid_value', issue: { field: { params: { choices: { en: ['billing', 'collections', 'commercial', 'other'] } } } } },
        { column: 'receives', code: 'invalid_value' },
      ],
    });
  });
});
