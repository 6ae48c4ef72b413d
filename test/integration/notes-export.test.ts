import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportJob } from '../../domain/exports/export-job.schema.ts';
import { exportEmailId } from '../../domain/exports/export-messages.ts';
import { runExport } from '../../domain/exports/run-exports.use-case.ts';
import { s3Client } from '../../functions/adapters/aws-clients.ts';
import { dynamoClientBalances } from '../../functions/adapters/dynamodb/client-balances.reader.ts';
import { readConfig } from '../../functions/config.ts';
import { exportFiles } from '../../functions/wiring/export-files.ts';
import { noteExportReads } from '../../functions/wiring/note-export.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { inboxOf } from '../support/ses-inbox.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

/**
 * The notes report as an Excel file (issue 12) on DynamoDB Local, s3rver and the SES emulator: asked through
 * exports-api, written by the export runner, read back with exceljs and compared with what `GET /v1/notes`
 * (clients-api) shows the same caller with the same filters, at every level.
 */
const { handler: exportsApi } = await import('../../functions/http/exports-api.handler.ts');
const { handler: clientsApi } = await import('../../functions/http/clients-api.handler.ts');
const { handler: runner } = await import('../../functions/schedule/export-runner.handler.ts');
const { handler: dispatcher } = await import('../../functions/schedule/outbox-dispatcher.handler.ts');

const deps = testDeps();
const config = readConfig();
const scheduled = () => ({ time: new Date().toISOString() }) as never;
const stamp = () => {
  const at = new Date().toISOString();
  return { version: 1, createdAt: at, updatedAt: at };
};

type Call = Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'>;
const exportsCall = (routeKey: string, as: TestUser, extra: Call = {}) => exportsApi(httpEvent({ routeKey, as, ...extra }), contextOf('exports-api'));
const clientsCall = (routeKey: string, as: TestUser, extra: Call = {}) => clientsApi(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));

async function askNotes(as: TestUser, filter: Record<string, unknown> = {}, lang = 'es') {
  const res = await exportsCall('POST /v1/notes/report/exports', as, { body: filter, headers: { 'accept-language': lang } });
  expect(res.statusCode, res.body).toBe(202);
  return json(res) as { id: string; type: string; status: string };
}

const storedJob = async (tenantId: string, id: string) => (await deps.exportJobs.get(tenantId, id)) as ExportJob;

/** The runner until the job ends (other files queue exports too: a run takes 10 due jobs, oldest first). */
async function runUntilEnded(tenantId: string, id: string) {
  for (let run = 0; run < 5; run++) {
    await runner(scheduled());
    const job = await storedJob(tenantId, id);
    if (job.status === 'completed' || job.status === 'failed') return job;
  }
  return storedJob(tenantId, id);
}

/** Reads a workbook from a link: sheet name, headers and rows (cells as exceljs reads them). */
async function workbookAt(url: string) {
  const file = await fetch(url);
  expect(file.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await file.arrayBuffer()) as never);
  const sheet = workbook.worksheets[0]!;
  const values: unknown[][] = [];
  sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
  const [headers, ...rows] = values as [string[], ...unknown[][]];
  return { sheets: workbook.worksheets.length, sheet: sheet.name, headers, rows, column: (name: string) => rows.map((r) => r[headers.indexOf(name)] ?? null) };
}

/** Asks, runs and reads back the notes export of `as`. */
async function exportNotes(as: TestUser, filter: Record<string, unknown> = {}, lang = 'es') {
  const asked = await askNotes(as, filter, lang);
  const job = await runUntilEnded(as.tenantId, asked.id);
  expect(job.status, JSON.stringify(job.failure)).toBe('completed');
  const view = json(await exportsCall('GET /v1/exports/{exportId}', as, { pathParameters: { exportId: asked.id } }));
  return { asked, job, view, ...(await workbookAt(view.download.url)) };
}

/** The JSON report, every page, as the same caller reads it. */
async function jsonReport(as: TestUser, query: Record<string, string> = {}) {
  const items: Array<{ id: string; clientId: string }> = [];
  let cursor: string | undefined;
  for (let i = 0; i < 200; i++) {
    const res = await clientsCall('GET /v1/notes', as, { query: { limit: '3', ...query, ...(cursor ? { cursor } : {}) } });
    expect(res.statusCode, res.body).toBe(200);
    const page = json(res) as { items: typeof items; cursor?: string };
    items.push(...page.items);
    cursor = page.cursor;
    if (!cursor) return items.map((n) => n.id);
  }
  throw new Error('cursor never ended');
}

