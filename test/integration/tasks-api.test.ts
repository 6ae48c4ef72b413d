import { beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '../../domain/tasks/task.use-cases.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

/**
 * Tasks (issue 12, seed 004) through the tasks-api handler on DynamoDB Local: create, edit, copy, complete,
 * not attended; the day view's order; the month view's counts in the tenant's time zone; team scope by
 * level with users in two branches and departments and a user moved; another tenant's ids; hostile input.
 * Dates are in 2030–2031 (the not-attended job's test works in 1995, so neither sees the other's tasks as due).
 */
const { handler } = await import('../../functions/http/tasks-api.handler.ts');
const { handler: workspace } = await import('../../functions/http/workspace-api.handler.ts');
const { handler: clientsApi } = await import('../../functions/http/clients-api.handler.ts');
type Extra = Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'>;
const call = (routeKey: string, as: TestUser, extra: Extra = {}) => handler(httpEvent({ routeKey, as, ...extra }), contextOf('tasks-api'));

const deps = testDeps();
const at = new Date().toISOString();
const stamp = { version: 1, createdAt: at, updatedAt: at };

let admin: TestUser;
let boss: TestUser; // level 1, b1 / d1
let branchUser: TestUser; // level 2, b1 / d1
let deptUser: TestUser; // level 3, b2 / d2
let clerk: TestUser; // level 4, b2 / d2
let seller: TestUser; // level 4, b1 / d1
let mover: TestUser; // level 4, b2 / d2, later moved to b1 / d1
let foreign: TestUser;
let clientId: string;

async function unit(tenantId: string, kind: 'branch' | 'department', id: string) {
  await deps.orgUnits.create({ tenantId, kind, id, name: `${kind} ${id}`, ...stamp });
  return id;
}
const create = async (as: TestUser, body: Record<string, unknown>) => {
  const res = await call('POST /v1/tasks', as, { body });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as TaskView;
};
async function pages(routeKey: string, as: TestUser, query: Record<string, string>, pathParameters?: Record<string, string>) {
  const items: TaskView[] = [];
  let cursor: string | undefined;
  let first: Record<string, unknown> | undefined;
  for (let i = 0; i < 200; i++) {
    const res = await call(routeKey, as, { query: { limit: '2', ...query, ...(cursor ? { cursor } : {}) }, ...(pathParameters ? { pathParameters } : {}) });
    expect(res.statusCode, res.body).toBe(200);
    const page = json(res) as { items: TaskView[]; cursor?: string };
    first ??= page;
    items.push(...page.items);
    cursor = page.cursor;
    if (!cursor) return { items, first: first! };
  }
  throw new Error('cursor never ended');
}
const ids = (tasks: Array<{ id: string }>) => tasks.map((t) => t.id).sort();
const mine: Record<string, string[]> = {};
const TEAM_DAY = '2030-05-14';

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  const t = admin.tenantId;
  await Promise.all([unit(t, 'branch', 'b1'), unit(t, 'branch', 'b2'), unit(t, 'department', 'd1'), unit(t, 'department', 'd2')]);
  boss = await newUser(deps, t, { id: 'boss', accessLevel: 1, branchId: 'b1', departmentId: 'd1', name: 'Jefa' });
  branchUser = await newUser(deps, t, { id: 'sucursal', accessLevel: 2, branchId: 'b1', departmentId: 'd1' });
  deptUser = await newUser(deps, t, { id: 'depto', accessLevel: 3, branchId: 'b2', departmentId: 'd2' });
  clerk = await newUser(deps, t, { id: 'cobrador', accessLevel: 4, branchId: 'b2', departmentId: 'd2' });
  seller = await newUser(deps, t, { id: 'vendedor', accessLevel: 4, branchId: 'b1', departmentId: 'd1' });
  mover = await newUser(deps, t, { id: 'movido', accessLevel: 4, branchId: 'b2', departmentId: 'd2' });
  const other = await newTenant(deps);
  foreign = await newUser(deps, other.tenantId, { id: 'ajeno', accessLevel: 1 });
  const created = await clientsApi(
    httpEvent({
      routeKey: 'POST /v1/clients',
      as: admin,
      body: {
        personType: 'other',
        name: 'Ferretería Tareas',
        address: 'Av. Alemania 0671',
        city: 'Temuco',
        branchId: 'b1',
        sellerId: seller.id,
        collectorId: clerk.id,
      },
    }),
    contextOf('clients-api'),
  );
  expect(created.statusCode, created.body).toBe(201);
  clientId = json(created).id;
  // Each user has two tasks on the team day (all of them their own).
  for (const u of [boss, branchUser, deptUser, clerk, seller, mover]) {
    mine[u.id] = [];
    for (const time of ['09:00', undefined]) mine[u.id]!.push((await create(u, { title: `Tarea de ${u.id}`, date: TEAM_DAY, ...(time ? { time } : {}) })).id);
  }
});

