import { describe, expect, it } from 'vitest';
import { clientImportSpec } from '../../domain/imports/client-columns.ts';
import { readClientRow, validateCreate, type ClientLookups } from '../../domain/imports/client-rows.ts';
import { mapHeaders } from '../../domain/imports/header-mapping.ts';
import type { CellValue, RowError } from '../../domain/imports/rows.ts';
import { conflict, notFound } from '../../domain/shared/errors.ts';
import { domainRowErrors, matchError, rowError } from '../../functions/imports/client-row-errors.ts';
import { englishIn } from '../support/english-words.ts';

const keys = clientImportSpec.columns.map((c) => c.key);
const mapping = { columns: new Map(keys.map((k, i) => [i, k] as [number, string])), ignored: [] };
const lookups: ClientLookups = {
  categories: new Map(),
  zones: new Map(),
  users: new Map([['ex@demo.cl', { id: 'u-ex', email: 'ex@demo.cl', name: 'Ex', status: 'inactive' }]]),
  taxIdScheme: undefined,
};

/** Every row error the clients import can give for these rows, worded. */
function errorsOf(rows: Array<Record<string, CellValue>>): RowError[] {
  return rows.flatMap((values, i) => {
    const read = readClientRow(mapping, { row: i + 2, cells: keys.map((k) => values[k] ?? null) }, lookups, { createMissingReferences: false });
    if ('issues' in read) return read.issues.map((issue) => rowError(issue));
    const created = validateCreate(read.candidate);
    return 'issues' in created ? created.issues.map((issue) => rowError(issue)) : [];
  });
}

/** The errors a header row is refused with. */
function refusals(headers: string[]): readonly RowError[] {
  const result = mapHeaders(clientImportSpec, headers);
  if (!('errors' in result)) throw new Error('accepted');
  return result.errors;
}

const all = (): RowError[] => [
  ...errorsOf([
    { name: { formulaWithoutValue: 'A1' }, collectionsEnabled: 'quizás', paymentTermsDays: 'treinta', personType: 'Alien', 'taxId.scheme': 'DNI' },
    { name: 'x'.repeat(300), email: 'no-es-mail', notifyEmails: 'a@x.cl, malo', observations: 'a\u0000b', paymentTermsDays: 400, categoryId: 'Minorista' },
    { personType: 'Persona jurídica', name: 'Sobra', agentId: 'ex@demo.cl' },
    { name: 'Uno', 'taxId.value': '12.345.678-5', sellerId: 'nadie@x.cl' },
    { 'taxId.scheme': 'CL_RUT', 'taxId.value': '12.345.678-9', name: 'Dígito' },
  ]),
  matchError(2, 'already_exists', { name: 'Andes', clientId: '01J', key: 'customId' }, { key: 'customId', value: 'C-1' }),
  matchError(2, 'no_match', {}),
  matchError(3, 'duplicate_in_file', { firstRow: 2, key: 'email', value: 'a@x.cl' }, { key: 'email', value: 'a@x.cl' }),
  matchError(3, 'duplicate_in_file', { name: 'Andes', clientId: '01J', key: 'taxId' }),
  ...(domainRowErrors(notFound('client', '01J'), 2, new Map()) ?? []),
  ...(domainRowErrors(conflict('client', 'email', '01J', { name: 'Andes', status: 'active' }), 2, new Map([['email', 'a@x.cl']])) ?? []),
  ...refusals(['E-mail', 'Correo']),
  ...refusals(['Factura']),
];

describe('clients import row errors', () => {
  it('word every kind of row error in Spanish and in English, each its own', () => {
    const errors = all();
    expect(new Set(errors.map((e) => e.code))).toEqual(
      new Set([
        'formula_without_value',
        'invalid_boolean',
        'invalid_number',
        'invalid_value',
        'too_long',
        'invalid_format',
        'control_character',
        'out_of_range',
        'not_found',
        'required',
        'not_used',
        'invalid_tax_id',
        'already_exists',
        'duplicate_in_file',
        'taken',
        'duplicate_column',
        'no_known_columns',
      ]),
    );
    for (const error of errors) {
      expect(error.message.es, error.code).not.toBe(error.message.en);
      for (const text of [error.message.es, error.message.en]) {
        expect(text, error.code).not.toMatch(/undefined|\[object|NaN/);
        expect(text.length, error.code).toBeGreaterThan(15);
      }
      expect(englishIn(error.message.es), `Spanish of ${error.code}: ${error.message.es}`).toEqual([]);
      if (error.value !== undefined) expect([...error.value].length).toBeLessThanOrEqual(200);
    }
  });

  it('name the column with the header and quote the value the cell has', () => {
    const [error] = errorsOf([{ name: 'Uno', 'taxId.scheme': 'CL_RUT', 'taxId.value': '12.345.678-9' }]);
    expect(error).toEqual({
      row: 2,
      column: 'Número de identificación tributaria',
      value: '12.345.678-9',
      code: 'invalid_tax_id',
      message: {
        es: 'El dígito verificador del RUT no corresponde (debería ser 5); revisa que el número esté bien escrito',
        en: 'The check digit of the RUT does not match (it should be 5); check that the number is written correctly',
      },
    });
  });
});