let boss: TestUser; // level 1, B1 / D1
let branchUser: TestUser; // level 2, B1 / D1
let deptUser: TestUser; // level 3, B2 / D2
let clerk: TestUser; // level 4, B2 / D2
let seller: TestUser; // level 4, B1 / D1
let foreign: TestUser; // level 1 of another tenant
let clientId: string;
let otherClientId: string;
let hiddenClientId: string;

async function user(tenantId: string, id: string, accessLevel: 1 | 2 | 3 | 4, org: { branchId?: string; departmentId?: string }) {
  const u = { tenantId, id, email: `${id}@${tenantId}.test`, accessLevel, permissions: ['exports.run'], ...org };
  await deps.users.create({ ...u, name: `Nombre ${id}`, status: 'active', createdBy: 't', updatedBy: 't', ...stamp() });
  return u as TestUser;
}
const write = async (as: TestUser, client: string, body: Record<string, unknown>) => {
  const res = await clientsCall('POST /v1/clients/{clientId}/notes', as, { pathParameters: { clientId: client }, body });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).id as string;
};

beforeAll(async () => {
  const { admin } = await newTenant(deps);
  const t = admin.tenantId;
  for (const [kind, id, name] of [
    ['branch', 'b1', 'Casa Matriz'],
    ['branch', 'b2', 'Sucursal Temuco'],
    ['department', 'd1', 'Cobranza'],
    ['department', 'd2', 'Ventas'],
  ] as const) {
    await deps.orgUnits.create({ tenantId: t, kind, id, name, ...stamp() });
  }
  boss = await user(t, 'jefa', 1, { branchId: 'b1', departmentId: 'd1' });
  branchUser = await user(t, 'sucursal', 2, { branchId: 'b1', departmentId: 'd1' });
  deptUser = await user(t, 'depto', 3, { branchId: 'b2', departmentId: 'd2' });
  clerk = await user(t, 'cobrador', 4, { branchId: 'b2', departmentId: 'd2' });
  seller = await user(t, 'vendedor', 4, { branchId: 'b1', departmentId: 'd1' });
  const { admin: otherAdmin } = await newTenant(deps);
  await deps.orgUnits.create({ tenantId: otherAdmin.tenantId, kind: 'department', id: 'd1', name: 'Otra', ...stamp() });
  foreign = await user(otherAdmin.tenantId, 'ajena', 1, { departmentId: 'd1' });
  const client = async (body: Record<string, unknown>) => {
    const res = await clientsCall('POST /v1/clients', admin, { body: { personType: 'other', branchId: 'b1', ...body } });
    expect(res.statusCode, res.body).toBe(201);
    return json(res).id as string;
  };
  clientId = await client({ name: 'Ferretería Notas', sellerId: seller.id, collectorId: clerk.id });
  otherClientId = await client({ name: 'Otra Ferretería', sellerId: seller.id, collectorId: clerk.id });
  hiddenClientId = await client({ name: 'Cliente Reasignado', collectorId: clerk.id });
  for (const author of [boss, branchUser, deptUser, clerk, seller]) {
    for (const c of [clientId, otherClientId]) await write(author, c, { text: `Llamada de ${author.id}`, location: { kind: 'phone' } });
  }
  await write(clerk, clientId, {
    text: '=HYPERLINK("http://evil.test","Clic") acordó pagar el viernes',
    location: { kind: 'client_home', detail: 'Av. Alemania 0671, Temuco' },
    treatment: 'Llamar el lunes',
  });
  await write(clerk, hiddenClientId, { text: 'Nota sobre un cliente que luego se reasignó' });
  // The clerk loses the client: their note stays theirs (seed 003: by author), the client's name is no longer theirs to read.
  const current = json(await clientsCall('GET /v1/clients/{clientId}', admin, { pathParameters: { clientId: hiddenClientId } }));
  const moved = await clientsCall('PATCH /v1/clients/{clientId}', admin, {
    pathParameters: { clientId: hiddenClientId },
    body: { collectorId: null },
    headers: { 'if-match': `"${current.version}"` },
  });
  expect(moved.statusCode, moved.body).toBe(200);
}, 120_000);

