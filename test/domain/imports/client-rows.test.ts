import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayName, NewClient, type Client } from '../../../domain/clients/client.schema.ts';
import { parseTaxId } from '../../../domain/clients/tax-id.ts';
import { clientImportSpec, clientTemplateRow, type ClientRowNames } from '../../../domain/imports/client-columns.ts';
import { readClientRow, validateCreate, validateUpdate, type ClientCandidate, type ClientLookups, type RowIssue } from '../../../domain/imports/client-rows.ts';
import type { CellValue, HeaderMapping } from '../../../domain/imports/rows.ts';
import { fold } from '../../../domain/shared/text.ts';

/** Every column of the spec, in its order: the template's header row. */
const keys = clientImportSpec.columns.map((c) => c.key);
const mapping: HeaderMapping = { columns: new Map(keys.map((k, i) => [i, k])), ignored: [] };
const cellsOf = (values: Record<string, CellValue>) => keys.map((k) => values[k] ?? null);

const lookups: ClientLookups = {
  categories: new Map([[fold('Mayorista'), { id: 'cat-1', name: 'Mayorista' }]]),
  zones: new Map([[fold('Norte'), { id: 'zone-1', name: 'Norte' }]]),
  users: new Map([
    ['marta@demo.cl', { id: 'u-marta', email: 'marta@demo.cl', name: 'Marta', status: 'active' }],
    ['ex@demo.cl', { id: 'u-ex', email: 'ex@demo.cl', name: 'Ex Vendedor', status: 'inactive' }],
  ]),
  taxIdScheme: 'CL_RUT',
};
const names: ClientRowNames = {
  categories: new Map([['cat-1', 'Mayorista']]),
  zones: new Map([['zone-1', 'Norte']]),
  users: new Map([['u-marta', 'marta@demo.cl']]),
};

function read(values: Record<string, CellValue>, createMissingReferences = false): ClientCandidate {
  const result = readClientRow(mapping, { row: 7, cells: cellsOf(values) }, lookups, { createMissingReferences });
  if (!('candidate' in result)) throw new Error(`refused: ${JSON.stringify(result.issues)}`);
  return result.candidate;
}
function issues(values: Record<string, CellValue>): RowIssue[] {
  const result = readClientRow(mapping, { row: 7, cells: cellsOf(values) }, lookups, { createMissingReferences: false });
  if (!('issues' in result)) throw new Error('accepted');
  return result.issues;
}
const fieldCode = (issue: RowIssue) => ('field' in issue.issue ? issue.issue.field.code : issue.issue.zod.code);

/** A client record as `createClient` would store this input. */
function clientOf(input: NewClient, extra: Partial<Client> = {}): Client {
  return {
    ...input,
    id: '01JCLIENT0000000000000000',
    tenantId: 't-1',
    displayName: displayName(input),
    notifyEmails: [...new Set(input.notifyEmails ?? [])],
    collectionsEnabled: input.collectionsEnabled ?? true,
    status: 'active',
    provenance: { source: 'api' },
    version: 3,
    createdAt: '2024-01-01T00:00:00.000Z',
    createdBy: 'u-1',
    updatedAt: '2024-01-01T00:00:00.000Z',
    updatedBy: 'u-1',
    ...extra,
  } as Client;
}

// Generators of what people write in each field (the schema's own limits and safe characters).
const word = fc.stringMatching(/^[A-Za-zÁÉÍÓÚáéíóúÑñÜü0-9][A-Za-zÁÉÍÓÚáéíóúÑñÜü0-9 .,'&/-]{0,30}[A-Za-zÁÉÍÓÚáéíóúÑñÜü0-9.]$/);
const email = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,8}(\.[a-z0-9]{1,5})?$/), fc.constantFrom('demo.cl', 'mail.com', 'andes.com.ar'))
  .map(([local, domain]) => `${local}@${domain}`);
