import type { Client } from '../clients/client.schema.ts';
import type { ClientLookup } from '../clients/ports.ts';
import { parseTaxId, type TaxIdScheme } from '../clients/tax-id.ts';
import type { FieldIssue } from '../shared/errors.ts';
import { Email, Id } from '../shared/fields.ts';
import { cellText, type CellRead } from './cells.ts';
import type { RowIssue } from './client-rows.ts';
import { bounded } from './header-mapping.ts';
import type { CellValue, HeaderMapping, SourceRow } from './rows.ts';

/**
 * The client a row of a client-owned type names (terms, contacts): the columns of `clientMatchColumns`
 * read without I/O into one key, in the clients import's matching order: the id, else the custom id,
 * else the tax id, else the e-mail. The first key the row gives decides (decision 101): a later key is
 * never tried when an earlier one finds nothing, so a typo in one column never lands on another client.
 */

/** The key a row names its client by, in the form the uniqueness guards hold it. */
export type ClientKey = { kind: 'id'; value: string } | { kind: ClientLookup; value: string };

/** Column keys of the match columns (client-match.columns.ts) by the kind of key they give. */
export const matchColumnOf: Record<ClientKey['kind'], string> = {
  id: 'clientId',
  customId: 'client.customId',
  taxId: 'client.taxId',
  email: 'client.email',
};

/** A row's cells by column key (raw) and as text (bounded), for reading and for quoting in errors. */
export interface RowCells {
  raw: ReadonlyMap<string, CellValue>;
  text: ReadonlyMap<string, string>;
}

/** The cells of a row that fall in the mapped columns. */
export function rowCells(mapping: HeaderMapping, source: SourceRow): RowCells {
  const raw = new Map<string, CellValue>();
  const text = new Map<string, string>();
  for (const [index, key] of mapping.columns) {
    const cell = source.cells[index];
    if (cell === undefined || cell === null) continue;
    raw.set(key, cell);
    const read = cellText(cell);
    if (read.given && 'value' in read) text.set(key, bounded(read.value));
  }
  return { raw, text };
}

/** Reads a cell through `how`; a cell that cannot be read becomes an issue on its column. */
export function reader(row: number, cells: RowCells, issues: RowIssue[]) {
  return <T>(key: string, how: (cell: CellValue | undefined) => CellRead<T>, pointer = `/${key}`): T | undefined => {
    const result = how(cells.raw.get(key));
    if (!result.given) return undefined;
    if ('error' in result) {
      issues.push(cellIssue(row, cells, key, result.error, { pointer, code: result.error, params: {} }));
      return undefined;
    }
    return result.value;
  };
}

export const cellIssue = (row: number, cells: RowCells, column: string, code: string, field: FieldIssue): RowIssue => ({
  row,
  column,
  ...(cells.text.has(column) ? { value: cells.text.get(column)! } : {}),
  code,
  issue: { field },
});

/**
 * The row's client key, or the issues of the key it gives (an e-mail or tax id that cannot be one), or
 * `none` when the row names no client at all (reported by the caller as `required`). `taxIdScheme` is the
 * tenant's (plain-tax-id.ts): the match columns have no scheme column.
 */
export function readClientKey(
  row: number,
  cells: RowCells,
  taxIdScheme: TaxIdScheme | undefined,
): { key: ClientKey } | { issues: RowIssue[] } | { none: true } {
  const issues: RowIssue[] = [];
  const read = reader(row, cells, issues);
  const id = read(matchColumnOf.id, cellText, '/clientId');
  if (issues.length) return { issues };
  // An id no key could hold names no client: kept as given, the lookup answers not found without a read.
  if (id !== undefined) return { key: { kind: 'id', value: id } };
  const customId = read(matchColumnOf.customId, cellText, '/customId');
  if (issues.length) return { issues };
  if (customId !== undefined) return { key: { kind: 'customId', value: customId.toLowerCase() } };
  const taxText = read(matchColumnOf.taxId, cellText, '/taxId');
  if (issues.length) return { issues };
  if (taxText !== undefined) {
    if (!taxIdScheme) {
      return { issues: [cellIssue(row, cells, matchColumnOf.taxId, 'invalid_tax_id', { pointer: '/taxId', code: 'tax_id_unreadable', params: {} })] };
    }
    const parsed = parseTaxId(taxIdScheme, taxText);
    if (!parsed.ok) {
      const params = { scheme: taxIdScheme, ...(parsed.expected !== undefined ? { checkDigit: parsed.expected } : {}) };
      return { issues: [cellIssue(row, cells, matchColumnOf.taxId, 'invalid_tax_id', { pointer: '/taxId', code: parsed.error, params })] };
    }
    return { key: { kind: 'taxId', value: `${parsed.taxId.scheme}:${parsed.taxId.value}` } };
  }
  const email = read(matchColumnOf.email, cellText, '/email');
  if (issues.length) return { issues };
  if (email !== undefined) {
    const parsed = Email.safeParse(email);
    if (!parsed.success)
      return {
        issues: [cellIssue(row, cells, matchColumnOf.email, 'invalid_format', { pointer: '/email', code: 'invalid_format', params: { format: 'email' } })],
      };
    return { key: { kind: 'email', value: parsed.data } };
  }
  return { none: true };
}

/** Whether an id cell could be one of our ids at all (else it names no client and nothing is read). */
export const isClientId = (value: string) => Id.safeParse(value).success;

/** `<kind>:<value>`: the claim a key makes in a file, and the key of a batch's lookups. */
export const keyClaim = (key: ClientKey) => `${key.kind}:${key.value}`;

/**
 * Reads the clients a batch of rows names at once: by id (BatchGetItem, 100 a request), and by a unique
 * key through its guard (BatchGetItem of the guards, then of the clients they point at). Consistent
 * reads, so a batch done again sees what its earlier delivery wrote.
 */
export interface ClientBatchReader {
  /** The clients of the tenant with these ids; unknown ids are absent. */
  getMany(tenantId: string, ids: readonly string[]): Promise<Map<string, Client>>;
  /** The owner id of each unique key held in the tenant, by `keyClaim`; free keys are absent. */
  ownersOf(tenantId: string, keys: ReadonlyArray<{ kind: ClientLookup; value: string }>): Promise<Map<string, string>>;
}

/** Which clients a batch names, in two rounds of batched reads (guards, then clients), by `keyClaim`. */
export async function findClients(reader: ClientBatchReader, tenantId: string, keys: readonly ClientKey[]): Promise<Map<string, Client>> {
  const byId = new Map<string, string>();
  const lookups: Array<{ kind: ClientLookup; value: string }> = [];
  for (const key of keys) {
    if (key.kind === 'id') {
      if (isClientId(key.value)) byId.set(keyClaim(key), key.value);
    } else lookups.push(key);
  }
  const owners = lookups.length ? await reader.ownersOf(tenantId, lookups) : new Map<string, string>();
  for (const [claim, owner] of owners) byId.set(claim, owner);
  const clients = byId.size ? await reader.getMany(tenantId, [...new Set(byId.values())]) : new Map<string, Client>();
  const found = new Map<string, Client>();
  for (const [claim, id] of byId) {
    const client = clients.get(id);
    if (client && client.tenantId === tenantId) found.set(claim, client);
  }
  return found;
}
