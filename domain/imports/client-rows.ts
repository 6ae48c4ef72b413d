import type * as z from 'zod';
import { applyPatch } from '../clients/client.use-cases.ts';
import { ClientPatch, NewClient, type Client, type PersonType } from '../clients/client.schema.ts';
import { taxIdSchemes, type TaxIdScheme } from '../clients/tax-id.ts';
import { DomainError, type FieldIssue } from '../shared/errors.ts';
import { fold } from '../shared/text.ts';
import { changesNothing } from '../shared/versions.ts';
import { cellBoolean, cellInteger, cellText, type CellRead } from './cells.ts';
import { clientImportSpec, fixedAllowedValues, personTypeLabels, taxIdSchemeAliases } from './client-columns.ts';
import { bounded, foldHeader } from './header-mapping.ts';
import type { CellValue, HeaderMapping, SourceRow } from './rows.ts';

/**
 * One clients-import row → a candidate client, without I/O: cells read by the kind each field needs,
 * categories and zones by name and users by e-mail resolved through lookups loaded once per job, and
 * every given field checked with the API's own schemas (`ClientPatch` for its format, then `NewClient` or
 * the patched client's name rules once the row is known to create or update). An empty cell means "not
 * given": a create leaves the field out (its default applies), an update leaves the field as it is; a
 * cell cannot clear a field (the API's `null` does that).
 */

/** The tenant's lists a row's names resolve through (loaded once per job). */
export interface ClientLookups {
  /** Folded name (`fold`) → category. */
  categories: ReadonlyMap<string, { id: string; name: string }>;
  zones: ReadonlyMap<string, { id: string; name: string }>;
  /** Lower-case e-mail → user. */
  users: ReadonlyMap<string, { id: string; email: string; name: string; status: string }>;
  /** The scheme a tax id without a scheme cell is read in (the tenant's, plain-tax-id.ts); none when the tenant has none. */
  taxIdScheme: TaxIdScheme | undefined;
}

/**
 * Why a row or one of its cells fails, before wording: `code` is the row error's stable code, and the
 * message is worded from a field issue of the API's vocabulary (the HTTP layer's translators word them)
 * or from one of zod's issues.
 */
export interface RowIssue {
  row: number;
  /** The column's key, when one cell is at fault. */
  column?: string;
  /** The cell as text, bounded. */
  value?: string;
  code: string;
  issue: { field: FieldIssue } | { zod: z.core.$ZodIssue };
}

export interface ClientCandidate {
  row: number;
  /** The `id` cell: the row names an existing client. */
  id?: string;
  /** The fields the row gives, parsed by `ClientPatch` (tax id in canonical form, e-mails lower-cased). */
  given: ClientPatch;
  /** The same fields as read from the cells, before parsing: what `NewClient` parses for a create. */
  input: Readonly<Record<string, unknown>>;
  /** Values the row is matched on (id aside), in their unique-guard forms. */
  keys: { customId?: string; taxId?: string; email?: string };
  /** A category or zone named by the row that does not exist yet (only with `createMissingReferences`). */
  missing: { category?: string; zone?: string };
  /** Users the row names who are deactivated: a row may keep them on a client, not set them. */
  inactive: Partial<Record<'sellerId' | 'collectorId' | 'agentId', { id: string; name: string; status: string }>>;
  /** Cell text by column key, for the errors found later (matching, writing). */
  cells: ReadonlyMap<string, string>;
}

const columnKeys = new Set(clientImportSpec.columns.map((c) => c.key));
const TEXT_FIELDS = [
  'customId',
  'name',
  'firstName',
  'middleName',
  'firstSurname',
  'secondSurname',
  'legalName',
  'tradeName',
  'email',
  'phone',
  'mobile',
  'address',
  'neighbourhood',
  'city',
  'region',
  'nationalDocument',
  'observations',
] as const;
const BILLING_FIELDS = ['legalEntityId', 'taxCondition', 'invoiceType', 'tax'] as const;

const personTypeByLabel = new Map<string, PersonType>();
for (const [type, label] of Object.entries(personTypeLabels) as Array<[PersonType, (typeof personTypeLabels)[PersonType]]>) {
  for (const text of [type, label.es, label.en, ...label.aliases]) personTypeByLabel.set(foldHeader(text), type);
}
const schemeByName = new Map<string, TaxIdScheme>();
for (const scheme of taxIdSchemes) {
  for (const text of [scheme, ...taxIdSchemeAliases[scheme]]) if (!schemeByName.has(foldHeader(text))) schemeByName.set(foldHeader(text), scheme);
}

