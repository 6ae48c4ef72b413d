import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Note } from '../../domain/notes/note.schema.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

/**
 * Follow-up notes (issue 12, seed 003) through the clients-api handler on DynamoDB Local: who sees which
 * note by the author's current branch and department, a move between departments, the 409 without a
 * department, level-1-only deletion, another tenant's ids, hostile input, the report and the overview.
 */
const { handler } = await import('../../functions/http/clients-api.handler.ts');
const { handler: workspace } = await import('../../functions/http/workspace-api.handler.ts');
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  handler(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));

const deps = testDeps();
const at = new Date().toISOString();
const stamp = { version: 1, createdAt: at, updatedAt: at };

let admin: TestUser; // level 1, no department: cannot write notes
let boss: TestUser; // level 1, B1 / D1
let branchUser: TestUser; // level 2, B1 / D1
let deptUser: TestUser; // level 3, B2 / D2
let clerk: TestUser; // level 4, B2 / D2
let seller: TestUser; // level 4, B1 / D1
let d1Reader: TestUser; // level 3, B2 / D1
let foreign: TestUser; // level 1 of another tenant, with a department
let clientId: string;
let otherClientId: string;
const written: Record<string, string[]> = {};

async function unit(tenantId: string, kind: 'branch' | 'department', id: string) {
  await deps.orgUnits.create({ tenantId, kind, id, name: `${kind} ${id}`, ...stamp });
  return id;
}
async function user(tenantId: string, id: string, accessLevel: 1 | 2 | 3 | 4, org: { branchId?: string; departmentId?: string }) {
  const u = { tenantId, id, email: `${id}@${tenantId}.test`, accessLevel, permissions: [], ...org };
  await deps.users.create({ ...u, name: `Nombre ${id}`, status: 'active', createdBy: 't', updatedBy: 't', ...stamp });
  return u as TestUser;
}
const write = async (as: TestUser, client: string, body: Record<string, unknown>) => {
  const res = await call('POST /v1/clients/{clientId}/notes', as, { pathParameters: { clientId: client }, body });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as Note & { author: { id: string; departmentId?: string } };
};

async function pages(routeKey: string, as: TestUser, extra: { pathParameters?: Record<string, string>; query?: Record<string, string> } = {}) {
  const items: Array<Note & { author: { departmentId?: string } }> = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const res = await call(routeKey, as, { ...extra, query: { limit: '2', ...extra.query, ...(cursor ? { cursor } : {}) } });
    expect(res.statusCode, res.body).toBe(200);
    const page = json(res) as { items: typeof items; cursor?: string };
    items.push(...page.items);
    cursor = page.cursor;
    if (!cursor) return items;
  }
  throw new Error('cursor never ended');
}
const ids = (notes: Array<{ id: string }>) => notes.map((n) => n.id).sort();
const by = (...authors: TestUser[]) => authors.flatMap((a) => written[a.id] ?? []).sort();

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  const t = admin.tenantId;
  const [b1, b2, d1, d2] = await Promise.all([unit(t, 'branch', 'b1'), unit(t, 'branch', 'b2'), unit(t, 'department', 'd1'), unit(t, 'department', 'd2')]);
  boss = await user(t, 'boss', 1, { branchId: b1, departmentId: d1 });
  branchUser = await user(t, 'sucursal', 2, { branchId: b1, departmentId: d1 });
  deptUser = await user(t, 'depto', 3, { branchId: b2, departmentId: d2 });
  clerk = await user(t, 'cobrador', 4, { branchId: b2, departmentId: d2 });
  seller = await user(t, 'vendedor', 4, { branchId: b1, departmentId: d1 });
  d1Reader = await user(t, 'lector-d1', 3, { branchId: b2, departmentId: d1 });
  const { admin: otherAdmin } = await newTenant(deps);
  await unit(otherAdmin.tenantId, 'department', 'd1');
  foreign = await user(otherAdmin.tenantId, 'ajeno', 1, { departmentId: 'd1' });
  // One client every reader can reach: branch b1 (level 2), assigned to users of d1 and d2 (level 3), seller and collector (level 4).
  const created = await call('POST /v1/clients', admin, {
    body: { personType: 'other', name: 'Ferretería Notas', branchId: b1, sellerId: seller.id, collectorId: clerk.id, agentId: d1Reader.id },
  });
  expect(created.statusCode, created.body).toBe(201);
  clientId = json(created).id;
  otherClientId = json(
    await call('POST /v1/clients', admin, { body: { personType: 'other', name: 'Otra Ferretería', branchId: b1, sellerId: seller.id, collectorId: clerk.id } }),
  ).id;
  for (const author of [boss, branchUser, deptUser, clerk, seller]) {
    written[author.id] = [];
    for (const c of [clientId, otherClientId])
      written[author.id]!.push((await write(author, c, { text: `Llamada de ${author.id}`, location: { kind: 'phone' } })).id);
  }
});