const rut = fc.integer({ min: 1_000_000, max: 99_999_999 }).map((body) => {
  for (const digit of '0123456789K') {
    const parsed = parseTaxId('CL_RUT', `${body}-${digit}`);
    if (parsed.ok) return `${body}-${digit}`;
  }
  throw new Error('no check digit');
});
const names_ = {
  other: fc.record({ name: word }),
  natural: fc.record({ firstName: word, middleName: word, firstSurname: word, secondSurname: word }, { requiredKeys: ['firstName', 'firstSurname'] }),
  legal: fc.record({ legalName: word, tradeName: word }, { requiredKeys: ['legalName'] }),
};
const personAndNames = fc.oneof(
  names_.other.map((n) => ({ personType: 'other' as const, ...n })),
  names_.natural.map((n) => ({ personType: 'natural' as const, ...n })),
  names_.legal.map((n) => ({ personType: 'legal' as const, ...n })),
);
const optionalFields = fc.record(
  {
    customId: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,10}$/),
    email,
    notifyEmails: fc.uniqueArray(email, { minLength: 1, maxLength: 3 }),
    phone: fc.stringMatching(/^\+?[0-9][0-9 ]{5,14}[0-9]$/),
    mobile: fc.stringMatching(/^[0-9]{8,11}$/),
    address: word,
    neighbourhood: word,
    city: word,
    region: word,
    zoneId: fc.constant('zone-1'),
    nationalDocument: fc.stringMatching(/^[0-9]{6,10}$/),
    observations: fc.tuple(word, word).map(([a, b]) => `${a}\n${b}`),
    taxId: rut.map((value) => ({ scheme: 'CL_RUT', value })),
    sellerId: fc.constant('u-marta'),
    collectorId: fc.constant('u-marta'),
    categoryId: fc.constant('cat-1'),
    paymentTermsDays: fc.integer({ min: 0, max: 365 }),
    billing: fc.record({ legalEntityId: word, taxCondition: word, invoiceType: word, tax: word }, { requiredKeys: ['tax'] }),
    collectionsEnabled: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('a client as a template row and back', () => {
  it('reads the row of a client as the same client: a create gives its input, an update changes nothing', () => {
    fc.assert(
      fc.property(personAndNames, optionalFields, fc.constantFrom('es', 'en'), (person, optional, lang) => {
        const input = NewClient.parse({ ...person, ...optional });
        const client = clientOf(input);
        const row = clientTemplateRow(client, names, lang as 'es' | 'en');
        const { id, ...withoutId } = row;
        expect(id).toBe(client.id);
        const created = validateCreate(read(withoutId));
        expect(created).toEqual({ input: { collectionsEnabled: client.collectionsEnabled, ...input } });
        const candidate = read(row);
        expect(candidate.id).toBe(client.id);
        expect(validateUpdate(candidate, client)).toEqual({ unchanged: true });
      }),
      { numRuns: 200 },
    );
  });

  it('quotes numbers typed into text columns as digits: phones, tax ids and custom ids', () => {
    const candidate = read({ name: 'Ferretería Sur', phone: 56223456789, customId: 1024, 'taxId.value': 123456785 });
    expect(candidate.given).toMatchObject({ phone: '56223456789', customId: '1024', taxId: { scheme: 'CL_RUT', value: '12345678-5' } });
    expect(candidate.keys).toEqual({ customId: '1024', taxId: 'CL_RUT:12345678-5' });
  });
});

