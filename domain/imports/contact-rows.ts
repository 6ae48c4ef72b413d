import { contactEmailKey } from '../clients/contact-email.ts';
import { ContactPatch, type ContactType, defaultReceives, type MessageKind, NewContact, type Contact } from '../clients/contact.schema.ts';
import type { TaxIdScheme } from '../clients/tax-id.ts';
import { cellText, isEmptyCell } from './cells.ts';
import { cellIssue, readClientKey, reader, rowCells, type ClientKey } from './client-match.ts';
import { codeOfZod, flattenIssues, type RowIssue } from './client-rows.ts';
import { foldHeader } from './header-mapping.ts';
import type { HeaderMapping, SourceRow } from './rows.ts';

/**
 * One row of the contacts import → the client it names, the contact it names (its id, else its e-mail
 * within that client: unique there) and the fields it gives, without I/O. As in the clients import an
 * empty cell is "not given": a create leaves the field out (a contact's messages default to those of its
 * type), an update leaves it as it is. Types and message kinds are read in either language.
 */

/** Accepted spellings (folded) of each contact type and message kind, the API's value first. */
export const contactTypeLabels: Record<ContactType, readonly string[]> = {
  billing: ['billing', 'facturación', 'facturacion'],
  collections: ['collections', 'cobranza', 'cobranzas'],
  commercial: ['commercial', 'comercial'],
  other: ['other', 'otro', 'otros'],
};
export const messageKindLabels: Record<MessageKind, readonly string[]> = {
  invoices: ['invoices', 'facturas', 'factura'],
  payments: ['payments', 'pagos', 'pago'],
  reminders: ['reminders', 'recordatorios', 'recordatorio'],
  notices: ['notices', 'avisos', 'aviso'],
};
const byLabel = <T extends string>(labels: Record<T, readonly string[]>) =>
  new Map((Object.entries(labels) as Array<[T, readonly string[]]>).flatMap(([value, all]) => all.map((label) => [foldHeader(label), value] as const)));
const typeByLabel = byLabel(contactTypeLabels);
const kindByLabel = byLabel(messageKindLabels);
const choicesOf = <T extends string>(labels: Record<T, readonly string[]>) => ({
  es: (Object.values(labels) as Array<readonly string[]>).map((l) => `${l[0]} (${l[1]})`),
  en: Object.keys(labels),
});

/** The contact fields a row gives (parsed by the API's `ContactPatch`: e-mail lower-cased). */
export interface ContactFields {
  type?: ContactType;
  name?: string;
  email?: string;
  phone?: string;
  receives?: MessageKind[];
}

export interface ContactCandidate {
  row: number;
  client: ClientKey;
  /** The contact id cell: the row names an existing contact of the client. */
  contactId?: string;
  given: ContactFields;
  cells: ReadonlyMap<string, string>;
}

export type ContactRead = { candidate: ContactCandidate } | { issues: RowIssue[] } | { blank: true } | { noClient: true; cells: ReadonlyMap<string, string> };

/** Splits a list cell on commas, semicolons, spaces or line breaks. */
const listOf = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

export function readContactRow(mapping: HeaderMapping, source: SourceRow, lookups: { taxIdScheme: TaxIdScheme | undefined }): ContactRead {
  const { row } = source;
  if (![...mapping.columns.keys()].some((i) => !isEmptyCell(source.cells[i]))) return { blank: true };
  const cells = rowCells(mapping, source);
  const issues: RowIssue[] = [];
  const read = reader(row, cells, issues);
  const keyRead = readClientKey(row, cells, lookups.taxIdScheme);
  if ('issues' in keyRead) issues.push(...keyRead.issues);

  const given: Record<string, unknown> = {};
  const contactId = read('id', cellText, '/id');
  const typeText = read('type', cellText);
  if (typeText !== undefined) {
    const type = typeByLabel.get(foldHeader(typeText));
    if (type) given.type = type;
    else
      issues.push(
        cellIssue(row, cells, 'type', 'invalid_value', { pointer: '/type', code: 'invalid_choice', params: { choices: choicesOf(contactTypeLabels) } }),
      );
  }
  for (const key of ['name', 'email', 'phone'] as const) {
    const text = read(key, cellText);
    if (text !== undefined) given[key] = text;
  }
  const receivesText = read('receives', cellText);
  if (receivesText !== undefined) {
    const kinds = listOf(receivesText).map((label) => kindByLabel.get(foldHeader(label)));
    if (kinds.every((k) => k !== undefined)) given.receives = [...new Set(kinds)];
    else
      issues.push(
        cellIssue(row, cells, 'receives', 'invalid_value', { pointer: '/receives', code: 'invalid_choice', params: { choices: choicesOf(messageKindLabels) } }),
      );
  }

  // The API's schema checks every given field's format; a cell already refused is not refused twice.
  const parsed = ContactPatch.safeParse(given, { reportInput: true });
  if (!parsed.success) issues.push(...zodIssues(row, cells.text, parsed.error.issues, new Set(issues.map((i) => i.column))));
  if (issues.length || !parsed.success) return { issues };
  if ('none' in keyRead) return { noClient: true, cells: cells.text };
  if (!('key' in keyRead)) return { issues };
  return {
    candidate: {
      row,
      client: keyRead.key,
      ...(contactId !== undefined ? { contactId } : {}),
      given: Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined && v !== null)) as ContactFields,
      cells: cells.text,
    },
  };
}