describe('writing a note', () => {
  it('records the author, the time, the units it was written in, and the location and treatment as given', async () => {
    const note = await write(clerk, clientId, {
      text: '  Visité al cliente:\r\nacordó pagar el viernes  ',
      location: { kind: 'client_home', detail: 'Av. Alemania 0671, Temuco' },
      treatment: 'Llamar el lunes',
    });
    written[clerk.id]!.push(note.id);
    expect(note).toMatchObject({
      clientId,
      authorId: clerk.id,
      text: 'Visité al cliente:\nacordó pagar el viernes',
      location: { kind: 'client_home', detail: 'Av. Alemania 0671, Temuco' },
      treatment: 'Llamar el lunes',
      writtenIn: { branchId: 'b2', departmentId: 'd2' },
      version: 1,
      author: { id: clerk.id, name: 'Nombre cobrador', departmentId: 'd2' },
    });
  });

  it('refuses a user without a department: 409 note_needs_department saying why and what to do, in Spanish and English', async () => {
    const es = await call('POST /v1/clients/{clientId}/notes', admin, { pathParameters: { clientId }, body: { text: 'hola' } });
    const en = await call('POST /v1/clients/{clientId}/notes', admin, {
      pathParameters: { clientId },
      body: { text: 'hola' },
      headers: { 'accept-language': 'en' },
    });
    expect(es.statusCode).toBe(409);
    expect(json(es)).toMatchObject({ code: 'invalid_state', reason: 'note_needs_department' });
    expect(json(es).detail).toMatch(/^No puedes registrar notas porque tu usuario no tiene departamento.*PATCH \/v1\/users/);
    expect(json(en).detail).toMatch(/^You cannot write notes because your user has no department/);
  });

  it('refuses hostile or oversized input with 400 naming the field, and keeps odd but valid Unicode as written', async () => {
    const bad = [
      { text: '' },
      { text: '   ' },
      { text: 'x'.repeat(2001) },
      { text: 'ok', treatment: 'y'.repeat(1001) },
      { text: 'hola \u202Eadios' },
      { text: 'hola \u0000' },
      { text: '\uD800 suelto' },
      { text: 'ok', location: { kind: 'moon' } },
      { text: 'ok', location: { kind: 'other', detail: 'z'.repeat(121) } },
      { text: 'ok', extra: 1 },
      { text: 'ok', task: { title: 'llamar' } },
    ];
    for (const body of bad) {
      const res = await call('POST /v1/clients/{clientId}/notes', clerk, { pathParameters: { clientId }, body });
      expect(res.statusCode, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(json(res).code).toBe('validation_failed');
    }
    const odd = 'Ñandú 𝒳 👩🏽‍💼 ç̧ 日本語 عربى'.repeat(50).slice(0, 2000);
    const note = await write(clerk, clientId, { text: odd });
    written[clerk.id]!.push(note.id);
    expect(note.text).toBe(odd.trim());
    const garbled = await call('GET /v1/notes', boss, { query: { cursor: 'no-es-un-cursor' } });
    expect(garbled.statusCode).toBe(400);
  });
});

describe('who sees which note (seed 003: by the author’s current branch and department)', () => {
  it('level 1 the company, 2 the branch, 3 the department, 4 their own: in the client tab and in the report', async () => {
    const expected: Array<[TestUser, string[]]> = [
      [boss, by(boss, branchUser, deptUser, clerk, seller)],
      [branchUser, by(boss, branchUser, seller)],
      [deptUser, by(deptUser, clerk)],
      [clerk, by(clerk)],
      [seller, by(seller)],
    ];
    for (const [reader, notes] of expected) {
      expect(ids(await pages('GET /v1/notes', reader)), reader.id).toEqual(notes);
      const tab = await pages('GET /v1/clients/{clientId}/notes', reader, { pathParameters: { clientId } });
      expect(ids(tab), reader.id).toEqual(notes.filter((id) => !written.other?.includes(id) && tab.some((n) => n.id === id)));
      expect(tab.every((n) => n.clientId === clientId)).toBe(true);
      expect(tab.map((n) => n.createdAt)).toEqual([...tab.map((n) => n.createdAt)].sort().reverse());
    }
  });

  it('the client overview shows the newest three notes the caller may see', async () => {
    for (const reader of [boss, deptUser, seller]) {
      const res = await call('GET /v1/clients/{clientId}/overview', reader, { pathParameters: { clientId } });
      expect(res.statusCode, res.body).toBe(200);
      const latest = json(res).sections.notes.latest as Note[];
      const tab = await pages('GET /v1/clients/{clientId}/notes', reader, { pathParameters: { clientId } });
      expect(latest.map((n) => n.id)).toEqual(tab.slice(0, 3).map((n) => n.id));
    }
  });

  it('moving an author to another department moves every note they wrote at once, and rewrites none of them', async () => {
    const before = ids(await pages('GET /v1/notes', deptUser));
    expect(before).toEqual(expect.arrayContaining(by(clerk)));
    const items = async () =>
      Promise.all(
        by(clerk).map(
          async (id) =>
            (await deps.document.send(new GetCommand({ TableName: deps.config.tableName, Key: { pk: `T#${admin.tenantId}#NOTE#${id}`, sk: 'NOTE' } }))).Item,
        ),
      );
    const stored = await items();
    const current = json(
      await workspace(httpEvent({ routeKey: 'GET /v1/users/{userId}', as: admin, pathParameters: { userId: clerk.id } }), contextOf('workspace-api')),
    );
    const moved = await workspace(
      httpEvent({
        routeKey: 'PATCH /v1/users/{userId}',
        as: admin,
        pathParameters: { userId: clerk.id },
        body: { departmentId: 'd1' },
        headers: { 'if-match': `"${current.version}"` },
      }),
      contextOf('workspace-api'),
    );
    expect(moved.statusCode, moved.body).toBe(200);
    // The level-3 reader of d2 no longer sees them; the one of d1 now does; the notes themselves are as they were.
    expect(ids(await pages('GET /v1/notes', deptUser))).toEqual(by(deptUser));
    expect(ids(await pages('GET /v1/notes', d1Reader))).toEqual(by(boss, branchUser, seller, clerk));
    const report = await pages('GET /v1/notes', boss, { query: { userId: clerk.id } });
    expect(report.every((n) => n.author.departmentId === 'd1')).toBe(true);
    expect(await items()).toEqual(stored);
  });
});

describe('changing and deleting notes', () => {
  it('the author corrects their note (the earlier version kept); someone else who sees it gets 403', async () => {
    const note = await write(seller, clientId, { text: 'Primera versión', treatment: 'Llamar' });
    const other = await call('PATCH /v1/notes/{noteId}', boss, { pathParameters: { noteId: note.id }, body: { text: 'no' }, headers: { 'if-match': '"1"' } });
    expect(other.statusCode).toBe(403);
    expect(json(other)).toMatchObject({ reason: 'not_note_author' });
    const edited = await call('PATCH /v1/notes/{noteId}', seller, {
      pathParameters: { noteId: note.id },
      body: { text: 'Segunda versión', treatment: null },
      headers: { 'if-match': '"1"' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(json(edited)).toMatchObject({ text: 'Segunda versión', version: 2 });
    expect(json(edited).treatment).toBeUndefined();
    const got = json(await call('GET /v1/notes/{noteId}', boss, { pathParameters: { noteId: note.id } }));
    expect(got.history).toMatchObject([{ version: 1, text: 'Primera versión', treatment: 'Llamar' }]);
    const stale = await call('PATCH /v1/notes/{noteId}', seller, { pathParameters: { noteId: note.id }, body: { text: 'x' }, headers: { 'if-match': '"1"' } });
    expect(stale.statusCode).toBe(412);
  });

  it('only level 1 deletes; the note leaves lists and reports and stays in its history for level 1', async () => {
    const note = await write(branchUser, clientId, { text: 'Para borrar' });
    const refused = await call('DELETE /v1/notes/{noteId}', branchUser, { pathParameters: { noteId: note.id }, headers: { 'if-match': '"1"' } });
    expect(refused.statusCode).toBe(403);
    const deleted = await call('DELETE /v1/notes/{noteId}', boss, { pathParameters: { noteId: note.id }, headers: { 'if-match': '"1"' } });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(ids(await pages('GET /v1/notes', boss))).not.toContain(note.id);
    expect(ids(await pages('GET /v1/clients/{clientId}/notes', branchUser, { pathParameters: { clientId } }))).not.toContain(note.id);
    const kept = json(await call('GET /v1/notes/{noteId}', boss, { pathParameters: { noteId: note.id } }));
    expect(kept).toMatchObject({ deletedBy: boss.id, version: 2, history: [{ version: 1, text: 'Para borrar' }] });
    expect((await call('GET /v1/notes/{noteId}', branchUser, { pathParameters: { noteId: note.id } })).statusCode).toBe(404);
  });

  it('another tenant’s note and client answer 404 everywhere, as a note the caller may not see', async () => {
    const noteId = written[seller.id]![0]!;
    const requests: Array<[string, Record<string, string>, unknown?, Record<string, string>?]> = [
      ['GET /v1/notes/{noteId}', { noteId }],
      ['PATCH /v1/notes/{noteId}', { noteId }, { text: 'x' }, { 'if-match': '"1"' }],
      ['DELETE /v1/notes/{noteId}', { noteId }, undefined, { 'if-match': '"1"' }],
      ['GET /v1/clients/{clientId}/notes', { clientId }],
      ['POST /v1/clients/{clientId}/notes', { clientId }, { text: 'x' }],
    ];
    for (const [routeKey, pathParameters, body, headers] of requests) {
      const res = await call(routeKey, foreign, { pathParameters, ...(body ? { body } : {}), ...(headers ? { headers } : {}) });
      expect(res.statusCode, routeKey).toBe(404);
    }
    expect(json(await call('GET /v1/notes', foreign)).items).toEqual([]);
    expect((await call('GET /v1/notes/{noteId}', clerk, { pathParameters: { noteId } })).statusCode).toBe(404);
  });
});

describe('the notes report', () => {
  it('filters by client, user, department and branch of the author now, and by dates of the company’s calendar', async () => {
    const tab = ids(await pages('GET /v1/notes', boss, { query: { clientId: otherClientId } }));
    expect(tab.length).toBeGreaterThan(0);
    const byClient = await pages('GET /v1/notes', boss, { query: { clientId: otherClientId } });
    expect(byClient.every((n) => n.clientId === otherClientId)).toBe(true);
    expect(ids(await pages('GET /v1/notes', boss, { query: { userId: deptUser.id } }))).toEqual(by(deptUser));
    const d2 = await pages('GET /v1/notes', boss, { query: { departmentId: 'd2' } });
    expect(new Set(d2.map((n) => n.authorId))).toEqual(new Set([deptUser.id]));
    const b1 = await pages('GET /v1/notes', branchUser, { query: { branchId: 'b2' } });
    expect(b1).toEqual([]);
    // Notes written on chosen dates (straight into the table): Santiago is UTC−3 in March.
    const t = admin.tenantId;
    const dated = async (id: string, createdAt: string) =>
      deps.notes.create({
        id,
        tenantId: t,
        clientId,
        authorId: seller.id,
        text: id,
        writtenIn: { departmentId: 'd1' },
        version: 1,
        createdAt,
        updatedAt: createdAt,
        updatedBy: seller.id,
      });
    await dated('fecha-1', '2025-03-10T02:59:59.000Z'); // 9 March, 23:59 in Santiago
    await dated('fecha-2', '2025-03-10T03:00:00.000Z'); // 10 March, 00:00 in Santiago
    await dated('fecha-3', '2025-03-11T02:59:59.999Z'); // 10 March, 23:59
    await dated('fecha-4', '2025-03-11T03:00:00.000Z'); // 11 March
    const day = await pages('GET /v1/notes', boss, { query: { from: '2025-03-10', to: '2025-03-10' } });
    expect(day.map((n) => n.id)).toEqual(['fecha-3', 'fecha-2']);
    const tabDay = await pages('GET /v1/clients/{clientId}/notes', seller, { pathParameters: { clientId }, query: { from: '2025-03-09', to: '2025-03-10' } });
    expect(tabDay.map((n) => n.id)).toEqual(['fecha-3', 'fecha-2', 'fecha-1']);
  });

  it('"last three per client" keeps each client’s newest three; "group by department" orders by the author’s department', async () => {
    const all = await pages('GET /v1/notes', boss);
    const lastThree = await pages('GET /v1/notes', boss, { query: { lastThree: 'true' } });
    for (const c of [clientId, otherClientId]) {
      const newest = all.filter((n) => n.clientId === c).slice(0, 3);
      expect(lastThree.filter((n) => n.clientId === c).map((n) => n.id)).toEqual(newest.map((n) => n.id));
    }
    const grouped = await pages('GET /v1/notes', boss, { query: { groupBy: 'department' } });
    expect(ids(grouped)).toEqual(ids(all));
    const departments = grouped.map((n) => n.author.departmentId ?? '~none');
    expect(departments).toEqual([...departments].sort());
  });
});
