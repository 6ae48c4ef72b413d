import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientImportSpec, fixedAllowedValues } from '../../domain/imports/client-columns.ts';
import type { ImportTypeSpec } from '../../domain/imports/rows.ts';
import { simpleImportSpecs } from '../../domain/imports/specs/index.ts';
import { importTemplatesApi, handler } from '../../functions/http/import-templates-api.handler.ts';
import type { PrefilledType } from '../../functions/wiring/templates.ts';
import { restoreNeutralized } from '../../functions/workbooks/neutralize-formula.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

/**
 * GET /v1/imports/templates/{type} (issue 10, templates): the workbook read back with exceljs — sheets,
 * headers, frozen header, dropdowns fed by the hidden lists sheet, instructions — in both languages;
 * a pre-filled type holds exactly the caller's clients; tenant text cannot become a formula.
 */
const clientsApi = (await import('../../functions/http/clients-api.handler.ts')).handler;
const deps = testDeps();

/** A clients-like spec of this test's own: the real one (client-columns.ts) is plugged in where it is wired. */
const testClientsSpec: ImportTypeSpec = {
  type: 'clients',
  sheet: { es: 'Clientes', en: 'Clients' },
  columns: [
    { key: 'id', header: { es: 'Id', en: 'Id' }, description: { es: 'El id.', en: 'The id.' }, width: 30 },
    { key: 'name', header: { es: 'Nombre', en: 'Name' }, required: 'create', description: { es: 'Nombre.', en: 'Name.' } },
    { key: 'personType', header: { es: 'Tipo de persona', en: 'Person type' }, description: { es: 'Tipo.', en: 'Type.' }, allowed: 'personTypes' },
    { key: 'category', header: { es: 'Categoría', en: 'Category' }, description: { es: 'Categoría.', en: 'Category.' }, allowed: 'categories' },
    { key: 'zone', header: { es: 'Zona', en: 'Zone' }, description: { es: 'Zona.', en: 'Zone.' }, allowed: 'zones' },
    { key: 'seller', header: { es: 'Vendedor', en: 'Seller' }, description: { es: 'E-mail del vendedor.', en: "Seller's e-mail." }, allowed: 'users' },
  ],
};
const prefilled: PrefilledType = {
  spec: testClientsSpec,
  render: (client, names) => ({
    id: client.id,
    name: client.name ?? null,
    personType: client.personType,
    category: client.categoryId ? (names.categories.get(client.categoryId) ?? null) : null,
    zone: client.zoneId ? (names.zones.get(client.zoneId) ?? null) : null,
    seller: client.sellerId ? (names.users.get(client.sellerId) ?? null) : null,
  }),
};
const prefilledHandler = importTemplatesApi({ prefilled: { clients: prefilled } });

const getTemplate = (as: TestUser, type: string, lang?: 'es' | 'en', via = handler) =>
  via(
    httpEvent({ routeKey: 'GET /v1/imports/templates/{type}', as, pathParameters: { type }, ...(lang ? { headers: { 'accept-language': lang } } : {}) }),
    contextOf('import-templates'),
  );

async function workbookOf(result: Awaited<ReturnType<typeof handler>>) {
  expect(result.statusCode, result.body).toBe(200);
  expect(result.isBase64Encoded).toBe(true);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(result.body!, 'base64') as never);
  return workbook;
}

const post = async (routeKey: string, as: TestUser, body: Record<string, unknown>) => {
  const res = await clientsApi(httpEvent({ routeKey, as, body }), contextOf('clients-api'));
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as { id: string };
};

let admin: TestUser;
let seller: TestUser;
let otherSeller: TestUser;
let noPermission: TestUser;
let foreignAdmin: TestUser;
// A Map: an object keyed by these names would answer `__proto__` with Object.prototype.
const categories = new Map<string, string>();

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  seller = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['imports.run'], email: `vendedora@${admin.tenantId}.test` });
  otherSeller = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['imports.run'] });
  noPermission = await newUser(deps, admin.tenantId, { accessLevel: 1, permissions: [] });
  for (const name of ['Mayorista', '__proto__', '=HYPERLINK("http://evil.test","x")', 'constructor']) {
    categories.set(name, (await post('POST /v1/client-categories', admin, { name, color: '#112233' })).id);
  }
  const zone = (await post('POST /v1/zones', admin, { name: 'Norte' })).id;
  await post('POST /v1/clients', admin, { personType: 'other', name: 'Alfa', sellerId: seller.id, categoryId: categories.get('__proto__'), zoneId: zone });
  await post('POST /v1/clients', admin, {
    personType: 'other',
    name: '+56 Beta',
    sellerId: seller.id,
    categoryId: categories.get('=HYPERLINK("http://evil.test","x")'),
  });
  await post('POST /v1/clients', admin, { personType: 'other', name: 'Gamma', sellerId: otherSeller.id });
  ({ admin: foreignAdmin } = await newTenant(deps));
  await post('POST /v1/clients', foreignAdmin, { personType: 'other', name: 'Ajeno' });
}, 60_000);