describe('notes export by level', () => {
  it.each([
    ['level 1', () => boss, 12],
    ['level 2 (branch b1)', () => branchUser, 6],
    ['level 3 (department d2)', () => deptUser, 6],
    ['level 4 (own)', () => clerk, 4],
  ])('%s: holds exactly the notes of the JSON report, in its order', async (_, who, count) => {
    const as = who();
    const expected = await jsonReport(as);
    const { column, rows, view } = await exportNotes(as);
    expect(expected).toHaveLength(count);
    expect(column('ID nota')).toEqual(expected);
    expect(view).toMatchObject({ type: 'notes', status: 'completed', rowsWritten: rows.length });
  });

  it('writes Spanish headers, names instead of ids, the tenant’s local time and neutralized text', async () => {
    const { sheet, sheets, headers, rows, column } = await exportNotes(clerk);
    expect(sheets).toBe(1);
    expect(sheet).toBe('Notas');
    expect(headers).toEqual(['ID cliente', 'Cliente', 'Fecha', 'Autor', 'Sucursal', 'Departamento', 'Lugar', 'Nota', 'Tratamiento', 'ID nota']);
    const visit = rows.find((r) => String(r[headers.indexOf('Nota')]).includes('HYPERLINK'))!;
    const cell = (name: string) => visit[headers.indexOf(name)];
    expect(cell('Cliente')).toBe('Ferretería Notas');
    expect(cell('Autor')).toBe('Nombre cobrador');
    expect(cell('Sucursal')).toBe('Sucursal Temuco');
    expect(cell('Departamento')).toBe('Ventas');
    expect(cell('Lugar')).toBe('Casa del cliente: Av. Alemania 0671, Temuco');
    expect(cell('Nota')).toBe(`'=HYPERLINK("http://evil.test","Clic") acordó pagar el viernes`);
    expect(cell('Tratamiento')).toBe('Llamar el lunes');
    // Santiago is UTC-3 or UTC-4: the local wall clock of the note's instant.
    const note = json(await clientsCall('GET /v1/notes/{noteId}', clerk, { pathParameters: { noteId: String(cell('ID nota')) } }));
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Santiago', dateStyle: 'short', timeStyle: 'short' }).format(new Date(note.createdAt));
    expect(cell('Fecha')).toBe(local);
    expect(column('Lugar')).toContain('Teléfono');
  });

  it('leaves out the name of a client the caller may no longer see (the JSON report gives its id alone)', async () => {
    const { rows, headers } = await exportNotes(clerk);
    const row = rows.find((r) => r[headers.indexOf('ID cliente')] === hiddenClientId)!;
    expect(row[headers.indexOf('Nota')]).toBe('Nota sobre un cliente que luego se reasignó');
    expect(row[headers.indexOf('Cliente')] ?? null).toBeNull();
    expect((await clientsCall('GET /v1/clients/{clientId}', clerk, { pathParameters: { clientId: hiddenClientId } })).statusCode).toBe(404);
    const { rows: bossRows, headers: h } = await exportNotes(boss, { clientId: hiddenClientId });
    expect(bossRows.map((r) => r[h.indexOf('Cliente')])).toEqual(['Cliente Reasignado']);
  });

  it('writes English headers, sheet, location words and e-mail for Accept-Language: en', async () => {
    const { sheet, headers, column, asked } = await exportNotes(seller, {}, 'en');
    expect(sheet).toBe('Notes');
    expect(headers).toEqual(['Client ID', 'Client', 'Date', 'Author', 'Branch', 'Department', 'Location', 'Note', 'Treatment', 'Note ID']);
    expect(new Set(column('Location'))).toEqual(new Set(['Phone']));
    const mail = (await deps.data.entities.outboundEmail.get({ tenantId: seller.tenantId, id: exportEmailId(asked.id) }).go()).data!;
    expect(mail.subject).toBe('Your export is ready: the follow-up notes report');
  });
});

describe('notes export filters', () => {
  it.each([
    ['a department', { departmentId: 'd2' }, { departmentId: 'd2' }],
    ['a user', { userId: 'vendedor' }, { userId: 'vendedor' }],
    ['a branch', { branchId: 'b2' }, { branchId: 'b2' }],
    ['a client', { clientId: 'x' }, { clientId: 'x' }],
    ['last three per client', { lastThree: true }, { lastThree: 'true' }],
    ['grouped by department', { groupBy: 'department' }, { groupBy: 'department' }],
    ['a date range that holds today', { from: '2020-01-01', to: '2099-12-31' }, { from: '2020-01-01', to: '2099-12-31' }],
    ['a date range before every note', { from: '2020-01-01', to: '2020-12-31' }, { from: '2020-01-01', to: '2020-12-31' }],
  ] as Array<[string, Record<string, unknown>, Record<string, string>]>)('%s: the same notes as the JSON report with that filter', async (_, filter, query) => {
    const body = { ...filter, ...(filter.clientId ? { clientId } : {}), ...(filter.userId ? { userId: 'vendedor' } : {}) };
    const q = { ...query, ...(query.clientId ? { clientId } : {}) };
    for (const as of [boss, deptUser]) {
      const expected = await jsonReport(as, q);
      const { column } = await exportNotes(as, body);
      expect(column('ID nota')).toEqual(expected);
    }
  });

  it('groups by department on one sheet, department by department', async () => {
    const { column, sheets } = await exportNotes(boss, { groupBy: 'department' });
    expect(sheets).toBe(1);
    const departments = column('Departamento');
    expect(departments.filter((d, i) => i === 0 || d !== departments[i - 1])).toEqual(['Cobranza', 'Ventas']);
  });
});

