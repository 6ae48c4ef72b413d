import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import type { ExportJob } from '../../domain/exports/export-job.schema.ts';
import { exportEmailId } from '../../domain/exports/export-messages.ts';
import { MAX_EXPORT_ATTEMPTS, runExport } from '../../domain/exports/run-exports.use-case.ts';
import { dynamoClientBalances } from '../../functions/adapters/dynamodb/client-balances.reader.ts';
import { exportFiles } from '../../functions/wiring/export-files.ts';
import { noteExportReads } from '../../functions/wiring/note-export.ts';
import { s3Client } from '../../functions/adapters/aws-clients.ts';
import { readConfig } from '../../functions/config.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { inboxOf } from '../support/ses-inbox.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const { handler: exportsApi } = await import('../../functions/http/exports-api.handler.ts');
const { handler: runner } = await import('../../functions/schedule/export-runner.handler.ts');
const { handler: dispatcher } = await import('../../functions/schedule/outbox-dispatcher.handler.ts');
const { handler: receivablesApi } = await import('../../functions/http/receivables-api.handler.ts');

const deps = testDeps();
const config = readConfig();
const scheduled = () => ({ time: new Date().toISOString() }) as never;
const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });

const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  exportsApi(httpEvent({ routeKey, as, ...extra }), contextOf('exports-api'));
const requestExport = async (as: TestUser, body: Record<string, unknown>, lang = 'es') => {
  const result = await call('POST /v1/exports', as, { body, headers: { 'accept-language': lang } });
  expect(result.statusCode).toBe(202);
  return json(result) as { id: string; status: string };
};
const getExport = (as: TestUser, exportId: string, lang = 'es') =>
  call('GET /v1/exports/{exportId}', as, { pathParameters: { exportId }, headers: { 'accept-language': lang } });

/** The first sheet of the export's file, through the link GET /v1/exports/{id} hands out: headers and rows. */
async function readExport(as: TestUser, exportId: string) {
  const view = json(await getExport(as, exportId));
  expect(view.status).toBe('completed');
  const file = await fetch(view.download.url);
  expect(file.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await file.arrayBuffer()) as never);
  const sheet = workbook.worksheets[0]!;
  const values: unknown[][] = [];
  sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
  const [headers, ...rows] = values as [string[], ...unknown[][]];
  return { view, sheet: sheet.name, headers, rows, column: (name: string) => rows.map((r) => r[headers.indexOf(name)]) };
}

/**
 * Runs the export runner until the job has ended (at most 5 runs). Level-triggered, a run takes at most 10
 * due jobs, oldest first: other test files queue exports too, so one run may not reach this one.
 */
async function runUntilEnded(tenantId: string, id: string) {
  for (let run = 0; run < 5; run++) {
    await runner(scheduled());
    const job = await storedJob(tenantId, id);
    if (job.status === 'completed' || job.status === 'failed') return job;
  }
  return storedJob(tenantId, id);
}

const storedJob = async (tenantId: string, id: string) => (await deps.exportJobs.get(tenantId, id)) as ExportJob;
const emailsOf = async (tenantId: string) => (await deps.data.entities.outboundEmail.query.byId({ tenantId }).go({ pages: 'all' })).data;

let admin: TestUser;
let seller: TestUser;
let categoryId: string;
let injected: string;

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  seller = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['exports.run', 'invoices.manage'], name: 'Sofía Vendedora' } as never);
  categoryId = (await createCatalogEntry(deps)(actorOf(admin), 'category', { name: 'Mayorista' })).id;
  const zoneId = (await createCatalogEntry(deps)(actorOf(admin), 'zone', { name: 'Zona Sur' })).id;
  const create = (input: Record<string, unknown>) => createClient(deps)(actorOf(admin), NewClient.parse(input));
  await create({
    personType: 'other',
    name: 'Ferretería Sur',
    email: 'compras@ferreteria.test',
    phone: '22 123 4567',
    city: 'Temuco',
    categoryId,
    zoneId,
    sellerId: seller.id,
    taxId: { scheme: 'CL_RUT', value: '76.086.428-5' },
    billing: { invoiceType: 'Factura electrónica', taxCondition: 'Afecto' },
  });
  await create({ personType: 'other', name: 'Panadería Norte', city: 'Osorno' });
  injected = (await create({ personType: 'other', name: '=HYPERLINK("http://evil.test","Clic")', observations: '+56 cmd|/c calc', sellerId: seller.id })).id;
  await create({ personType: 'other', name: 'Almacén Centro', categoryId });
});