describe('creating a task', () => {
  it('copies the client’s name and address, defaults the assignee to the caller and computes when its time passes in the tenant’s zone', async () => {
    const task = await create(seller, {
      type: 'call',
      title: '  Llamar por la factura 1024 ',
      clientId,
      date: '2030-03-10',
      time: '10:30',
      colour: '#1f7a4d',
      notes: 'Confirmar\r\nla transferencia',
    });
    expect(task).toMatchObject({
      type: 'call',
      title: 'Llamar por la factura 1024',
      clientId,
      client: { name: 'Ferretería Tareas', address: 'Av. Alemania 0671', city: 'Temuco' },
      assigneeId: seller.id,
      date: '2030-03-10',
      time: '10:30',
      // Santiago is UTC−3 in March (summer time).
      dueAt: '2030-03-10T13:30:00.000Z',
      colour: '#1F7A4D',
      notes: 'Confirmar\nla transferencia',
      status: 'open',
      version: 1,
      assignee: { id: seller.id, branchId: 'b1', departmentId: 'd1' },
    });
    const allDay = await create(boss, { title: 'Todo el día', date: '2030-07-01', assigneeId: clerk.id });
    // All day: due at the end of the local day; Santiago is UTC−4 in July.
    expect(allDay).toMatchObject({ type: 'task', colour: 'blue', assigneeId: clerk.id, dueAt: '2030-07-02T04:00:00.000Z' });
    expect(allDay.time).toBeUndefined();
  });

  it('refuses hostile or oversized input with 400 naming the field, and keeps odd but valid Unicode', async () => {
    const good = { title: 'ok', date: '2030-03-10' };
    const bad: Array<Record<string, unknown>> = [
      { date: '2030-03-10' },
      { ...good, title: '' },
      { ...good, title: '   ' },
      { ...good, title: 'x'.repeat(201) },
      { ...good, title: 'hola \u202Eadios' },
      { ...good, title: '\uD800 suelto' },
      { ...good, notes: 'n'.repeat(2001) },
      { ...good, time: '24:00' },
      { ...good, time: '9:00' },
      { ...good, date: '2030-02-30' },
      { ...good, date: '10000-01-01' },
      { ...good, colour: 'pink' },
      { ...good, colour: '#12345G' },
      { ...good, type: 'lunch' },
      { ...good, assigneeId: '../../x' },
      { ...good, extra: 1 },
    ];
    for (const body of bad) {
      const res = await call('POST /v1/tasks', seller, { body });
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(json(res).code).toBe('validation_failed');
    }
    const odd = 'Ñandú 𝒳 👩🏽‍💼 ç̧ 日本語 عربى'.repeat(20).slice(0, 200).trim();
    expect((await create(seller, { ...good, title: odd })).title).toBe(odd);
  });

  it('the assignee must be an active user within the caller’s reach (400 unknown_reference, in Spanish and English)', async () => {
    for (const [as, assigneeId] of [
      [seller, clerk.id],
      [seller, foreign.id],
      [deptUser, seller.id],
      [boss, 'nadie'],
    ] as const) {
      const res = await call('POST /v1/tasks', as, { body: { title: 'x', date: '2030-03-10', assigneeId } });
      expect(res.statusCode, `${as.id} → ${assigneeId}`).toBe(400);
      expect(json(res).errors[0]).toMatchObject({ pointer: '/body/assigneeId', code: 'unknown_reference' });
    }
    const en = await call('POST /v1/tasks', seller, { body: { title: 'x', date: '2030-03-10', assigneeId: 'nadie' }, headers: { 'accept-language': 'en' } });
    expect(json(en).errors[0].message).toMatch(/^There is no user/);
    // Level 3 assigns within the department.
    expect((await create(deptUser, { title: 'Para el cobrador', date: '2030-03-11', assigneeId: clerk.id })).assigneeId).toBe(clerk.id);
  });

  it('a client of another tenant or out of reach is a 404', async () => {
    const res = await call('POST /v1/tasks', foreign, { body: { title: 'x', date: '2030-03-10', clientId } });
    expect(res.statusCode).toBe(404);
    // A level-4 user neither seller, collector nor agent of the client.
    const outOfReach = await call('POST /v1/tasks', mover, { body: { title: 'x', date: '2030-03-10', clientId } });
    expect(outOfReach.statusCode).toBe(404);
  });
});

