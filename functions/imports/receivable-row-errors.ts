import type { RowIssue } from '../../domain/imports/client-rows.ts';
import { bounded } from '../../domain/imports/header-mapping.ts';
import type { ImportTypeSpec, Localized, RowError } from '../../domain/imports/rows.ts';
import { DomainError, type FieldIssue } from '../../domain/shared/errors.ts';
import { quote } from '../http/messages/glossary.ts';
import { describeError } from '../http/problem.ts';
import { rowError, type HeaderOf } from './client-row-errors.ts';

/**
 * Row errors of the invoices and payments imports in Spanish and English. A cell the API's schemas or
 * use cases refuse is worded as the API words that field (client-row-errors.ts `rowError`, the HTTP
 * layer's field messages); what only a spreadsheet cell or a whole row can get wrong (an amount written
 * ambiguously, a row repeating an earlier one, an invoice the file would change) is worded here, naming
 * the column as the file has it.
 */

type Wording = (column: Localized, p: Record<string, unknown>) => Localized;

const cellWordings: Record<string, Wording> = {
  invalid_amount: (c) => ({
    es: `La columna ${quote(c.es, 'es')} debe ser un monto mayor que cero, como 150000, 1.234.567 o 1234,50`,
    en: `The column ${quote(c.en, 'en')} must be an amount above zero, such as 150000, 1,234,567 or 1234.50`,
  }),
  ambiguous_amount: (c) => ({
    es: `En la columna ${quote(c.es, 'es')} el monto puede leerse de dos formas (¿miles o decimales?); escríbelo sin separador de miles, como 1234, o con los dos separadores, como 1.234,00`,
    en: `In the column ${quote(c.en, 'en')} the amount can be read two ways (thousands or decimals?); write it without a thousands separator, such as 1234, or with both separators, such as 1,234.00`,
  }),
  invalid_decimal: (c) => ({
    es: `La columna ${quote(c.es, 'es')} debe ser un número, como 2, 1,5 o 19`,
    en: `The column ${quote(c.en, 'en')} must be a number, such as 2, 1.5 or 19`,
  }),
  client_required: () => ({
    es: 'La fila no dice de qué cliente es: completa el id del cliente, su id propio, su documento tributario o su e-mail',
    en: 'The row does not say which client it is for: fill in the client id, custom id, tax id or e-mail',
  }),
  invalid_tax_id: (c, p) => ({
    es: `La columna ${quote(c.es, 'es')} no es un documento tributario ${String(p.scheme ?? '')} válido (${String(p.reason)})`,
    en: `The column ${quote(c.en, 'en')} is not a valid ${String(p.scheme ?? '')} tax id (${String(p.reason)})`,
  }),
  too_many_invoices: (c, p) => ({
    es: `La columna ${quote(c.es, 'es')} nombra más de ${p.max} facturas; un pago se aplica a ${p.max} como máximo: divide el pago en varias filas`,
    en: `The column ${quote(c.en, 'en')} names more than ${p.max} invoices; one payment applies to at most ${p.max}: split it into several rows`,
  }),
};

/** Whole-row reasons of matching and writing. */
const rowWordings: Record<string, (p: Record<string, unknown>) => Localized> = {
  invoice_exists: (p) => ({
    es: `Ya existe la factura ${quote(p.number, 'es')} (id ${p.invoiceId}); esta importación solo crea facturas: usa el modo «crear y actualizar» para dejarla como está, o quita la fila`,
    en: `The invoice ${quote(p.number, 'en')} (id ${p.invoiceId}) already exists; this import only creates invoices: use the "upsert" mode to leave it as it is, or remove the row`,
  }),
  invoice_not_editable: (p) => ({
    es: `La factura ${quote(p.number, 'es')} (id ${p.invoiceId}) ya existe con otro ${p.fieldsEs}; una factura no se modifica después de creada (tampoco por la API): anúlala y crea otra con otro número, o corrige la fila`,
    en: `The invoice ${quote(p.number, 'en')} (id ${p.invoiceId}) already exists with another ${p.fieldsEn}; an invoice cannot be changed once created (nor through the API): void it and create another with a new number, or correct the row`,
  }),
  invoice_no_match: () => ({
    es: 'Ninguna factura tiene ese número y esta importación solo actualiza; para crearla usa el modo «crear» o «crear y actualizar»',
    en: 'No invoice has this number and this import only updates; to create it use the "create" or "upsert" mode',
  }),
  payment_exists: (p) => ({
    es: `Este pago ya está registrado (id ${p.paymentId}): mismo cliente, fecha, monto y referencia ${quote(p.reference, 'es')}; quita la fila, o cambia la referencia si es otro pago`,
    en: `This payment is already recorded (id ${p.paymentId}): same client, date, amount and reference ${quote(p.reference, 'en')}; remove the row, or change the reference if it is another payment`,
  }),
  payment_no_match: () => ({
    es: 'Ningún pago tiene ese id; esta importación no modifica pagos: deja el id vacío para registrar uno nuevo',
    en: 'No payment has this id; this import does not change payments: leave the id empty to record a new one',
  }),
  payment_not_editable: (p) => ({
    es: `El pago ${p.paymentId} ya está registrado con otros datos; un pago no se modifica (tampoco por la API): revértelo y registra otro, o corrige la fila`,
    en: `The payment ${p.paymentId} is already recorded with other values; a payment cannot be changed (nor through the API): reverse it and record another, or correct the row`,
  }),
  duplicate_in_file: (p) => ({
    es: `La fila ${p.firstRow} de este archivo ya tiene ${p.whatEs} (${quote(p.value, 'es')}); cada ${p.recordEs} va en una sola fila`,
    en: `Row ${p.firstRow} of this file already has ${p.whatEn} (${quote(p.value, 'en')}); each ${p.recordEn} goes in one row only`,
  }),
  client_not_found: (p) => ({
    es: `No hay un cliente con ${p.byEs} ${quote(p.value, 'es')} entre los que puedes ver`,
    en: `There is no client with ${p.byEn} ${quote(p.value, 'en')} among those you can see`,
  }),
  invoice_not_found: (p) => ({
    es: `No hay una factura ${quote(p.value, 'es')} de este cliente entre las que puedes ver`,
    en: `There is no invoice ${quote(p.value, 'en')} of this client among those you can see`,
  }),
};