const entityOf: Record<string, 'category' | 'zone' | 'user'> = {
  categoryId: 'category',
  zoneId: 'zone',
  sellerId: 'user',
  collectorId: 'user',
  agentId: 'user',
};

/** The column a schema path points at: `taxId.value`, `billing.tax`, or the field itself (`notifyEmails.2` → `notifyEmails`). */
export function columnOfPath(path: readonly PropertyKey[]): string | undefined {
  const [first, second] = path.map(String);
  if (first === undefined) return undefined;
  if (second !== undefined && columnKeys.has(`${first}.${second}`)) return `${first}.${second}`;
  if (first === 'taxId') return 'taxId.value';
  return columnKeys.has(first) ? first : undefined;
}

/** Splits a cell of e-mails on commas, semicolons, spaces or line breaks; repeats dropped. */
const emailList = (text: string) => [
  ...new Set(
    text
      .toLowerCase()
      .split(/[\s,;]+/)
      .filter(Boolean),
  ),
];

/**
 * Reads a row: every problem of its cells at once (a cell that cannot be read, a name that matches
 * nothing, a value the API's schema refuses), or the candidate.
 */
export function readClientRow(
  mapping: HeaderMapping,
  source: SourceRow,
  lookups: ClientLookups,
  options: { createMissingReferences: boolean },
): { candidate: ClientCandidate } | { issues: RowIssue[] } {
  const { row } = source;
  const cellOf = new Map<string, CellValue>();
  const cells = new Map<string, string>();
  for (const [index, key] of mapping.columns) {
    const cell = source.cells[index];
    if (cell === undefined || cell === null) continue;
    cellOf.set(key, cell);
    const text = cellText(cell);
    if (text.given && 'value' in text) cells.set(key, bounded(text.value));
  }
  const issues: RowIssue[] = [];
  const fail = (column: string, code: string, field: FieldIssue) => issues.push({ row, column, ...cellValueOf(cells, column), code, issue: { field } });
  const read = <T>(key: string, how: (cell: CellValue | undefined) => CellRead<T>): T | undefined => {
    const result = how(cellOf.get(key));
    if (!result.given) return undefined;
    if ('error' in result) {
      fail(key, result.error, { pointer: pointerOf(key), code: result.error, params: {} });
      return undefined;
    }
    return result.value;
  };

  const given: Record<string, unknown> = {};
  const missing: ClientCandidate['missing'] = {};
  const inactive: ClientCandidate['inactive'] = {};
  const id = read('id', cellText);
  for (const key of TEXT_FIELDS) {
    const text = read(key, cellText);
    if (text !== undefined) given[key] = text;
  }
  const notify = read('notifyEmails', cellText);
  if (notify !== undefined) given.notifyEmails = emailList(notify);

  const personType = read('personType', cellText);
  if (personType !== undefined) {
    const type = personTypeByLabel.get(foldHeader(personType));
    if (type) given.personType = type;
    else fail('personType', 'invalid_value', { pointer: '/personType', code: 'invalid_choice', params: { choices: fixedChoices('personTypes') } });
  }

  const schemeText = read('taxId.scheme', cellText);
  const taxValue = read('taxId.value', cellText);
  const scheme = schemeText === undefined ? lookups.taxIdScheme : schemeByName.get(foldHeader(schemeText));
  if (schemeText !== undefined && !scheme)
    fail('taxId.scheme', 'invalid_value', { pointer: '/taxId/scheme', code: 'invalid_choice', params: { choices: fixedChoices('taxIdSchemes') } });
  else if (taxValue !== undefined && !scheme) fail('taxId.scheme', 'required', { pointer: '/taxId/scheme', code: 'tax_id_scheme_needed', params: {} });
  else if (taxValue !== undefined && scheme) given.taxId = { scheme, value: taxValue };

  for (const [key, list] of [
    ['categoryId', lookups.categories],
    ['zoneId', lookups.zones],
  ] as const) {
    const name = read(key, cellText);
    if (name === undefined) continue;
    const entry = list.get(fold(name));
    if (entry) given[key] = entry.id;
    else if (options.createMissingReferences) missing[key === 'categoryId' ? 'category' : 'zone'] = name;
    else fail(key, 'not_found', { pointer: pointerOf(key), code: 'unknown_reference', params: { entity: entityOf[key], id: name } });
  }
  for (const key of ['sellerId', 'collectorId', 'agentId'] as const) {
    const email = read(key, cellText);
    if (email === undefined) continue;
    const user = lookups.users.get(email.toLowerCase());
    if (!user) {
      fail(key, 'not_found', { pointer: pointerOf(key), code: 'unknown_reference', params: { entity: 'user', id: email } });
      continue;
    }
    given[key] = user.id;
    // A deactivated user stays on the clients they held: refused only where the row sets them anew.
    if (user.status !== 'active') inactive[key] = { id: user.id, name: user.name, status: user.status };
  }

  const terms = read('paymentTermsDays', cellInteger);
  if (terms !== undefined) given.paymentTermsDays = terms;
  const collections = read('collectionsEnabled', cellBoolean);
  if (collections !== undefined) given.collectionsEnabled = collections;
  const billing: Record<string, string> = {};
  for (const key of BILLING_FIELDS) {
    const text = read(`billing.${key}`, cellText);
    if (text !== undefined) billing[key] = text;
  }
  if (Object.keys(billing).length) given.billing = billing;

  // The API's schema checks every given field's format; a cell already refused is not refused twice.
  const parsed = ClientPatch.safeParse(given, { reportInput: true });
  if (!parsed.success) {
    const refused = new Set(issues.map((i) => i.column));
    for (const zodIssue of flattenIssues(parsed.error.issues)) {
      const column = columnOfPath(zodIssue.path);
      if (column && refused.has(column)) continue;
      issues.push({ row, ...(column ? { column, ...cellValueOf(cells, column) } : {}), code: codeOfZod(zodIssue), issue: { zod: zodIssue } });
    }
  }
  if (issues.length || !parsed.success) return { issues };
  const data = parsed.data;
  const taxId = data.taxId && typeof data.taxId === 'object' && !data.taxId.generic ? `${data.taxId.scheme}:${data.taxId.value}` : undefined;
  return {
    candidate: {
      row,
      ...(id !== undefined ? { id } : {}),
      given: data,
      input: given,
      keys: {
        ...(data.customId ? { customId: data.customId.toLowerCase() } : {}),
        ...(taxId ? { taxId } : {}),
        ...(data.email ? { email: data.email.toLowerCase() } : {}),
      },
      missing,
      inactive,
      cells,
    },
  };
}