describe('notes export delivery', () => {
  it('e-mails the requester a working link to the file, once', async () => {
    const asked = await askNotes(deptUser);
    await runUntilEnded(deptUser.tenantId, asked.id);
    await dispatcher(scheduled());
    const inbox = (await inboxOf(deptUser.email)).filter((e) => e.subject === 'Tu exportación está lista: el reporte de notas específicas');
    const mine = inbox.filter((e) => (e.body.text ?? '').includes(asked.id));
    expect(mine).toHaveLength(1);
    const link = /(http:\/\/\S+)/.exec(mine[0]!.body.text ?? '')?.[1];
    expect(link).toContain(`exports/${deptUser.tenantId}/${asked.id}.xlsx`);
    const { column } = await workbookAt(link!);
    expect(column('ID nota')).toEqual(await jsonReport(deptUser));
  });

  it('gives one file and one e-mail when two runners take the same job at once', async () => {
    const { admin: owner } = await newTenant(deps, { adminPermissions: ['exports.run'] });
    const asked = await askNotes(owner);
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
    const mail = (await deps.data.entities.outboundEmail.query.byId({ tenantId: owner.tenantId }).go({ pages: 'all' })).data;
    expect(mail.map((e) => e.id)).toEqual([exportEmailId(asked.id)]);
    const objects = await s3Client(config).send(new ListObjectsV2Command({ Bucket: config.uploadsBucket, Prefix: `exports/${owner.tenantId}/` }));
    expect(objects.Contents?.map((o) => o.Key)).toEqual([`exports/${owner.tenantId}/${asked.id}.xlsx`]);
  });

  it('answers the same job to the same request sent twice with one Idempotency-Key', async () => {
    const send = () =>
      exportsCall('POST /v1/notes/report/exports', boss, { body: { departmentId: 'd1' }, headers: { 'idempotency-key': `notes-${boss.tenantId}` } });
    const [first, second] = [await send(), await send()];
    expect(first.statusCode).toBe(202);
    expect(json(second).id).toBe(json(first).id);
    expect(second.headers?.['idempotency-replayed']).toBe('true');
  });
});

describe('notes export boundaries', () => {
  it('shows another tenant nothing: its export is empty, our export a 404', async () => {
    const ours = await askNotes(boss);
    expect((await exportsCall('GET /v1/exports/{exportId}', foreign, { pathParameters: { exportId: ours.id } })).statusCode).toBe(404);
    const { rows } = await exportNotes(foreign);
    const filtered = await exportNotes(foreign, { clientId, userId: boss.id });
    expect(rows).toEqual([]);
    expect(filtered.rows).toEqual([]);
  });

  it('needs exports.run (403 before the body is read)', async () => {
    const noRight = { ...seller, id: 'sin-permiso', email: `sin-permiso@${seller.tenantId}.test`, permissions: [] };
    await deps.users.create({ ...noRight, name: 'Sin permiso', status: 'active', createdBy: 't', updatedBy: 't', ...stamp() });
    const res = await exportsCall('POST /v1/notes/report/exports', noRight, { body: {} });
    expect(res.statusCode).toBe(403);
  });

  it('refuses hostile filter values with 400 naming each field, in Spanish and in English', async () => {
    const body = {
      clientId: 'c'.repeat(5000),
      userId: '😀\u202e\u0000',
      from: '2026-02-30',
      to: 20260301,
      lastThree: 'yes',
      groupBy: 'branch',
      tenantId: 'otra',
    };
    const es = await exportsCall('POST /v1/notes/report/exports', boss, { body });
    const en = await exportsCall('POST /v1/notes/report/exports', boss, { body, headers: { 'accept-language': 'en' } });
    for (const res of [es, en]) {
      expect(res.statusCode).toBe(400);
      expect(res.headers?.['content-type']).toContain('application/problem+json');
      const pointers = json(res).errors.map((e: { pointer: string }) => e.pointer);
      expect(pointers).toEqual(
        expect.arrayContaining(['/body/clientId', '/body/userId', '/body/from', '/body/to', '/body/lastThree', '/body/groupBy', '/body/tenantId']),
      );
    }
    const messageOf = (res: typeof es, pointer: string) => json(res).errors.find((e: { pointer: string }) => e.pointer === pointer).message as string;
    expect(messageOf(es, '/body/groupBy')).not.toBe(messageOf(en, '/body/groupBy'));
    expect(messageOf(es, '/body/groupBy')).toMatch(/department/);
    expect(json(es).detail).not.toBe(json(en).detail);
    expect(es.body).not.toContain('c'.repeat(100));
  });
});