/** The error codes of the whole-row reasons, as the job and the error workbook show them. */
const rowCodes: Record<string, string> = {
  invoice_exists: 'already_exists',
  invoice_not_editable: 'not_editable',
  invoice_no_match: 'not_found',
  payment_exists: 'already_exists',
  payment_no_match: 'not_found',
  payment_not_editable: 'not_editable',
  duplicate_in_file: 'duplicate_in_file',
  client_not_found: 'not_found',
  invoice_not_found: 'not_found',
};

/** Wording of one import type's rows: the file's headers, and the spec's for what the file lacks. */
export function receivableWording(spec: ImportTypeSpec, fileHeaders?: ReadonlyMap<string, string>) {
  const specHeaders = new Map(spec.columns.map((c) => [c.key, c.header]));
  const headerOf: HeaderOf = (key) => fileHeaders?.get(key) ?? specHeaders.get(key)?.es ?? key;
  const columnWords = (key: string | undefined): Localized => {
    const own = key ? fileHeaders?.get(key) : undefined;
    const spec = key ? specHeaders.get(key) : undefined;
    return own ? { es: own, en: own } : (spec ?? { es: key ?? '', en: key ?? '' });
  };

  /** A row issue as the error workbook shows it. */
  function issueError(issue: RowIssue): RowError {
    const field = 'field' in issue.issue ? issue.issue.field : undefined;
    const own = field ? cellWordings[field.code] : undefined;
    if (!field || !own) return rowError(issue, headerOf);
    return {
      row: issue.row,
      ...(issue.column ? { column: headerOf(issue.column) } : {}),
      ...(issue.value !== undefined ? { value: bounded(issue.value) } : {}),
      code: issue.code,
      message: own(columnWords(issue.column), field.params ?? {}),
    };
  }

  /** A whole-row reason, on the column it is about when there is one. */
  function reason(
    row: number,
    what: keyof typeof rowWordings,
    params: Record<string, unknown>,
    column?: { key: string; value?: string | undefined },
  ): RowError {
    const bound = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? bounded(v, 120) : v]));
    return {
      row,
      ...(column ? { column: headerOf(column.key), ...(column.value !== undefined ? { value: bounded(column.value) } : {}) } : {}),
      code: rowCodes[what] ?? String(what),
      message: rowWordings[what]!(bound),
    };
  }

  /**
   * A domain error of a row's use case (a currency the tenant does not bill in, an allocation refused, a
   * number taken meanwhile) as row errors worded as the API words it; undefined for anything else (a
   * failing dependency), which the caller lets fail the batch so it is retried.
   */
  function domainErrors(
    error: unknown,
    row: number,
    cells: ReadonlyMap<string, string>,
    columnOf: (pointer: string) => string | undefined,
  ): RowError[] | undefined {
    if (!(error instanceof DomainError)) return undefined;
    if (error.code === 'validation_failed') {
      const fields = (error.details.errors ?? []) as FieldIssue[];
      return fields.map((field) => {
        const column = columnOf(field.pointer);
        return rowError(
          { row, ...(column ? { column, ...(cells.has(column) ? { value: cells.get(column)! } : {}) } : {}), code: field.code, issue: { field } },
          headerOf,
        );
      });
    }
    const codes: Record<string, string> = { conflict: 'taken', not_found: 'not_found', forbidden: 'forbidden', invalid_state: 'invalid_state' };
    return [
      {
        row,
        code: codes[error.code] ?? error.code,
        message: { es: bounded(describeError(error, 'es'), 600), en: bounded(describeError(error, 'en'), 600) },
      },
    ];
  }

  return { headerOf, issueError, reason, domainErrors };
}

export type ReceivableWording = ReturnType<typeof receivableWording>;