describe('reading a row', () => {
  it('refuses a tax id whose check digit is wrong, on its column, with the digit that fits', () => {
    const [issue, ...rest] = issues({ name: 'Uno', 'taxId.value': '12.345.678-9' });
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ row: 7, column: 'taxId.value', value: '12.345.678-9', code: 'invalid_tax_id' });
    expect(issue!.issue).toMatchObject({ zod: { params: { reason: 'check_digit', checkDigit: '5', scheme: 'CL_RUT' } } });
  });

  it('reads the scheme by code or by name, and refuses one it does not know', () => {
    expect(read({ name: 'Uno', 'taxId.scheme': 'cuit', 'taxId.value': '20-12345678-6' }).keys.taxId).toBe('AR_CUIT:20-12345678-6');
    expect(issues({ name: 'Uno', 'taxId.scheme': 'DNI', 'taxId.value': '1' })).toEqual([
      expect.objectContaining({ column: 'taxId.scheme', code: 'invalid_value' }),
    ]);
  });

  it('asks for the scheme when the tenant has none of its own', () => {
    const result = readClientRow(
      mapping,
      { row: 2, cells: cellsOf({ name: 'Uno', 'taxId.value': 'X1' }) },
      { ...lookups, taxIdScheme: undefined },
      { createMissingReferences: false },
    );
    expect(result).toEqual({ issues: [expect.objectContaining({ column: 'taxId.scheme', code: 'required' })] });
  });

  it('resolves categories and zones by folded name and users by e-mail; unknown ones fail as not found', () => {
    expect(read({ name: 'Uno', categoryId: ' MAYORISTA ', zoneId: 'norte', sellerId: 'Marta@Demo.cl' }).given).toMatchObject({
      categoryId: 'cat-1',
      zoneId: 'zone-1',
      sellerId: 'u-marta',
    });
    const found = issues({ name: 'Uno', categoryId: 'Minorista', collectorId: 'nadie@demo.cl' });
    expect(found.map((i) => [i.column, i.code, fieldCode(i)])).toEqual([
      ['categoryId', 'not_found', 'unknown_reference'],
      ['collectorId', 'not_found', 'unknown_reference'],
    ]);
  });

  it('keeps a deactivated user a client already has, and refuses setting one anew', () => {
    const candidate = read({ name: 'Uno', agentId: 'ex@demo.cl' });
    const created = validateCreate(candidate);
    expect('issues' in created && created.issues).toEqual([
      expect.objectContaining({
        column: 'agentId',
        code: 'not_found',
        issue: { field: expect.objectContaining({ params: expect.objectContaining({ status: 'inactive', name: 'Ex Vendedor' }) }) },
      }),
    ]);
    const holding = clientOf(NewClient.parse({ personType: 'other', name: 'Uno', agentId: 'u-ex' }));
    expect(validateUpdate(candidate, holding)).toEqual({ unchanged: true });
    expect(validateUpdate(candidate, clientOf(NewClient.parse({ personType: 'other', name: 'Uno' })))).toEqual({
      issues: [expect.objectContaining({ column: 'agentId', code: 'not_found' })],
    });
  });

  it('names a missing category or zone to create when the job says so', () => {
    const candidate = read({ name: 'Uno', categoryId: 'Minorista', zoneId: 'Sur' }, true);
    expect(candidate.missing).toEqual({ category: 'Minorista', zone: 'Sur' });
    expect(candidate.given.categoryId).toBeUndefined();
  });

  it('reports a formula without a value, a bad yes/no and a bad number on their columns, with every other problem of the row', () => {
    const found = issues({ name: { formulaWithoutValue: 'B2&C2' }, collectionsEnabled: 'quizás', paymentTermsDays: 'treinta', email: 'no-es-mail' });
    expect(found.map((i) => [i.column, i.code])).toEqual([
      ['name', 'formula_without_value'],
      ['paymentTermsDays', 'invalid_number'],
      ['collectionsEnabled', 'invalid_boolean'],
      ['email', 'invalid_format'],
    ]);
  });

  it('lets the schema bound values: 366 days of terms is too many', () => {
    expect(issues({ name: 'Uno', paymentTermsDays: 366 })).toEqual([
      expect.objectContaining({ column: 'paymentTermsDays', code: 'out_of_range', value: '366' }),
    ]);
  });

  it('splits notification e-mails on commas, semicolons and line breaks', () => {
    expect(read({ name: 'Uno', notifyEmails: 'a@x.cl; b@x.cl,\nA@x.cl  c@x.cl' }).given.notifyEmails).toEqual(['a@x.cl', 'b@x.cl', 'c@x.cl']);
  });
});

describe('validating a row against the record it creates or updates', () => {
  it('requires the names of the person type on a create, which defaults to Otro', () => {
    const created = validateCreate(read({ email: 'sin-nombre@x.cl' }));
    expect(created).toEqual({ issues: [expect.objectContaining({ column: 'name', code: 'required' })] });
    const natural = validateCreate(read({ personType: 'Persona natural', firstName: 'Ana', name: 'Ana Pérez' }));
    expect('issues' in natural && natural.issues.map((i) => [i.column, i.code])).toEqual([
      ['firstSurname', 'required'],
      ['name', 'not_used'],
    ]);
  });

  it('leaves fields of empty cells as they are and changes only the billing part a cell gives', () => {
    const client = clientOf(NewClient.parse({ personType: 'other', name: 'Uno', phone: '123', billing: { tax: 'IVA', invoiceType: 'A' } }));
    expect(validateUpdate(read({ id: client.id, city: 'Talca', 'billing.tax': 'Exento' }), client)).toEqual({
      patch: { city: 'Talca', billing: { tax: 'Exento', invoiceType: 'A' } },
    });
  });

  it('drops the names a new person type does not use, and checks the names it needs', () => {
    const client = clientOf(NewClient.parse({ personType: 'other', name: 'Ana Pérez' }));
    expect(validateUpdate(read({ personType: 'natural', firstName: 'Ana', firstSurname: 'Pérez' }), client)).toEqual({
      patch: { personType: 'natural', name: null, firstName: 'Ana', firstSurname: 'Pérez' },
    });
    const missing = validateUpdate(read({ personType: 'legal' }), client);
    expect(missing).toEqual({ issues: [expect.objectContaining({ column: 'legalName', code: 'required' })] });
  });
});