const contactColumns = new Set(['type', 'name', 'email', 'phone', 'receives']);
function zodIssues(
  row: number,
  cells: ReadonlyMap<string, string>,
  issues: readonly import('zod').core.$ZodIssue[],
  refused = new Set<string | undefined>(),
): RowIssue[] {
  return flattenIssues(issues).flatMap((zodIssue) => {
    const first = zodIssue.path[0];
    const column = typeof first === 'string' && contactColumns.has(first) ? first : undefined;
    if (column && refused.has(column)) return [];
    // A missing enum value (the type) is as missing as a missing text.
    const code = zodIssue.input === undefined && zodIssue.code === 'invalid_value' ? 'required' : codeOfZod(zodIssue);
    return [{ row, ...(column ? { column, ...(cells.has(column) ? { value: cells.get(column)! } : {}) } : {}), code, issue: { zod: zodIssue } }];
  });
}

/** The messages a contact receives unless told: those of its type, when it has an e-mail (as `addContact`). */
const receivesOf = (fields: ContactFields) => fields.receives ?? (fields.email && fields.type ? defaultReceives[fields.type] : []);

/** A contact that receives messages needs an e-mail (`addContact`'s rule, checked here for a dry run). */
function reachable(candidate: ContactCandidate, next: ContactFields): RowIssue[] {
  if (!receivesOf(next).length || next.email) return [];
  return [
    cellIssue(candidate.row, { raw: new Map(), text: candidate.cells }, 'email', 'required', {
      pointer: '/email',
      code: 'required',
      params: { because: 'receives' },
    }),
  ];
}

/** A row that creates: `NewContact` on what it gives (type and name are required). */
export function validateContactCreate(candidate: ContactCandidate): { input: NewContact } | { issues: RowIssue[] } {
  const parsed = NewContact.safeParse(candidate.given, { reportInput: true });
  if (!parsed.success) return { issues: zodIssues(candidate.row, candidate.cells, parsed.error.issues) };
  const issues = reachable(candidate, parsed.data);
  return issues.length ? { issues } : { input: parsed.data };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * A row that updates `current`: the patch of the fields it changes (an e-mail compared as the uniqueness
 * rule compares it, the messages as a set), or `unchanged`, or why the result would be refused.
 */
export function contactPatch(candidate: ContactCandidate, current: Contact): { patch: ContactPatch } | { unchanged: true } | { issues: RowIssue[] } {
  const { given } = candidate;
  const patch: ContactPatch = {};
  if (given.type !== undefined && given.type !== current.type) patch.type = given.type;
  if (given.name !== undefined && given.name !== current.name) patch.name = given.name;
  if (given.email !== undefined && contactEmailKey(given.email) !== contactEmailKey(current.email)) patch.email = given.email;
  if (given.phone !== undefined && given.phone !== current.phone) patch.phone = given.phone;
  if (given.receives !== undefined && !sameSet(given.receives, current.receives)) patch.receives = given.receives;
  if (!Object.keys(patch).length) return { unchanged: true };
  const issues = reachable(candidate, { receives: patch.receives ?? current.receives, email: patch.email ?? current.email });
  return issues.length ? { issues } : { patch };
}