describe('client export', () => {
  it('streams every client of the tenant, with Spanish headers, names instead of ids and unpaid invoices, and e-mails the link once', async () => {
    // Prepare
    const invoice = await receivablesApi(
      httpEvent({
        routeKey: 'POST /v1/invoices',
        as: admin,
        body: {
          clientId: (await deps.clients.findBy(admin.tenantId, 'email', 'compras@ferreteria.test'))!.id,
          status: 'issued',
          issueDate: '2025-01-10',
          dueDate: '2025-02-09',
          lines: [{ description: 'Cemento', quantity: '2', unitPrice: '15000', taxRate: '0' }],
        },
      }),
      contextOf('receivables-api'),
    );
    expect(invoice.statusCode).toBe(201);

    // Act
    const asked = await requestExport(admin, { type: 'clients' });
    await runUntilEnded(admin.tenantId, asked.id);
    const { view, sheet, headers, rows, column } = await readExport(admin, asked.id);

    // Assess
    expect(asked.status).toBe('pending');
    expect(view).toMatchObject({ type: 'clients', status: 'completed', rowsWritten: 4, language: 'es' });
    expect(view.download.expiresAt > new Date().toISOString()).toBe(true);
    expect(sheet).toBe('Clientes');
    expect(headers.slice(0, 4)).toEqual(['ID cliente', 'Nombre', 'Observaciones', 'E-mail']);
    expect(headers).toContain('Balance de facturas impagas');
    expect(rows).toHaveLength(4);
    const ferreteria = rows.find((r) => r[1] === 'Ferretería Sur')!;
    const cell = (name: string) => ferreteria[headers.indexOf(name)];
    expect(cell('Zona')).toBe('Zona Sur');
    expect(cell('Categoría')).toBe('Mayorista');
    expect(cell('Vendedor')).toBe('Sofía Vendedora');
    expect(cell('Número de identificación tributaria')).toBe('76.086.428-5');
    expect(cell('Facturación habilitada')).toBe('Sí');
    expect(cell('Tipo de factura')).toBe('Factura electrónica');
    expect(cell('Número de facturas impagas')).toBe(1);
    expect(cell('Balance de facturas impagas')).toBe(30_000);
    expect(column('Categoría')).toContain('Sin info');

    const mail = (await emailsOf(admin.tenantId)).filter((e) => e.kind === 'export.completed');
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ id: exportEmailId(asked.id), to: [admin.email] });
    await dispatcher(scheduled());
    const inbox = (await inboxOf(admin.email)).filter((e) => e.subject.includes('exportación'));
    expect(inbox).toHaveLength(1);
    const link = /(http:\/\/\S+)/.exec(inbox[0]!.body.text ?? '')?.[1];
    expect(link).toContain(`exports/${admin.tenantId}/${asked.id}.xlsx`);
    expect((await fetch(link!)).status).toBe(200);
  });

  it('writes English headers and the English e-mail for Accept-Language: en', async () => {
    const asked = await requestExport(admin, { type: 'clients', filter: { name: 'panaderia' } }, 'en');
    await runUntilEnded(admin.tenantId, asked.id);
    const { sheet, headers, rows } = await readExport(admin, asked.id);
    expect(sheet).toBe('Clients');
    expect(headers.slice(0, 3)).toEqual(['Client ID', 'Name', 'Notes']);
    expect(rows.map((r) => r[1])).toEqual(['Panadería Norte']);
    expect(rows[0]![headers.indexOf('Category')]).toBe('Uncategorized');
    const mail = (await emailsOf(admin.tenantId)).find((e) => e.id === exportEmailId(asked.id))!;
    expect(mail.subject).toBe('Your export is ready: the client list');
  });

  it('holds only what the filter and the caller’s scope name', async () => {
    const byCategory = await requestExport(admin, { type: 'clients', filter: { categoryId } });
    const own = await requestExport(seller, { type: 'clients' });
    await runUntilEnded(admin.tenantId, byCategory.id);
    await runUntilEnded(admin.tenantId, own.id);
    expect((await readExport(admin, byCategory.id)).column('Nombre').sort()).toEqual(['Almacén Centro', 'Ferretería Sur']);
    expect((await readExport(seller, own.id)).rows).toHaveLength(2);
    expect((await readExport(seller, own.id)).column('Vendedor')).toEqual(['Sofía Vendedora', 'Sofía Vendedora']);
  });

  it('neutralizes cells that a spreadsheet would take for a formula', async () => {
    const asked = await requestExport(admin, { type: 'clients' });
    await runUntilEnded(admin.tenantId, asked.id);
    const { rows, headers } = await readExport(admin, asked.id);
    const row = rows.find((r) => r[0] === injected)!;
    expect(row[headers.indexOf('Nombre')]).toBe(`'=HYPERLINK("http://evil.test","Clic")`);
    expect(row[headers.indexOf('Observaciones')]).toBe(`'+56 cmd|/c calc`);
    expect(rows.find((r) => r[1] === 'Panadería Norte')![headers.indexOf('Nombre')]).toBe('Panadería Norte');
    // Stored as text, never as a formula cell.
    expect(rows.flat().some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
  });

  it("answers 404 for another tenant's export and for another user's, and 403 without exports.run", async () => {
    const asked = await requestExport(admin, { type: 'clients' });
    const { admin: stranger } = await newTenant(deps);
    const noRight = await newUser(deps, admin.tenantId, { accessLevel: 1, permissions: [] });
    expect((await getExport(stranger, asked.id)).statusCode).toBe(404);
    expect((await getExport(seller, asked.id)).statusCode).toBe(404);
    expect((await call('POST /v1/exports', noRight, { body: { type: 'clients' } })).statusCode).toBe(403);
    const list = json(await call('GET /v1/exports', stranger));
    expect(list.items).toEqual([]);
    const mine = json(await call('GET /v1/exports', admin, { query: { limit: '2' } }));
    expect(mine.items).toHaveLength(2);
    expect(mine.items[0].id).toBe(asked.id);
    expect(mine.cursor).toBeDefined();
  });

  it('refuses an unknown type and filter with 400 naming the field', async () => {
    const bad = await call('POST /v1/exports', admin, { body: { type: 'invoices', filter: { colour: 'red' } } });
    expect(bad.statusCode).toBe(400);
    const pointers = json(bad).errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/type', '/body/filter/colour']));
  });
});

