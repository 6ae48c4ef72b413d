import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientImportSpec } from '../../../domain/imports/client-columns.ts';
import { bounded, columnLetter, foldHeader, headerIndex, mapHeaders } from '../../../domain/imports/header-mapping.ts';
import type { CellValue, ImportTypeSpec } from '../../../domain/imports/rows.ts';

const mapped = (spec: ImportTypeSpec, cells: CellValue[]) => {
  const result = mapHeaders(spec, cells);
  if (!('mapping' in result)) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.mapping;
};

const withRequired: ImportTypeSpec = {
  type: 'invoices',
  sheet: { es: 'Facturas', en: 'Invoices' },
  columns: [
    { key: 'number', header: { es: 'Número', en: 'Number' }, required: 'always', description: { es: 'n', en: 'n' } },
    { key: 'amount', header: { es: 'Monto', en: 'Amount' }, required: 'create', description: { es: 'm', en: 'm' } },
  ],
};

describe('mapHeaders', () => {
  it('maps Spanish, English and alias headers, folded for case, accents, spaces and punctuation', () => {
    const mapping = mapped(clientImportSpec, ['  id ', 'TELÉFONO   celular', 'e mail', 'Tax id number', 'ID Cliente Personalizable', 'razon social']);
    expect([...mapping.columns]).toEqual([
      [0, 'id'],
      [1, 'mobile'],
      [2, 'email'],
      [3, 'taxId.value'],
      [4, 'customId'],
      [5, 'legalName'],
    ]);
    expect(mapping.ignored).toEqual([]);
  });

  it('lists unknown headers as ignored and skips empty header cells', () => {
    const mapping = mapped(clientImportSpec, ['Nombre', null, '', 'Saldo impago', '__proto__', 42]);
    expect([...mapping.columns]).toEqual([[0, 'name']]);
    expect(mapping.ignored).toEqual(['Saldo impago', '__proto__', '42']);
  });

  it('refuses a file with the same column twice, naming both columns in each language', () => {
    const result = mapHeaders(clientImportSpec, ['E-mail', 'Nombre', 'correo electrónico']);
    expect(result).toEqual({
      errors: [
        expect.objectContaining({
          row: 1,
          code: 'duplicate_column',
          column: 'correo electrónico',
          message: {
            es: expect.stringContaining('«E-mail» está dos veces (columnas A y C)'),
            en: expect.stringContaining('"E-mail" appears twice (columns A and C)'),
          },
        }),
      ],
    });
  });

  it('refuses a file without a required column, naming it in both languages', () => {
    const result = mapHeaders(withRequired, ['Amount']);
    expect(result).toEqual({
      errors: [
        {
          row: 1,
          column: 'Número',
          code: 'missing_column',
          message: { es: expect.stringContaining('Falta la columna «Número»'), en: expect.stringContaining('The column "Number" is missing') },
        },
      ],
    });
    expect('mapping' in mapHeaders(withRequired, ['numero'])).toBe(true);
  });

  it('refuses a header row with none of the columns (the wrong sheet)', () => {
    expect(mapHeaders(clientImportSpec, ['Factura', 'Monto'])).toEqual({ errors: [expect.objectContaining({ code: 'no_known_columns', row: 1 })] });
  });

  it('never lets two columns of the clients spec claim the same folded header', () => {
    const claims = new Map<string, string>();
    for (const column of clientImportSpec.columns) {
      for (const header of new Set([column.header.es, column.header.en, ...(column.aliases ?? [])].map(foldHeader))) {
        expect(claims.get(header) ?? column.key, `${header} claimed twice`).toBe(column.key);
        claims.set(header, column.key);
      }
    }
    expect(headerIndex(clientImportSpec).size).toBe(claims.size);
  });

  it('maps every header written with any case, accents removed and extra spaces or punctuation', () => {
    const column = fc.constantFrom(...clientImportSpec.columns);
    const noise = fc.constantFrom('', ' ', '  ', '.', ' - ', ':');
    fc.assert(
      fc.property(column, fc.boolean(), fc.boolean(), noise, noise, (c, english, upper, before, after) => {
        const base = english ? c.header.en : c.header.es;
        const written = `${before}${(upper ? base.toUpperCase() : base.toLowerCase()).normalize('NFD').replace(/\p{Diacritic}/gu, '')}${after}`;
        const mapping = mapped(clientImportSpec, [written]);
        expect(mapping.columns.get(0)).toBe(c.key);
      }),
    );
  });

  it('treats any header text, __proto__ and constructor included, as data: nothing is polluted', () => {
    const header = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf'),
    );
    fc.assert(
      fc.property(fc.array(header, { maxLength: 40 }), (headers) => {
        const result = mapHeaders(clientImportSpec, headers);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.getPrototypeOf({})).toBe(Object.prototype);
        const keys = new Set(clientImportSpec.columns.map((c) => c.key));
        if ('mapping' in result) {
          for (const key of result.mapping.columns.values()) expect(keys.has(key)).toBe(true);
          for (const ignored of result.mapping.ignored) expect([...ignored].length).toBeLessThanOrEqual(200);
        } else {
          for (const error of result.errors) expect(error.row).toBe(1);
        }
      }),
    );
  });
});

describe('helpers', () => {
  it('letters columns as a spreadsheet does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('bounds quoted values to 200 characters without splitting a character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const out = bounded(text);
        expect([...out].length).toBeLessThanOrEqual(200);
        expect(out.isWellFormed()).toBe(text.isWellFormed());
      }),
    );
  });
});