describe('actions: edit, complete, not attended, copy', () => {
  it('edits with If-Match (a stale ETag is 412), moves dueAt with the time, keeps every version in the history', async () => {
    const task = await create(seller, { title: 'Editar', date: '2030-04-02', time: '08:00' });
    const edited = await call('PATCH /v1/tasks/{taskId}', seller, {
      pathParameters: { taskId: task.id },
      body: { title: 'Editada', time: '17:15', status: 'in_progress', colour: 'green' },
      headers: { 'if-match': '"1"' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.headers?.etag).toBe('"2"');
    expect(json(edited)).toMatchObject({ title: 'Editada', time: '17:15', dueAt: '2030-04-02T20:15:00.000Z', status: 'in_progress', version: 2 });
    const stale = await call('PATCH /v1/tasks/{taskId}', seller, { pathParameters: { taskId: task.id }, body: { title: 'x' }, headers: { 'if-match': '"1"' } });
    expect(stale.statusCode).toBe(412);
    const allDay = await call('PATCH /v1/tasks/{taskId}', seller, {
      pathParameters: { taskId: task.id },
      body: { time: null },
      headers: { 'if-match': '"2"' },
    });
    expect(json(allDay).time).toBeUndefined();
    expect(json(allDay).dueAt).toBe('2030-04-03T03:00:00.000Z');
    const got = json(await call('GET /v1/tasks/{taskId}', seller, { pathParameters: { taskId: task.id } }));
    expect(got.history.map((v: { version: number; title: string }) => [v.version, v.title])).toEqual([
      [2, 'Editada'],
      [1, 'Editar'],
    ]);
  });

  it('completes (recording who and when); a completed task refuses edit and not attended with 409 task_completed, and copies to a new open task', async () => {
    const task = await create(seller, {
      title: 'Completar',
      date: '2030-04-03',
      time: '11:00',
      clientId,
      type: 'visit',
      colour: 'red',
      notes: 'Llevar boleta',
    });
    const done = await call('POST /v1/tasks/{taskId}/complete', seller, { pathParameters: { taskId: task.id }, headers: { 'if-match': '"1"' } });
    expect(done.statusCode, done.body).toBe(200);
    expect(json(done)).toMatchObject({ status: 'completed', completedBy: seller.id, version: 2 });
    const again = await call('POST /v1/tasks/{taskId}/complete', seller, { pathParameters: { taskId: task.id }, headers: { 'if-match': '"2"' } });
    expect(json(again).version).toBe(2);
    for (const [routeKey, body] of [
      ['PATCH /v1/tasks/{taskId}', { title: 'x' }],
      ['POST /v1/tasks/{taskId}/not-attended', undefined],
    ] as const) {
      const es = await call(routeKey, seller, { pathParameters: { taskId: task.id }, ...(body ? { body } : {}), headers: { 'if-match': '"2"' } });
      expect(es.statusCode, routeKey).toBe(409);
      expect(json(es)).toMatchObject({ code: 'invalid_state', reason: 'task_completed' });
      expect(json(es).detail).toMatch(/^La tarea está completada/);
    }
    const copy = await call('POST /v1/tasks/{taskId}/copy', seller, { pathParameters: { taskId: task.id }, body: { date: '2030-04-10' } });
    expect(copy.statusCode, copy.body).toBe(201);
    expect(json(copy)).toMatchObject({
      title: 'Completar',
      type: 'visit',
      colour: 'red',
      notes: 'Llevar boleta',
      clientId,
      client: { name: 'Ferretería Tareas' },
      date: '2030-04-10',
      time: '11:00',
      status: 'open',
      version: 1,
      copiedFrom: task.id,
    });
    expect(json(copy).id).not.toBe(task.id);
    expect(json(copy).completedAt).toBeUndefined();
  });

  it('marks an open task as not attended; reopening it puts it back to open', async () => {
    const task = await create(seller, { title: 'No atendida', date: '2030-04-04' });
    const marked = await call('POST /v1/tasks/{taskId}/not-attended', seller, { pathParameters: { taskId: task.id }, headers: { 'if-match': '"1"' } });
    expect(json(marked)).toMatchObject({ status: 'not_attended', version: 2 });
    const reopened = await call('PATCH /v1/tasks/{taskId}', seller, {
      pathParameters: { taskId: task.id },
      body: { status: 'open' },
      headers: { 'if-match': '"2"' },
    });
    expect(json(reopened)).toMatchObject({ status: 'open', version: 3 });
  });
});

describe('the day view', () => {
  it('orders a date’s tasks by status (in progress, open, not attended, completed), then time with all-day first, across pages', async () => {
    const day = '2030-06-20';
    const made = [];
    for (const [time, status] of [
      ['15:00', 'completed'],
      ['08:00', 'open'],
      [undefined, 'open'],
      ['07:00', 'not_attended'],
      ['18:00', 'in_progress'],
      ['06:00', 'completed'],
      ['12:00', 'open'],
    ] as const) {
      const task = await create(clerk, { title: `${status} ${time ?? 'día'}`, date: day, ...(time ? { time } : {}) });
      if (status === 'completed')
        await call('POST /v1/tasks/{taskId}/complete', clerk, { pathParameters: { taskId: task.id }, headers: { 'if-match': '"1"' } });
      if (status === 'not_attended')
        await call('POST /v1/tasks/{taskId}/not-attended', clerk, { pathParameters: { taskId: task.id }, headers: { 'if-match': '"1"' } });
      if (status === 'in_progress')
        await call('PATCH /v1/tasks/{taskId}', clerk, { pathParameters: { taskId: task.id }, body: { status: 'in_progress' }, headers: { 'if-match': '"1"' } });
      made.push(task);
    }
    // Another day's task stays out.
    await create(clerk, { title: 'Otro día', date: '2030-06-21', time: '00:00' });
    const { items } = await pages('GET /v1/tasks/day', clerk, { date: day });
    expect(items.map((t) => `${t.status} ${t.time ?? 'día'}`)).toEqual([
      'in_progress 18:00',
      'open día',
      'open 08:00',
      'open 12:00',
      'not_attended 07:00',
      'completed 06:00',
      'completed 15:00',
    ]);
  });

  it('a garbled cursor or an invalid date is a 400, not a 500', async () => {
    const queries: Array<Record<string, string>> = [
      { date: TEAM_DAY, cursor: 'no-es-un-cursor' },
      { date: '2030-13-01' },
      { date: TEAM_DAY, scope: 'todos' },
      { date: TEAM_DAY, limit: '501' },
    ];
    for (const query of queries) {
      const res = await call('GET /v1/tasks/day', boss, { query });
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
    }
    for (const month of ['2030-13', '2030-1', '30-01', '１２３４-01']) {
      expect((await call('GET /v1/tasks/month', boss, { query: { month } })).statusCode, month).toBe(400);
    }
  });
});

describe('the month view', () => {
  it('counts per day and status on the tenant’s calendar: 23:30 local on the last day of a month is in that month', async () => {
    const late = await create(deptUser, { title: 'Tarde', date: '2030-03-31', time: '23:30' });
    // 23:30 in Santiago (UTC−3 until April) is already April in UTC.
    expect(late.dueAt).toBe('2030-04-01T02:30:00.000Z');
    await create(deptUser, { title: 'Primero de abril', date: '2030-04-01', time: '00:15' });
    const march = json(await call('GET /v1/tasks/month', deptUser, { query: { month: '2030-03' } }));
    expect(march.days).toHaveLength(31);
    expect(march.days.at(-1)).toEqual({ date: '2030-03-31', in_progress: 0, open: 1, not_attended: 0, completed: 0, total: 1 });
    expect(march.items.map((t: TaskView) => t.id)).toContain(late.id);
    const april = json(await call('GET /v1/tasks/month', deptUser, { query: { month: '2030-04' } }));
    expect(april.days).toHaveLength(30);
    expect(april.days[0]).toMatchObject({ date: '2030-04-01', open: 1, total: 1 });
    expect(april.items.map((t: TaskView) => t.title)).toEqual(['Primero de abril']);
  });

  it('counts follow status changes and date moves (one cell out, one in)', async () => {
    const task = await create(deptUser, { title: 'Se mueve', date: '2030-08-05', time: '10:00' });
    await call('POST /v1/tasks/{taskId}/complete', deptUser, { pathParameters: { taskId: task.id }, headers: { 'if-match': '"1"' } });
    const other = await create(deptUser, { title: 'Cambia de mes', date: '2030-08-06' });
    await call('PATCH /v1/tasks/{taskId}', deptUser, { pathParameters: { taskId: other.id }, body: { date: '2030-09-01' }, headers: { 'if-match': '"1"' } });
    const aug = json(await call('GET /v1/tasks/month', deptUser, { query: { month: '2030-08' } }));
    expect(aug.days[4]).toMatchObject({ date: '2030-08-05', open: 0, completed: 1, total: 1 });
    expect(aug.days[5]).toMatchObject({ date: '2030-08-06', total: 0 });
    const sep = json(await call('GET /v1/tasks/month', deptUser, { query: { month: '2030-09' } }));
    expect(sep.days[0]).toMatchObject({ date: '2030-09-01', open: 1, total: 1 });
  });
});

describe('team scope by level (the assignee’s current units)', () => {
  const expected = () =>
    new Map<TestUser, TestUser[]>([
      [boss, [boss, branchUser, deptUser, clerk, seller, mover]],
      [branchUser, [boss, branchUser, seller]],
      [deptUser, [deptUser, clerk, mover]],
      [clerk, [clerk]],
    ]);
  const of = (users: TestUser[]) => users.flatMap((u) => mine[u.id]!).sort();

  it('level 1 the company, 2 the branch, 3 the department, 4 their own; mine is always one’s own', async () => {
    for (const [reader, seen] of expected()) {
      expect(ids((await pages('GET /v1/tasks/day', reader, { date: TEAM_DAY, scope: 'team' })).items), reader.id).toEqual(of(seen));
      expect(ids((await pages('GET /v1/tasks/day', reader, { date: TEAM_DAY })).items), reader.id).toEqual(of([reader]));
      const month = json(await call('GET /v1/tasks/month', reader, { query: { month: '2030-05', scope: 'team', limit: '500' } }));
      expect(month.days[13], reader.id).toMatchObject({ date: TEAM_DAY, open: seen.length * 2, total: seen.length * 2 });
      expect(ids(month.items), reader.id).toEqual(of(seen));
    }
  });

  it('a task out of reach is a 404 for every action, as another tenant’s', async () => {
    const taskId = mine[seller.id]![0]!;
    for (const reader of [deptUser, clerk, foreign]) {
      for (const [routeKey, body, headers] of [
        ['GET /v1/tasks/{taskId}', undefined, undefined],
        ['PATCH /v1/tasks/{taskId}', { title: 'x' }, { 'if-match': '"1"' }],
        ['POST /v1/tasks/{taskId}/complete', undefined, { 'if-match': '"1"' }],
        ['POST /v1/tasks/{taskId}/not-attended', undefined, { 'if-match': '"1"' }],
        ['POST /v1/tasks/{taskId}/copy', {}, undefined],
      ] as const) {
        const res = await call(routeKey, reader, { pathParameters: { taskId }, ...(body ? { body } : {}), ...(headers ? { headers } : {}) });
        expect(res.statusCode, `${reader.id} ${routeKey}`).toBe(404);
      }
    }
  });

  it('moving a user to another branch and department moves who sees their tasks (re-keyed within the request; fields and version unchanged)', async () => {
    const before = json(await call('GET /v1/tasks/{taskId}', boss, { pathParameters: { taskId: mine[mover.id]![0]! } }));
    const current = json(
      await workspace(httpEvent({ routeKey: 'GET /v1/users/{userId}', as: admin, pathParameters: { userId: mover.id } }), contextOf('workspace-api')),
    );
    const moved = await workspace(
      httpEvent({
        routeKey: 'PATCH /v1/users/{userId}',
        as: admin,
        pathParameters: { userId: mover.id },
        body: { branchId: 'b1', departmentId: 'd1' },
        headers: { 'if-match': `"${current.version}"` },
      }),
      contextOf('workspace-api'),
    );
    expect(moved.statusCode, moved.body).toBe(200);
    const after = new Map(expected());
    after.set(branchUser, [boss, branchUser, seller, mover]);
    after.set(deptUser, [deptUser, clerk]);
    for (const [reader, seen] of after) {
      expect(ids((await pages('GET /v1/tasks/day', reader, { date: TEAM_DAY, scope: 'team' })).items), reader.id).toEqual(of(seen));
      const month = json(await call('GET /v1/tasks/month', reader, { query: { month: '2030-05', scope: 'team' } }));
      expect(month.days[13].total, reader.id).toBe(seen.length * 2);
    }
    const task = json(await call('GET /v1/tasks/{taskId}', boss, { pathParameters: { taskId: mine[mover.id]![0]! } }));
    expect(task.assignee).toMatchObject({ branchId: 'b1', departmentId: 'd1' });
    expect({ ...task, assignee: undefined }).toEqual({ ...before, assignee: undefined });
  });
});

describe('the client’s tasks tab', () => {
  it('newest date first, only tasks the caller may see; a client out of reach or of another tenant is a 404', async () => {
    const dates = ['2031-01-05', '2031-03-01', '2031-02-10'];
    const made = [];
    for (const date of dates) made.push(await create(seller, { title: `Cliente ${date}`, date, clientId }));
    const forClerk = await create(boss, { title: 'Del cobrador', date: '2031-04-01', clientId, assigneeId: clerk.id });
    const { items } = await pages('GET /v1/clients/{clientId}/tasks', boss, {}, { clientId });
    const dated = items.filter((t) => t.date >= '2031-01-01');
    expect(dated.map((t) => t.date)).toEqual(['2031-04-01', '2031-03-01', '2031-02-10', '2031-01-05']);
    const sellerTab = (await pages('GET /v1/clients/{clientId}/tasks', seller, {}, { clientId })).items;
    expect(sellerTab.map((t) => t.id)).not.toContain(forClerk.id);
    expect(sellerTab.every((t) => t.assigneeId === seller.id)).toBe(true);
    expect(sellerTab.map((t) => t.id)).toEqual(expect.arrayContaining(made.map((t) => t.id)));
    for (const reader of [mover, foreign]) {
      expect((await call('GET /v1/clients/{clientId}/tasks', reader, { pathParameters: { clientId } })).statusCode, reader.id).toBe(404);
    }
  });
});

describe('note → task (a next action becomes a task)', () => {
  const note = (as: TestUser, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    clientsApi(httpEvent({ routeKey: 'POST /v1/clients/{clientId}/notes', as, pathParameters: { clientId }, body, headers }), contextOf('clients-api'));

  it('creates the task for the note’s author on the note’s client in the same write; the note keeps the task id', async () => {
    const res = await note(seller, {
      text: 'Llamé: pide nueva cotización',
      treatment: 'Enviar cotización',
      task: { title: 'Enviar cotización', date: '2031-05-06', time: '09:30', type: 'call' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const written = json(res);
    expect(written.taskId).toBeTypeOf('string');
    const task = json(await call('GET /v1/tasks/{taskId}', seller, { pathParameters: { taskId: written.taskId } }));
    expect(task).toMatchObject({
      title: 'Enviar cotización',
      type: 'call',
      clientId,
      client: { name: 'Ferretería Tareas', address: 'Av. Alemania 0671' },
      assigneeId: seller.id,
      noteId: written.id,
      date: '2031-05-06',
      time: '09:30',
      status: 'open',
    });
    const day = (await pages('GET /v1/tasks/day', seller, { date: '2031-05-06' })).items;
    expect(day.map((t) => t.id)).toEqual([written.taskId]);
  });

  it('names another assignee within reach; a bad task refuses the whole note (400 naming /body/task/…) and writes nothing', async () => {
    const forBranch = await note(boss, { text: 'Coordinar visita', task: { title: 'Visitar', date: '2031-05-07', type: 'visit', assigneeId: branchUser.id } });
    expect(forBranch.statusCode, forBranch.body).toBe(201);
    expect(json(await call('GET /v1/tasks/{taskId}', boss, { pathParameters: { taskId: json(forBranch).taskId } })).assigneeId).toBe(branchUser.id);
    const before = (await pages('GET /v1/tasks/day', seller, { date: '2031-05-08' })).items;
    for (const [body, pointer] of [
      [{ text: 'x', task: { title: 'y', date: '2031-05-08', time: '25:00' } }, '/body/task/time'],
      [{ text: 'x', task: { title: '', date: '2031-05-08' } }, '/body/task/title'],
      [{ text: 'x', task: { title: 'y', date: '2031-05-08', assigneeId: clerk.id } }, '/body/task/assigneeId'],
    ] as const) {
      const res = await note(seller, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(json(res).errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    expect((await pages('GET /v1/tasks/day', seller, { date: '2031-05-08' })).items).toEqual(before);
  });
});
