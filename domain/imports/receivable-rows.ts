import type { ClientLookup } from '../clients/ports.ts';
import { parseTaxId, type TaxIdScheme } from '../clients/tax-id.ts';
import { Currency } from '../receivables/money.ts';
import { cellText } from './cells.ts';
import type { RowIssue } from './client-rows.ts';
import { bounded, foldHeader } from './header-mapping.ts';
import type { CellValue, HeaderMapping, SourceRow } from './rows.ts';

/**
 * What the invoices and payments rows share: the cells by column key, the client the row names (id,
 * else custom id, else tax id, else e-mail: the first key the row gives decides, as for clients,
 * decision 101) and the currency. Pure: the processors resolve the reference against the table.
 */

/** Where a column's value goes in the API's request, so a refusal is worded as the API words that field. */
const pointerOf = (key: string) => (key.startsWith('line.') ? `/lines/0/${key.slice(5)}` : key.startsWith('client.') ? `/client/${key.slice(7)}` : `/${key}`);

/** The client a row names, by the first key it gives, in the form the key's guard holds it. */
export type ClientRef = { by: 'id'; value: string } | { by: ClientLookup; value: string };

/** The column of each way a row names its client. */
export const clientRefColumn: Record<ClientRef['by'], string> = {
  id: 'clientId',
  customId: 'client.customId',
  taxId: 'client.taxId',
  email: 'client.email',
};

/** What reading a row needs from the tenant: its currency and the scheme its plain tax ids are read in. */
export interface ReceivableRowContext {
  tenantCurrency: Currency;
  taxIdScheme: TaxIdScheme | undefined;
}

/** A row's cells by column key, with their text for the error workbook. */
export class RowCells {
  readonly row: number;
  readonly texts = new Map<string, string>();
  readonly issues: RowIssue[] = [];
  private readonly cells = new Map<string, CellValue>();

  constructor(mapping: HeaderMapping, source: SourceRow) {
    this.row = source.row;
    for (const [index, key] of mapping.columns) {
      const cell = source.cells[index];
      if (cell === undefined || cell === null) continue;
      this.cells.set(key, cell);
      const text = cellText(cell);
      if (text.given && 'value' in text) this.texts.set(key, bounded(text.value));
    }
  }

  /** The cell read by `how`; a cell that cannot be read is an issue on its column, and undefined. */
  read<T>(key: string, how: (cell: CellValue | undefined) => { given: false } | { given: true; value: T } | { given: true; error: string }): T | undefined {
    const result = how(this.cells.get(key));
    if (!result.given) return undefined;
    if ('error' in result) {
      this.fail(key, result.error);
      return undefined;
    }
    return result.value;
  }

  /** An issue on a column (or the whole row): `code` is the row error's code and the field issue's. */
  fail(column: string | undefined, code: string, params: Record<string, unknown> = {}) {
    this.issues.push({
      row: this.row,
      ...(column ? { column } : {}),
      ...(column && this.texts.has(column) ? { value: this.texts.get(column)! } : {}),
      code,
      issue: { field: { pointer: column ? pointerOf(column) : '', code, params } },
    });
  }
}

/** The client the row names, or an issue: no key at all is `required` on the client id column. */
export function readClientRef(cells: RowCells, context: ReceivableRowContext): ClientRef | undefined {
  const id = cells.read('clientId', cellText);
  if (id !== undefined) return { by: 'id', value: id };
  const customId = cells.read('client.customId', cellText);
  if (customId !== undefined) return { by: 'customId', value: customId.toLowerCase() };
  const taxId = cells.read('client.taxId', cellText);
  if (taxId !== undefined) {
    if (!context.taxIdScheme) {
      cells.fail('client.taxId', 'tax_id_scheme_needed');
      return undefined;
    }
    const parsed = parseTaxId(context.taxIdScheme, taxId);
    if (!parsed.ok) {
      cells.fail('client.taxId', 'invalid_tax_id', { reason: parsed.error, scheme: context.taxIdScheme });
      return undefined;
    }
    return { by: 'taxId', value: `${parsed.taxId.scheme}:${parsed.taxId.value}` };
  }
  const email = cells.read('client.email', cellText);
  if (email !== undefined) return { by: 'email', value: email.toLowerCase() };
  if (!cells.issues.some((i) => i.column !== undefined && refColumns.has(i.column))) cells.fail('clientId', 'client_required');
  return undefined;
}
const refColumns = new Set(Object.values(clientRefColumn));

/** The row's currency (a code of the list, any case), or the tenant's when empty. */
export function readCurrency(cells: RowCells, context: ReceivableRowContext): Currency | undefined {
  const text = cells.read('currency', cellText);
  if (text === undefined) return context.tenantCurrency;
  const parsed = Currency.safeParse(text.toUpperCase());
  if (parsed.success) return parsed.data;
  cells.fail('currency', 'invalid_choice', { choices: Currency.options });
  return undefined;
}

/** A word of a fixed list, folded (case, accents, spaces), with its Spanish and English names as aliases. */
export function readChoice<T extends string>(cells: RowCells, key: string, words: Record<T, readonly string[]>): T | undefined {
  const text = cells.read(key, cellText);
  if (text === undefined) return undefined;
  const folded = foldHeader(text);
  for (const [value, aliases] of Object.entries(words) as Array<[T, readonly string[]]>) {
    if (foldHeader(value) === folded || aliases.some((a) => foldHeader(a) === folded)) return value;
  }
  cells.fail(key, 'invalid_choice', { choices: Object.keys(words) });
  return undefined;
}