describe('exactly once', () => {
  it('gives one file and one e-mail when two runners drain the same job at once, and nothing on a later drain', async () => {
    const { admin: owner } = await newTenant(deps);
    await createClient(deps)(actorOf(owner), NewClient.parse({ personType: 'other', name: 'Único' }));
    const asked = await requestExport(owner, { type: 'clients' });

    // Other test files may queue exports too: what is asserted is this job's, not the runs' counts.
    for (let run = 0; run < 5 && (await storedJob(owner.tenantId, asked.id)).status === 'pending'; run++) {
      await Promise.all([runner(scheduled()), runner(scheduled())]);
    }
    const done = await storedJob(owner.tenantId, asked.id);
    await runner(scheduled());

    expect(done).toMatchObject({ status: 'completed', attempts: 1, rowsWritten: 1 });
    expect(await storedJob(owner.tenantId, asked.id)).toEqual(done);
    const mail = await emailsOf(owner.tenantId);
    expect(mail.map((e) => e.id)).toEqual([exportEmailId(asked.id)]);
    const objects = await s3Client(config).send(new ListObjectsV2Command({ Bucket: config.uploadsBucket, Prefix: `exports/${owner.tenantId}/` }));
    expect(objects.Contents?.map((o) => o.Key)).toEqual([`exports/${owner.tenantId}/${asked.id}.xlsx`]);
  });

  it('lets exactly one of two runners holding the same due job claim it: the other is told it lost', async () => {
    const { admin: owner } = await newTenant(deps);
    await createClient(deps)(actorOf(owner), NewClient.parse({ personType: 'other', name: 'Carrera' }));
    const asked = await requestExport(owner, { type: 'clients' });
    const run = runExport({
      jobs: deps.exportJobs,
      files: exportFiles(config, deps.clock),
      clients: deps.clients,
      catalogs: deps.catalogs,
      users: deps.users,
      tenants: deps.tenants,
      balances: dynamoClientBalances(deps.document, config.tableName),
      noteExport: noteExportReads(deps),
      clock: deps.clock,
      leaseMs: 60_000,
      defaultSender: 'no-reply@cobranza.local',
    });
    const due = await storedJob(owner.tenantId, asked.id);

    const outcomes = await Promise.all([run(due), run(due)]);

    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['completed', 'lost']);
    expect((await emailsOf(owner.tenantId)).map((e) => e.id)).toEqual([exportEmailId(asked.id)]);
  });

  it('retakes a job whose runner crashed once its lease ran out, and ends one that crashed too often as failed, with the reason', async () => {
    const { admin: owner } = await newTenant(deps);
    await createClient(deps)(actorOf(owner), NewClient.parse({ personType: 'other', name: 'Reintento' }));
    const crashed = await requestExport(owner, { type: 'clients' });
    const doomed = await requestExport(owner, { type: 'clients' }, 'en');
    const past = new Date(Date.now() - 60_000).toISOString();
    for (const [id, attempts] of [
      [crashed.id, 1],
      [doomed.id, MAX_EXPORT_ATTEMPTS],
    ] as const) {
      const job = await storedJob(owner.tenantId, id);
      expect(await deps.exportJobs.transition({ ...job, status: 'running', attempts, leaseUntil: past, version: job.version + 1 }, job)).toBe(true);
    }

    await runUntilEnded(owner.tenantId, crashed.id);
    await runUntilEnded(owner.tenantId, doomed.id);

    expect(await storedJob(owner.tenantId, crashed.id)).toMatchObject({ status: 'completed', attempts: 2, rowsWritten: 1 });
    const failed = json(await getExport(owner, doomed.id, 'en'));
    expect(failed).toMatchObject({ status: 'failed', failure: { code: 'attempts_exhausted', message: expect.stringContaining('interrupted') } });
    expect(failed.download).toBeUndefined();
    const failureMail = (await emailsOf(owner.tenantId)).find((e) => e.id === exportEmailId(doomed.id));
    expect(failureMail).toMatchObject({ kind: 'export.failed', subject: 'Your export could not be completed: the client list' });
  });

  it('leaves a running job with a live lease alone', async () => {
    const { admin: owner } = await newTenant(deps);
    const asked = await requestExport(owner, { type: 'clients' });
    const job = await storedJob(owner.tenantId, asked.id);
    const future = new Date(Date.now() + 600_000).toISOString();
    await deps.exportJobs.transition({ ...job, status: 'running', attempts: 1, leaseUntil: future, version: job.version + 1 }, job);
    await runner(scheduled());
    expect((await storedJob(owner.tenantId, asked.id)).status).toBe('running');
  });
});