/** A fixed list's values in both languages, for the message of a value off the list. */
const fixedChoices = (list: 'personTypes' | 'taxIdSchemes') => ({ es: fixedAllowedValues('es')[list], en: fixedAllowedValues('en')[list] });
const pointerOf = (key: string) => `/${key.replace('.', '/')}`;
const cellValueOf = (cells: ReadonlyMap<string, string>, column: string) => (cells.has(column) ? { value: cells.get(column)! } : {});

/** The row error code of a zod issue: what the person has to fix, in few words. */
export function codeOfZod(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') {
    const reason = (issue.params as { reason?: unknown } | undefined)?.reason;
    if (['empty', 'format', 'check_digit', 'date', 'province', 'type'].includes(String(reason))) return 'invalid_tax_id';
    if (reason === 'invalid_name') return (issue.params as { rule?: unknown }).rule === 'required' ? 'required' : 'not_used';
    return typeof reason === 'string' ? reason : 'invalid_format';
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  if (issue.code === 'too_big') return issue.origin === 'string' ? 'too_long' : 'out_of_range';
  if (issue.code === 'too_small') return 'out_of_range';
  if (issue.code === 'invalid_value') return 'invalid_value';
  return 'invalid_format';
}

/**
 * A union refused in every branch (`taxId`: an object or a plain string) is reported as the one branch the
 * value's type fits, so a wrong check digit reads as such (as the HTTP layer's `fieldErrors` does).
 */
export function flattenIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union') return [issue];
    const fitting = (issue.errors ?? []).filter((branch) => !(branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0));
    if (fitting.length !== 1) return [issue];
    return flattenIssues(fitting[0]!.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }) as z.core.$ZodIssue));
  });
}

