import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { markOverdueTasks, NOT_ATTENDED_JOB } from '../../domain/tasks/not-attended.use-case.ts';
import type { TaskView } from '../../domain/tasks/task.use-cases.ts';
import { dynamoClients } from '../../functions/adapters/aws-clients.ts';
import { dynamoTaskRepository } from '../../functions/adapters/dynamodb/task.repository.ts';
import { readConfig } from '../../functions/config.ts';
import { FakeClock } from '../domain/fakes.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

/**
 * The tasks-not-attended job on DynamoDB Local: open tasks whose time passed (all day: the end of the
 * tenant-local day) become not attended, each exactly once, even with two runs at once; completed, started
 * and later tasks are left alone; a task edited to a later time leaves the due index until then. Its tasks
 * are in 1995, before every other test's dates, so the job's "now" never reaches theirs.
 */
const { handler } = await import('../../functions/http/tasks-api.handler.ts');
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  handler(httpEvent({ routeKey, as, ...extra }), contextOf('tasks-api'));
const deps = testDeps();
let admin: TestUser;
const create = async (body: Record<string, unknown>) => {
  const res = await call('POST /v1/tasks', admin, { body });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as TaskView;
};
const get = async (id: string) => json(await call('GET /v1/tasks/{taskId}', admin, { pathParameters: { taskId: id } }));
const job = (at: string) => markOverdueTasks({ tasks: deps.tasks, clock: new FakeClock(at) });

let timed: TaskView; // 1995-05-10 10:00 local
let allDay: TaskView; // 1995-05-31, all day
let completed: TaskView;
let started: TaskView;
let later: TaskView;
let moved: TaskView;

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  timed = await create({ title: 'Llamar', date: '1995-05-10', time: '10:00' });
  allDay = await create({ title: 'Todo el día', date: '1995-05-31' });
  completed = await create({ title: 'Hecha', date: '1995-05-09', time: '09:00' });
  await call('POST /v1/tasks/{taskId}/complete', admin, { pathParameters: { taskId: completed.id }, headers: { 'if-match': '"1"' } });
  started = await create({ title: 'Empezada', date: '1995-05-09', time: '09:30' });
  await call('PATCH /v1/tasks/{taskId}', admin, { pathParameters: { taskId: started.id }, body: { status: 'in_progress' }, headers: { 'if-match': '"1"' } });
  later = await create({ title: 'Más tarde', date: '1995-12-01', time: '12:00' });
  moved = await create({ title: 'Movida', date: '1995-05-01', time: '08:00' });
  const res = await call('PATCH /v1/tasks/{taskId}', admin, {
    pathParameters: { taskId: moved.id },
    body: { date: '1995-07-01' },
    headers: { 'if-match': '"1"' },
  });
  expect(res.statusCode, res.body).toBe(200);
});

describe('the not-attended job', () => {
  it('two runs at once mark each passed open task exactly once; the rest are untouched', async () => {
    // 1995-06-01 00:00 UTC is still 31 May in Santiago (UTC−4): the all-day task is not due yet.
    const [a, b] = await Promise.all([job('1995-06-01T00:00:00.000Z')(), job('1995-06-01T00:00:00.000Z')()]);
    expect(a.marked + b.marked).toBe(1);
    const marked = await get(timed.id);
    expect(marked).toMatchObject({ status: 'not_attended', version: 2, updatedBy: NOT_ATTENDED_JOB });
    expect(marked.history).toHaveLength(1);
    for (const [task, status, version] of [
      [allDay, 'open', 1],
      [completed, 'completed', 2],
      [started, 'in_progress', 2],
      [later, 'open', 1],
      [moved, 'open', 2],
    ] as const) {
      expect(await get(task.id), task.title).toMatchObject({ status, version });
    }
    // Run again: nothing left to do.
    expect((await job('1995-06-01T00:00:00.000Z')()).marked).toBe(0);
  });

  it('an all-day task is due at the end of its local day; a task moved later waits for its new time; the counts follow', async () => {
    expect(allDay.dueAt).toBe('1995-06-01T04:00:00.000Z');
    expect((await job('1995-06-01T05:00:00.000Z')()).marked).toBe(1);
    expect(await get(allDay.id)).toMatchObject({ status: 'not_attended' });
    expect(await get(moved.id)).toMatchObject({ status: 'open' });
    const at = (await job('1995-07-02T00:00:00.000Z')()).marked;
    expect(at).toBe(1);
    expect(await get(moved.id)).toMatchObject({ status: 'not_attended', version: 3 });
    const may = json(await call('GET /v1/tasks/month', admin, { query: { month: '1995-05' } }));
    expect(may.days[9]).toMatchObject({ date: '1995-05-10', open: 0, not_attended: 1 });
    expect(may.days[30]).toMatchObject({ date: '1995-05-31', open: 0, not_attended: 1 });
    expect(await get(later.id)).toMatchObject({ status: 'open', version: 1 });
  });

  it('a run whose writes fail marks nothing, and the next run catches up (level-triggered)', async () => {
    const task = await create({ title: 'Pendiente', date: '1995-08-01', time: '09:00' });
    const config = readConfig();
    const faulty = dynamoClients(config).document;
    const real = dynamoClients(config).document;
    const mock = mockClient(faulty);
    mock.on(QueryCommand).callsFake((input) => real.send(new QueryCommand(input)));
    mock.on(GetCommand).callsFake((input) => real.send(new GetCommand(input)));
    mock.on(TransactWriteCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const broken = markOverdueTasks({ tasks: dynamoTaskRepository(faulty, config.tableName), clock: new FakeClock('1995-08-02T00:00:00.000Z') });
    await expect(broken()).rejects.toThrow(/Rate exceeded/);
    mock.restore();
    expect(await get(task.id)).toMatchObject({ status: 'open', version: 1 });
    expect((await job('1995-08-02T00:00:00.000Z')()).marked).toBe(1);
    expect(await get(task.id)).toMatchObject({ status: 'not_attended', version: 2 });
  });
});