/** exceljs's types leave out a loaded sheet's validations, by cell address or range. */
const validationsOf = (sheet: ExcelJS.Worksheet) =>
  (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> } }).dataValidations.model;

const cellText = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : String(v)));

describe('import templates', () => {
  it.each(Object.values(simpleImportSpecs).flatMap((spec) => (['es', 'en'] as const).map((lang) => [spec!.type, lang, spec!] as const)))(
    'writes the %s template in %s: data sheet, instructions, hidden lists',
    async (type, lang, spec) => {
      const result = await getTemplate(admin, type, lang);
      expect(result.headers?.['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(result.headers?.['content-disposition']).toBe(
        `attachment; filename="${lang === 'es' ? 'plantilla' : 'template'}-${type.replaceAll('_', '-')}.xlsx"`,
      );
      const workbook = await workbookOf(result);
      const [data, instructions, lists] = workbook.worksheets;
      expect(workbook.worksheets.map((s) => s.name)).toEqual([
        spec.sheet[lang],
        lang === 'es' ? 'Instrucciones' : 'Instructions',
        lang === 'es' ? 'Listas' : 'Lists',
      ]);
      expect(lists!.state).toBe('veryHidden');

      // Header row: the spec's headers in the language, bold, frozen; the id column first.
      expect(cellText(data!.getRow(1))).toEqual(spec.columns.map((c) => c.header[lang]));
      expect(spec.columns[0]!.key).toMatch(/^(id|clientId)$/);
      expect(data!.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(data!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(data!.getColumn(1).width).toBe(spec.columns[0]!.width);

      // Instructions: a header, then one row per column (header, required, description, allowed), then the matching rule.
      const documented = spec.columns.map((_, i) => cellText(instructions!.getRow(i + 2)));
      expect(documented.map((r) => r[0])).toEqual(spec.columns.map((c) => c.header[lang]));
      expect(documented.map((r) => r[2])).toEqual(spec.columns.map((c) => c.description[lang]));
      const rest = Array.from({ length: 4 }, (_, i) => cellText(instructions!.getRow(spec.columns.length + 2 + i)).join(' ')).join(' ');
      expect(rest).toContain(lang === 'es' ? 'id propio' : 'custom id');

      // Each column with a list validates rows 2…10001 against its column of the hidden sheet.
      for (const [i, column] of spec.columns.entries()) {
        if (!column.allowed) continue;
        const letter = String.fromCharCode(65 + i);
        const validation = validationsOf(data!)[`${letter}2`] ?? validationsOf(data!)[`${letter}2:${letter}10001`];
        if (column.allowed === 'categories') {
          expect(validation?.formulae?.[0]).toMatch(new RegExp(`^'${lang === 'es' ? 'Listas' : 'Lists'}'!\\$[A-Z]\\$2:\\$[A-Z]\\$5$`));
        } else {
          expect(validation, `${column.key} has a dropdown`).toMatchObject({
            type: 'list',
            formulae: [expect.stringMatching(/^'(Listas|Lists)'!\$[A-Z]\$2:\$[A-Z]\$\d+$/)],
          });
        }
      }
    },
  );

  it('answers in Spanish by default', async () => {
    const workbook = await workbookOf(await getTemplate(admin, 'client_terms'));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Categorías y plazos', 'Instrucciones', 'Listas']);
  });

  it("fills the hidden lists with the tenant's categories, neutralizing one that starts like a formula, and `__proto__` is only a name", async () => {
    const workbook = await workbookOf(await getTemplate(admin, 'client_terms'));
    const lists = workbook.getWorksheet('Listas')!;
    const values = lists
      .getColumn(1)
      .values.slice(2)
      .map((v) => String(v));
    expect(values.sort()).toEqual(['\'=HYPERLINK("http://evil.test","x")', '__proto__', 'constructor', 'Mayorista'].sort());
    expect(cellText(lists.getRow(1))[0]).toBe('Categorías');
    expect(({} as Record<string, unknown>).Mayorista).toBeUndefined();
    // The category column's dropdown reads exactly those four.
    const column = simpleImportSpecs.client_terms!.columns.findIndex((c) => c.key === 'category') + 1;
    const letter = String.fromCharCode(64 + column);
    expect(validationsOf(workbook.worksheets[0]!)[`${letter}10001`]?.formulae).toEqual(["'Listas'!$A$2:$A$5"]);
  });

  it("pre-fills a level-4 user's template with exactly their clients, and never another tenant's", async () => {
    const workbook = await workbookOf(await getTemplate(seller, 'clients', 'es', prefilledHandler));
    const data = workbook.worksheets[0]!;
    const rows = Array.from({ length: data.rowCount - 1 }, (_, i) => cellText(data.getRow(i + 2)));
    expect(rows.map((r) => r[1]).sort()).toEqual(["'+56 Beta", 'Alfa']);
    const alfa = rows.find((r) => r[1] === 'Alfa')!;
    expect(alfa[0]).toMatch(/^[0-9A-Z]{26}$/);
    expect(alfa.slice(2)).toEqual(['other', '__proto__', 'Norte', seller.email]);
    // A formula-like category name is text behind an apostrophe, not a formula.
    const beta = data.getRow(rows.findIndex((r) => r[1] === "'+56 Beta") + 2);
    expect(beta.getCell(4).value).toBe('\'=HYPERLINK("http://evil.test","x")');
    expect(beta.getCell(4).formula).toBeUndefined();

    const all = await workbookOf(await getTemplate(admin, 'clients', 'en', prefilledHandler));
    const names = Array.from({ length: all.worksheets[0]!.rowCount - 1 }, (_, i) => cellText(all.worksheets[0]!.getRow(i + 2))[1]);
    expect(names.sort()).toEqual(["'+56 Beta", 'Alfa', 'Gamma']);
    expect(all.worksheets.map((s) => s.name)).toEqual(['Clients', 'Instructions', 'Lists']);
  });

  it('refuses a pre-filled template past its bound with 409 template_too_large, telling the user to use the export, in both languages', async () => {
    const small = importTemplatesApi({ prefilled: { clients: prefilled }, maxRows: 2 });
    const es = await getTemplate(admin, 'clients', 'es', small);
    expect(es.statusCode).toBe(409);
    expect(json(es)).toMatchObject({ code: 'invalid_state', reason: 'template_too_large', limit: 2, detail: expect.stringContaining('exportación') });
    expect(json(await getTemplate(admin, 'clients', 'en', small))).toMatchObject({ detail: expect.stringContaining('more than 2 clients') });
    // The seller sees two: within the bound.
    expect((await getTemplate(seller, 'clients', 'es', small)).statusCode).toBe(200);
  });

  it('refuses a template whose workbook would pass the response limit with 409 template_too_big, rather than a 500 from Lambda', async () => {
    const tiny = importTemplatesApi({ prefilled: { clients: prefilled }, maxBytes: 2 * 1024 });
    const result = await getTemplate(seller, 'clients', 'en', tiny);
    expect(result.statusCode).toBe(409);
    expect(json(result)).toMatchObject({ code: 'invalid_state', reason: 'template_too_big', detail: expect.stringContaining('client list export') });
  });

  it('refuses a caller without imports.run with 403, whatever their level', async () => {
    const result = await getTemplate(noPermission, 'contacts');
    expect(result.statusCode).toBe(403);
    expect(json(result)).toMatchObject({ code: 'forbidden' });
  });

  it('answers an unknown type with 400 in both languages', async () => {
    const unknown = await getTemplate(admin, 'proveedores', 'es');
    expect(unknown.statusCode).toBe(400);
    expect(json(unknown)).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/path/type' }] });
    const english = await getTemplate(admin, '__proto__', 'en');
    expect(english.statusCode).toBe(400);
    expect(json(english)).toMatchObject({ code: 'validation_failed', title: 'The request has invalid data' });
  });

  it.each(['es', 'en'] as const)(
    "pre-fills the deployed clients template (%s) with the caller's clients in the import's own columns and words",
    async (lang) => {
      const workbook = await workbookOf(await getTemplate(admin, 'clients', lang));
      const data = workbook.worksheets[0]!;
      expect(data.name).toBe(clientImportSpec.sheet[lang]);
      expect(cellText(data.getRow(1))).toEqual(clientImportSpec.columns.map((c) => c.header[lang]));
      const column = (key: string) => clientImportSpec.columns.findIndex((c) => c.key === key) + 1;
      const rows = Array.from({ length: data.rowCount - 1 }, (_, i) => data.getRow(i + 2));
      const byName = new Map(rows.map((r) => [restoreNeutralized(String(r.getCell(column('name')).value)), r]));
      // The admin's three clients, never the other tenant's; a name that starts like a formula comes back as it was.
      expect([...byName.keys()].sort()).toEqual(['+56 Beta', 'Alfa', 'Gamma']);
      expect(String(byName.get('+56 Beta')!.getCell(column('name')).value)).toBe("'+56 Beta");
      const alfa = byName.get('Alfa')!;
      expect(alfa.getCell(column('categoryId')).value).toBe('__proto__');
      expect(alfa.getCell(column('zoneId')).value).toBe('Norte');
      expect(alfa.getCell(column('sellerId')).value).toBe(seller.email);
      // The person type is written in the words of its dropdown, which the import reads back.
      expect(fixedAllowedValues(lang).personTypes).toContain(alfa.getCell(column('personType')).value);

      const seller4 = await workbookOf(await getTemplate(seller, 'clients', lang));
      expect(seller4.worksheets[0]!.rowCount).toBe(3);
    },
  );
});