/** Issues of a schema's refusal, each pointed at its column. */
function zodIssues(candidate: ClientCandidate, error: z.ZodError): RowIssue[] {
  return flattenIssues(error.issues).map((zodIssue) => {
    const column = columnOfPath(zodIssue.path);
    return { row: candidate.row, ...(column ? { column, ...cellValueOf(candidate.cells, column) } : {}), code: codeOfZod(zodIssue), issue: { zod: zodIssue } };
  });
}

/** A row that creates: `NewClient` on what it gives; the person type defaults to `other`, as in the product's form. */
export function validateCreate(candidate: ClientCandidate): { input: NewClient } | { issues: RowIssue[] } {
  const parsed = NewClient.safeParse({ personType: 'other', ...candidate.input }, { reportInput: true });
  const issues = [...(parsed.success ? [] : zodIssues(candidate, parsed.error)), ...inactiveIssues(candidate)];
  return parsed.success && !issues.length ? { input: parsed.data } : { issues };
}

/** The deactivated users a row sets (all of them on a create; on an update, those not already on the client). */
function inactiveIssues(candidate: ClientCandidate, current?: Client): RowIssue[] {
  return (Object.entries(candidate.inactive) as Array<[keyof ClientCandidate['inactive'], { id: string; name: string; status: string }]>)
    .filter(([key, user]) => current?.[key] !== user.id)
    .map(([key, user]) => ({
      row: candidate.row,
      column: key,
      ...cellValueOf(candidate.cells, key),
      code: 'not_found',
      issue: { field: { pointer: pointerOf(key), code: 'unknown_reference', params: { entity: 'user', id: user.id, name: user.name, status: user.status } } },
    }));
}

/** Fields that are client data a row can set (bookkeeping and derived fields aside). */
const DATA_FIELDS = [
  'personType',
  'name',
  'firstName',
  'middleName',
  'firstSurname',
  'secondSurname',
  'legalName',
  'tradeName',
  'email',
  'notifyEmails',
  'phone',
  'mobile',
  'address',
  'neighbourhood',
  'city',
  'region',
  'zoneId',
  'customId',
  'nationalDocument',
  'observations',
  'taxId',
  'sellerId',
  'collectorId',
  'agentId',
  'categoryId',
  'paymentTermsDays',
  'billing',
  'collectionsEnabled',
] as const;

/**
 * A row that updates `current`: the patch of the fields it changes (empty cells leave fields as they
 * are; billing cells change only their own part of the billing settings), or `unchanged`. The name rules
 * are checked on the patched client, as `updateClient` does.
 */
export function validateUpdate(candidate: ClientCandidate, current: Client): { patch: ClientPatch } | { unchanged: true } | { issues: RowIssue[] } {
  const inactive = inactiveIssues(candidate, current);
  if (inactive.length) return { issues: inactive };
  const given = { ...candidate.given };
  if (given.billing) given.billing = { ...current.billing, ...given.billing };
  let next: Client;
  try {
    next = applyPatch(current, given as Parameters<typeof applyPatch>[1]);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
    return { issues: fieldIssues(candidate, (error.details.errors ?? []) as FieldIssue[]) };
  }
  const patch: Record<string, unknown> = {};
  for (const field of DATA_FIELDS) {
    if (!changesNothing({ v: current[field] }, { v: next[field] })) patch[field] = next[field] ?? null;
  }
  return Object.keys(patch).length ? { patch: patch as ClientPatch } : { unchanged: true };
}

/** Domain field issues (pointers such as `/firstName`, `/taxId`) of one row, pointed at their columns. */
export function fieldIssues(candidate: Pick<ClientCandidate, 'row' | 'cells'>, errors: readonly FieldIssue[], codeOf = rowCodeOfField): RowIssue[] {
  return errors.map((field) => {
    const column = columnOfPath(field.pointer.split('/').slice(1));
    return { row: candidate.row, ...(column ? { column, ...cellValueOf(candidate.cells, column) } : {}), code: codeOf(field), issue: { field } };
  });
}

/** The row error code of a domain field issue. */
export function rowCodeOfField(field: FieldIssue): string {
  if (field.code === 'invalid_name') return field.params?.rule === 'required' ? 'required' : 'not_used';
  if (field.code === 'unknown_reference') return 'not_found';
  if (['empty', 'format', 'check_digit', 'date', 'province', 'type'].includes(field.code)) return 'invalid_tax_id';
  return field.code;
}
