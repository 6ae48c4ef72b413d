import type { CellValue, ColumnSpec, HeaderMapping, ImportTypeSpec, Localized, RowError } from './rows.ts';

/**
 * The header row of an uploaded sheet mapped onto an import type's columns. Headers match in either
 * language or by an alias, folded: case, accents, spaces and punctuation do not count, so
 * "E-mail", "email" and " E MAIL " are one header. Headers are kept in `Map`s, never as object keys, so a
 * header such as `__proto__` or `constructor` is just an unknown header.
 */

/** Letters and digits only, lower-case and without accents: `Teléfono  Celular` → `telefonocelular`. */
export function foldHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** At most `max` characters, cut between code points, with an ellipsis when cut: what errors and reports quote. */
export function bounded(text: string, max = 200): string {
  if (text.length <= max) return text;
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** A header cell as text: a formula without a cached value names no column. */
export function headerText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString();
  if (typeof cell === 'object') return '';
  return String(cell);
}

/** Every folded header a spec accepts → its column: the Spanish and English headers and the aliases. */
export function headerIndex(spec: ImportTypeSpec): Map<string, ColumnSpec> {
  const index = new Map<string, ColumnSpec>();
  for (const column of spec.columns) {
    for (const header of [column.header.es, column.header.en, ...(column.aliases ?? [])]) {
      const folded = foldHeader(header);
      // The first column to claim a spelling keeps it; the spec's own test forbids two claiming one.
      if (folded && !index.has(folded)) index.set(folded, column);
    }
  }
  return index;
}

const quoteEs = (s: string) => `«${s}»`;
const quoteEn = (s: string) => `"${s}"`;
/** Spreadsheet column letters of a 0-based index: 0 → A, 27 → AB. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * Maps a header row. Refuses the file (errors on row 1, nothing written) when a required column is
 * missing, when two columns of the file are the same column of the spec (which value would count?), or
 * when no header of the file is one of the spec's (the wrong sheet or the wrong file). Unknown headers
 * are listed in `ignored` and their cells never read.
 */
export function mapHeaders(spec: ImportTypeSpec, cells: readonly CellValue[]): { mapping: HeaderMapping } | { errors: readonly RowError[] } {
  const index = headerIndex(spec);
  const columns = new Map<number, string>();
  const firstAt = new Map<string, number>();
  const ignored: string[] = [];
  const errors: RowError[] = [];
  cells.forEach((cell, i) => {
    const text = headerText(cell);
    if (!text) return;
    const column = index.get(foldHeader(text));
    if (!column) {
      ignored.push(bounded(text));
      return;
    }
    const first = firstAt.get(column.key);
    if (first !== undefined) {
      errors.push({
        row: 1,
        column: bounded(text),
        value: bounded(text),
        code: 'duplicate_column',
        message: {
          es: `La columna ${quoteEs(column.header.es)} está dos veces (columnas ${columnLetter(first)} y ${columnLetter(i)}); deja solo una`,
          en: `The column ${quoteEn(column.header.en)} appears twice (columns ${columnLetter(first)} and ${columnLetter(i)}); keep only one`,
        },
      });
      return;
    }
    firstAt.set(column.key, i);
    columns.set(i, column.key);
  });
  for (const column of spec.columns) {
    if (column.required === 'always' && !firstAt.has(column.key)) {
      errors.push({
        row: 1,
        column: column.header.es,
        code: 'missing_column',
        message: missingColumn(column.header),
      });
    }
  }
  if (columns.size === 0 && errors.length === 0) {
    errors.push({
      row: 1,
      code: 'no_known_columns',
      message: {
        es: `La primera fila no tiene ninguna columna de la hoja ${quoteEs(spec.sheet.es)}; usa la plantilla de esta importación (las columnas van en la fila 1)`,
        en: `The first row has none of the columns of the ${quoteEn(spec.sheet.en)} sheet; use this import's template (the headers go in row 1)`,
      },
    });
  }
  return errors.length ? { errors } : { mapping: { columns, ignored } };
}

const missingColumn = (header: Localized): Localized => ({
  es: `Falta la columna ${quoteEs(header.es)}: es obligatoria; agrégala en la fila 1 (también se acepta ${quoteEs(header.en)})`,
  en: `The column ${quoteEn(header.en)} is missing: it is required; add it in row 1 (${quoteEn(header.es)} is accepted too)`,
});
