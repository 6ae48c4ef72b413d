import { matchColumnOf, type ClientKey } from '../../domain/imports/client-match.ts';
import { bounded } from '../../domain/imports/header-mapping.ts';
import type { ImportTypeSpec, Localized, RowError, RowOutcome } from '../../domain/imports/rows.ts';
import { notFound } from '../../domain/shared/errors.ts';
import type { Language } from '../http/messages/accept-language.ts';
import { quote } from '../http/messages/glossary.ts';
import { domainRowErrors, templateHeader, type HeaderOf } from './client-row-errors.ts';

/**
 * Row errors of the imports whose rows belong to a client (client terms, contacts), in Spanish and
 * English. Cell problems are worded by client-row-errors.ts `rowError` (the API's own translators); what
 * only these imports can get wrong — a row naming no client, a key no visible client holds, a contact
 * repeated or refused by the mode — is worded here.
 */

/** Words of the keys a row names its client by. */
const clientKeyTerms: Record<ClientKey['kind'], Localized> = {
  id: { es: 'id', en: 'id' },
  customId: { es: 'id propio', en: 'custom id' },
  taxId: { es: 'documento tributario', en: 'tax id' },
  email: { es: 'e-mail', en: 'e-mail' },
};

type Wording = Record<Language, (p: Record<string, unknown>) => string>;
const messages: Record<string, Wording> = {
  client_required: {
    es: () => 'La fila no dice de qué cliente es: llena el id del cliente, su id propio, su documento tributario o su e-mail',
    en: () => 'The row does not say which client it is about: fill in the client’s id, custom id, tax id or e-mail',
  },
  client_not_found: {
    es: (p) =>
      `Ningún cliente que puedas ver tiene ese ${clientKeyTerms[p.kind as ClientKey['kind']].es} (${quote(p.value, 'es')}); revisa el valor, o busca al cliente por otra columna dejando esta vacía`,
    en: (p) =>
      `No client you can see has this ${clientKeyTerms[p.kind as ClientKey['kind']].en} (${quote(p.value, 'en')}); check the value, or find the client by another column leaving this one empty`,
  },
  client_in_file: {
    es: (p) => `La fila ${p.firstRow} de este archivo ya es de este cliente; cada cliente va en una sola fila: junta las dos filas en una`,
    en: (p) => `Row ${p.firstRow} of this file is already about this client; each client goes in one row only: merge the two rows`,
  },
  contact_in_file: {
    es: (p) => `La fila ${p.firstRow} de este archivo ya es de este contacto; cada contacto va en una sola fila: junta las dos filas en una`,
    en: (p) => `Row ${p.firstRow} of this file is already about this contact; each contact goes in one row only: merge the two rows`,
  },
  contact_exists: {
    es: (p) =>
      `El cliente ya tiene el contacto ${quote(p.name, 'es')} (id ${p.contactId}) con ese e-mail; esta importación solo crea contactos: para actualizarlo usa el modo «actualizar» o «crear y actualizar», o quita la fila`,
    en: (p) =>
      `The client already has the contact ${quote(p.name, 'en')} (id ${p.contactId}) with this e-mail; this import only creates contacts: to update it use the "update" or "upsert" mode, or remove the row`,
  },
  contact_no_match: {
    es: () =>
      'Ningún contacto del cliente coincide con la fila (por id de contacto o por e-mail) y esta importación solo actualiza; para crearlo usa el modo «crear» o «crear y actualizar»',
    en: () => 'No contact of the client matches the row (by contact id or e-mail) and this import only updates; to create it use the "create" or "upsert" mode',
  },
};

const worded = (code: string, params: Record<string, unknown>): Localized => {
  const bound = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? bounded(v, 120) : v]));
  return { es: messages[code]!.es(bound), en: messages[code]!.en(bound) };
};

/** The header of each column as the file has it, else the spec's Spanish one. */
export function headersOf(spec: ImportTypeSpec, fileHeaders: ReadonlyMap<string, string> | undefined): HeaderOf {
  const specHeaders = new Map(spec.columns.map((c) => [c.key, c.header.es]));
  return (key) => fileHeaders?.get(key) ?? specHeaders.get(key) ?? key;
}

const cellOf = (cells: ReadonlyMap<string, string>, key: string, headerOf: HeaderOf) => ({
  column: headerOf(key),
  ...(cells.has(key) ? { value: cells.get(key)! } : {}),
});

export const clientRequired = (row: number, headerOf: HeaderOf): RowError => ({
  row,
  column: headerOf(matchColumnOf.id),
  code: 'required',
  message: worded('client_required', {}),
});

/** A key no client the requester can see holds (another tenant's id reads the same: not found). */
export function clientNotFound(row: number, key: ClientKey, cells: ReadonlyMap<string, string>, headerOf: HeaderOf): RowError {
  const column = matchColumnOf[key.kind];
  if (key.kind === 'id') {
    const [error] = domainRowErrors(notFound('client', bounded(key.value, 80)), row, cells, headerOf) ?? [];
    return { ...error!, ...cellOf(cells, column, headerOf) };
  }
  return {
    row,
    ...cellOf(cells, column, headerOf),
    code: 'not_found',
    message: worded('client_not_found', { kind: key.kind, value: cells.get(column) ?? key.value }),
  };
}

/** A row about a client (terms) or a contact an earlier row of the file is about. */
export const repeatedInFile = (
  row: number,
  what: 'client' | 'contact',
  firstRow: number,
  column: string,
  cells: ReadonlyMap<string, string>,
  headerOf: HeaderOf,
): RowError => ({
  row,
  ...cellOf(cells, column, headerOf),
  code: 'duplicate_in_file',
  message: worded(what === 'client' ? 'client_in_file' : 'contact_in_file', { firstRow }),
});

export const contactExists = (row: number, contact: { id: string; name: string }, cells: ReadonlyMap<string, string>, headerOf: HeaderOf): RowError => ({
  row,
  ...cellOf(cells, 'email', headerOf),
  code: 'already_exists',
  message: worded('contact_exists', { name: contact.name, contactId: contact.id }),
});

export const contactNoMatch = (row: number): RowError => ({ row, code: 'not_found', message: worded('contact_no_match', {}) });

/**
 * Errors a client write named by the clients template's headers (client-row-errors.ts `templateHeader`),
 * renamed to this file's: `columns` maps a clients column key to this spec's key.
 */
export function renamedColumns(
  outcome: RowOutcome,
  columns: Readonly<Record<string, string>>,
  headerOf: HeaderOf,
  cells: ReadonlyMap<string, string> | undefined,
): RowOutcome {
  if (!outcome.errors?.length) return outcome;
  const byTemplate = new Map(Object.entries(columns).map(([clientsKey, key]) => [templateHeader(clientsKey), key]));
  return {
    ...outcome,
    errors: outcome.errors.map((e) => {
      const key = e.column === undefined ? undefined : byTemplate.get(e.column);
      if (!key) return e;
      const value = e.value ?? cells?.get(key);
      return { ...e, column: headerOf(key), ...(value !== undefined ? { value } : {}) };
    }),
  };
}