describe('mora report', () => {
  it("lists each delinquent client's overdue balance in the tenant's buckets, summing to the ageing route's figures", async () => {
    // Prepare: a small book, long overdue whatever day the suite runs, plus one not yet due.
    const { admin: owner } = await newTenant(deps);
    const category = (await createCatalogEntry(deps)(actorOf(owner), 'category', { name: 'Minorista' })).id;
    const create = (input: Record<string, unknown>) => createClient(deps)(actorOf(owner), NewClient.parse(input));
    const a = await create({ personType: 'other', name: 'Cliente A', categoryId: category });
    const b = await create({ personType: 'other', name: 'Cliente B' });
    await create({ personType: 'other', name: 'Cliente al día' });
    const today = new Date();
    const daysAgo = (n: number) => new Date(today.getTime() - n * 86_400_000).toISOString().slice(0, 10);
    const invoices = [
      { clientId: a.id, amount: 100_000, issueDate: daysAgo(400), dueDate: daysAgo(370) },
      { clientId: a.id, amount: 20_000, issueDate: daysAgo(60), dueDate: daysAgo(45) },
      { clientId: a.id, amount: 40_000, issueDate: daysAgo(1), dueDate: '2099-01-01' },
      { clientId: b.id, amount: 7_000, issueDate: daysAgo(20), dueDate: daysAgo(10) },
    ];
    for (const i of invoices) {
      const created = await receivablesApi(
        httpEvent({
          routeKey: 'POST /v1/invoices',
          as: owner,
          body: {
            clientId: i.clientId,
            status: 'issued',
            issueDate: i.issueDate,
            dueDate: i.dueDate,
            lines: [{ description: 'x', quantity: '1', unitPrice: String(i.amount), taxRate: '0' }],
          },
        }),
        contextOf('receivables-api'),
      );
      expect(created.statusCode).toBe(201);
    }

    // Act
    const asked = await requestExport(owner, { type: 'delinquency', filter: { status: 'all' } });
    await runUntilEnded(owner.tenantId, asked.id);
    const { sheet, headers, rows, column } = await readExport(owner, asked.id);
    const ageing = json(
      await receivablesApi(httpEvent({ routeKey: 'GET /v1/receivables/ageing', as: owner, query: { basis: 'due' } }), contextOf('receivables-api')),
    );

    // Assess
    expect(sheet).toBe('Mora');
    expect(column('Nombre').sort()).toEqual(['Cliente A', 'Cliente B']);
    const bucketHeaders = headers.filter((h) => /días$/.test(h) && h !== 'Días de atraso (más antigua)');
    expect(bucketHeaders).toEqual(['1–30 días', '31–60 días', '61–90 días', '91–120 días', 'Más de 120 días']);
    const sums = bucketHeaders.map((h) => column(h).reduce((s: number, v) => s + (v as number), 0));
    expect(sums).toEqual(ageing.overall.buckets.map((bucket: { amount: number }) => bucket.amount));
    expect(sums).toEqual([7_000, 20_000, 0, 0, 100_000]);
    const rowA = rows.find((r) => r[1] === 'Cliente A')!;
    expect(rowA[headers.indexOf('Categoría')]).toBe('Minorista');
    expect(rowA[headers.indexOf('Por vencer')]).toBe(40_000);
    expect(rowA[headers.indexOf('Vencido')]).toBe(120_000);
    expect(rowA[headers.indexOf('Facturas vencidas')]).toBe(2);
    expect(rowA[headers.indexOf('Días de atraso (más antigua)')]).toBeGreaterThanOrEqual(369);
  });
});
