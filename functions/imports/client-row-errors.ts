import { columnOfPath, fieldIssues, type RowIssue } from '../../domain/imports/client-rows.ts';
import { clientImportSpec } from '../../domain/imports/client-columns.ts';
import { bounded } from '../../domain/imports/header-mapping.ts';
import type { Localized, RowError } from '../../domain/imports/rows.ts';
import { DomainError, type FieldIssue } from '../../domain/shared/errors.ts';
import type { Language } from '../http/messages/accept-language.ts';
import { fieldMessage } from '../http/messages/field-messages.ts';
import { quote } from '../http/messages/glossary.ts';
import { describeError } from '../http/problem.ts';
import { fieldErrors } from '../http/validate.ts';

/**
 * Row errors of the clients import worded in Spanish and English. A cell's problem is worded as the API
 * words the same field error (functions/http/messages/; the cell codes only an import raises are in
 * import-fields.ts there), so an import and a request say the same thing; what only a whole row can get
 * wrong (it repeats an earlier row, the mode refuses it) is worded here. Quoted values are bounded.
 */

/** Words of the keys a row is matched by. */
const keyTerms: Record<string, Localized> = {
  id: { es: 'ID', en: 'ID' },
  customId: { es: 'ID personalizado', en: 'custom ID' },
  taxId: { es: 'identificación tributaria', en: 'tax id' },
  email: { es: 'e-mail', en: 'e-mail' },
};

/** Whole-row reasons of matching and of the file itself. */
const rowMessages: Record<string, Record<Language, (p: Record<string, unknown>) => string>> = {
  already_exists: {
    es: (p) =>
      `Ya existe el cliente ${quote(p.name, 'es')} (id ${p.clientId}) con ese ${keyTerms[String(p.key)]?.es}; esta importación solo crea clientes: para actualizarlo usa el modo «actualizar» o «crear y actualizar», o quita la fila`,
    en: (p) =>
      `The client ${quote(p.name, 'en')} (id ${p.clientId}) already has this ${keyTerms[String(p.key)]?.en}; this import only creates clients: to update it use the "update" or "upsert" mode, or remove the row`,
  },
  no_match: {
    es: () =>
      'Ningún cliente coincide con la fila (por ID, ID personalizado, identificación tributaria o e-mail) y esta importación solo actualiza; para crearlo usa el modo «crear» o «crear y actualizar»',
    en: () => 'No client matches the row (by ID, custom ID, tax id or e-mail) and this import only updates; to create it use the "create" or "upsert" mode',
  },
  duplicate_in_file: {
    es: (p) =>
      p.firstRow
        ? `La fila ${p.firstRow} de este archivo ya tiene ese ${keyTerms[String(p.key)]?.es} (${quote(p.value, 'es')}); cada cliente va en una sola fila: junta las dos filas en una`
        : `Una fila anterior de este archivo ya creó el cliente ${quote(p.name, 'es')} (id ${p.clientId}) con ese ${keyTerms[String(p.key)]?.es}; cada cliente va en una sola fila`,
    en: (p) =>
      p.firstRow
        ? `Row ${p.firstRow} of this file already has this ${keyTerms[String(p.key)]?.en} (${quote(p.value, 'en')}); each client goes in one row only: merge the two rows`
        : `An earlier row of this file already created the client ${quote(p.name, 'en')} (id ${p.clientId}) with this ${keyTerms[String(p.key)]?.en}; each client goes in one row only`,
  },
};

/** The header of a column as the file has it, or the template's Spanish one. */
export type HeaderOf = (key: string) => string;
const specHeader = new Map(clientImportSpec.columns.map((c) => [c.key, c.header.es]));
export const templateHeader: HeaderOf = (key) => specHeader.get(key) ?? key;

/** A field issue of a row worded as the API words it (the import's own cell codes are in import-fields.ts). */
const wordField = (field: FieldIssue, lang: Language): string =>
  fieldMessage({ pointer: `/row${field.pointer}`, code: field.code, params: field.params }, lang) ?? fallback[lang];

const fallback: Localized = { es: 'El valor no es válido', en: 'The value is not valid' };

/** A row issue as the error workbook and the job's sample show it. */
export function rowError(issue: RowIssue, headerOf: HeaderOf = templateHeader): RowError {
  const message: Localized = { es: '', en: '' };
  if ('zod' in issue.issue) {
    const [error] = fieldErrors([issue.issue.zod], 'body');
    for (const lang of ['es', 'en'] as const) {
      message[lang] = (error && fieldMessage({ ...error, pointer: error.pointer.replace(/^\/body/, '/row') }, lang)) ?? fallback[lang];
    }
  } else {
    for (const lang of ['es', 'en'] as const) message[lang] = wordField(issue.issue.field, lang);
  }
  return {
    row: issue.row,
    ...(issue.column ? { column: headerOf(issue.column) } : {}),
    ...(issue.value !== undefined ? { value: bounded(issue.value) } : {}),
    code: issue.code,
    message,
  };
}

/** A whole-row reason of matching (`already_exists`, `no_match` as `not_found`, `duplicate_in_file`). */
export function matchError(
  row: number,
  code: 'already_exists' | 'no_match' | 'duplicate_in_file',
  params: Record<string, unknown>,
  column?: { key: string; value?: string | undefined },
  headerOf: HeaderOf = templateHeader,
): RowError {
  const bound = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? bounded(v, 120) : v]));
  return {
    row,
    ...(column ? { column: headerOf(column.key), ...(column.value !== undefined ? { value: bounded(column.value) } : {}) } : {}),
    code: code === 'no_match' ? 'not_found' : code,
    message: { es: rowMessages[code]!.es(bound), en: rowMessages[code]!.en(bound) },
  };
}

/** The row error code of a domain error a write or a read raised. */
const codeOfDomain: Record<string, string> = {
  conflict: 'taken',
  not_found: 'not_found',
  forbidden: 'forbidden',
  version_mismatch: 'changed',
  invalid_state: 'invalid_state',
};

/** The column a conflict is about: the unique field it names. */
const conflictColumn = (field: unknown) => (field === 'taxId' ? 'taxId.value' : typeof field === 'string' ? columnOfPath([field]) : undefined);

/**
 * A domain error of one row (from a use case: a taken e-mail naming its holder, a reference gone, a
 * client outside the caller's scope) as row errors, worded as the API words it; undefined for anything
 * else (a failing dependency), which the caller lets fail the batch so it is retried.
 */
export function domainRowErrors(error: unknown, row: number, cells: ReadonlyMap<string, string>, headerOf: HeaderOf = templateHeader): RowError[] | undefined {
  if (!(error instanceof DomainError)) return undefined;
  if (error.code === 'validation_failed') {
    const errors = (error.details.errors ?? []) as FieldIssue[];
    return fieldIssues({ row, cells }, errors).map((issue) => rowError(issue, headerOf));
  }
  const column = error.code === 'conflict' ? conflictColumn(error.details.field) : undefined;
  const value = column ? cells.get(column) : undefined;
  return [
    {
      row,
      ...(column ? { column: headerOf(column) } : {}),
      ...(value !== undefined ? { value: bounded(value) } : {}),
      code: codeOfDomain[error.code] ?? error.code,
      message: { es: bounded(describeError(error, 'es'), 600), en: bounded(describeError(error, 'en'), 600) },
    },
  ];
}
