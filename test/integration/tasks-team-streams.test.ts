import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/shared/actor.ts';
import { rekeyUserTasks, runTaskRekeys } from '../../domain/tasks/task-rekey.use-case.ts';
import { createTask, editTask, tasksOfDay, tasksOfMonth } from '../../domain/tasks/task.use-cases.ts';
import type { User } from '../../domain/workspace/user.schema.ts';
import { countersKey, taskItem, taskKey } from '../../functions/adapters/dynamodb/task-items.ts';
import { dynamoTaskRepository } from '../../functions/adapters/dynamodb/task.repository.ts';
import type { TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

/**
 * Team calendars from the unit month streams (decision "Team calendars: unit month streams, re-keyed by a
 * worker") on DynamoDB Local, through the use cases over a document client that counts what it sends:
 * a level-2 reader reads its branch's stream, level 3 its department's, level 4 its own (one query each,
 * plus the users and one counters read); a move between departments is seen by the old and new
 * department as documented before and after the re-key, with counts following; two re-keys at once count
 * nothing twice; a task written with the units of before the move ends in the new unit's stream; a task
 * stored before unit streams existed gets its unit keys from the same worker.
 */
const deps = testDeps();
const table = deps.config.tableName;
const sent: string[] = [];
const counting = {
  send: (command: { constructor: { name: string } }) => {
    sent.push(command.constructor.name);
    return deps.document.send(command as never);
  },
} as unknown as DynamoDBDocumentClient;
const tasks = dynamoTaskRepository(counting, table);
const users = {
  get: deps.users.get,
  list: (...args: Parameters<typeof deps.users.list>) => {
    sent.push('UsersQuery');
    return deps.users.list(...args);
  },
};
const taskDeps = { tasks, users, clients: deps.clients, tenants: deps.tenants, clock: deps.clock, ids: deps.ids };
const worker = { tasks, clock: deps.clock };

const MONTH = '2031-02';
const DAY = `${MONTH}-12`;
let tenantId: string;
let reader2: TestUser; // level 2, branch b1 (department d4)
let reader3: TestUser; // level 3, department d1 (branch b1)
let reader3b: TestUser; // level 3, department d2 (branch b2)
let own4: TestUser; // level 4, b1 / d1
let mover: TestUser; // level 4, b1 / d1, moved to b2 / d2
let other: TestUser; // level 4, b2 / d2
const byUser = new Map<string, string[]>();

const actor = (u: TestUser): Actor => ({
  tenantId: u.tenantId,
  userId: u.id,
  accessLevel: u.accessLevel,
  permissions: [],
  ...(u.branchId ? { branchId: u.branchId } : {}),
  ...(u.departmentId ? { departmentId: u.departmentId } : {}),
});
const ids = (items: Array<{ id: string }>) => items.map((t) => t.id).sort();
const of = (...us: TestUser[]) => us.flatMap((u) => byUser.get(u.id)!).sort();

async function month(u: TestUser) {
  sent.length = 0;
  const page = await tasksOfMonth(taskDeps)(actor(u), { month: MONTH, scope: 'team' }, { limit: 500 });
  return { page, sent: [...sent], total: page.days.reduce((s, d) => s + d.total, 0) };
}
async function day(u: TestUser) {
  sent.length = 0;
  const page = await tasksOfDay(taskDeps)(actor(u), { date: DAY, scope: 'team' }, { limit: 500 });
  return { page, sent: [...sent] };
}
const queries = (commands: string[]) => commands.filter((c) => c === 'QueryCommand' || c === 'UsersQuery').length;

async function moveUser(u: TestUser, units: { branchId: string; departmentId: string }) {
  const current = (await deps.users.get(tenantId, u.id))!;
  const next: User = { ...current, ...units, version: current.version + 1 };
  await deps.users.update(next, current);
  Object.assign(u, units);
}
const stored = async (id: string) => (await deps.document.send(new GetCommand({ TableName: table, Key: taskKey(tenantId, id) }))).Item!;

beforeAll(async () => {
  ({ tenantId } = await newTenant(deps));
  reader2 = await newUser(deps, tenantId, { accessLevel: 2, branchId: 'b1', departmentId: 'd4' });
  reader3 = await newUser(deps, tenantId, { accessLevel: 3, branchId: 'b1', departmentId: 'd1' });
  reader3b = await newUser(deps, tenantId, { accessLevel: 3, branchId: 'b2', departmentId: 'd2' });
  own4 = await newUser(deps, tenantId, { accessLevel: 4, branchId: 'b1', departmentId: 'd3' });
  mover = await newUser(deps, tenantId, { accessLevel: 4, branchId: 'b1', departmentId: 'd1' });
  other = await newUser(deps, tenantId, { accessLevel: 4, branchId: 'b2', departmentId: 'd2' });
  for (const u of [reader2, reader3, reader3b, own4, mover, other]) {
    const mine: string[] = [];
    // Two on the day, one later in the month, one all day.
    for (const [date, time] of [
      [DAY, '09:00'],
      [DAY, undefined],
      [`${MONTH}-20`, '15:30'],
    ] as const)
      mine.push((await createTask(taskDeps)(actor(u), { type: 'task', title: `De ${u.id}`, date, ...(time ? { time } : {}), colour: 'blue' })).id);
    byUser.set(u.id, mine);
  }
}, 60_000);

describe('team calendars read their unit’s stream', () => {
  it('level 2 its branch, level 3 its department, level 4 its own: the month in ≤ 2 queries + one counters read, the day in 2', async () => {
    const cases = [
      [reader2, [reader2, reader3, own4, mover]],
      [reader3, [reader3, mover]],
      [reader3b, [reader3b, other]],
      [own4, [own4]],
    ] as const;
    for (const [reader, seen] of cases) {
      const m = await month(reader);
      expect(ids(m.page.items), reader.id).toEqual(of(...seen));
      expect(m.total, reader.id).toBe(seen.length * 3);
      expect(m.page.days[11], reader.id).toMatchObject({ date: DAY, open: seen.length * 2 });
      // The users (1) and the unit's stream (1), plus the counters (a query of the unit's counters index, or one item).
      expect(queries(m.sent), `${reader.id}: ${m.sent}`).toBeLessThanOrEqual(3);
      expect(m.sent.filter((c) => c === 'QueryCommand').length + m.sent.filter((c) => c === 'GetCommand').length, reader.id).toBe(2);
      const d = await day(reader);
      expect(ids(d.page.items), reader.id).toEqual(of(...seen).filter((id) => !seen.some((u) => byUser.get(u.id)![2] === id)));
      expect(queries(d.sent), reader.id).toBe(2);
    }
  });

  it('reassigning a task moves it between unit streams in its own write, counts too', async () => {
    const id = byUser.get(own4.id)![2]!;
    const before = { d1: (await month(reader3)).total, d2: (await month(reader3b)).total };
    await editTask(taskDeps)(actor(reader2), id, { assigneeId: reader3.id }, 1);
    const m = await month(reader3);
    expect(ids(m.page.items)).toContain(id);
    expect(m.total).toBe(before.d1 + 1);
    expect((await stored(id)).unitDepartmentId).toBe('d1');
    await editTask(taskDeps)(actor(reader2), id, { assigneeId: own4.id }, 2);
    expect(ids((await month(reader3)).page.items)).not.toContain(id);
    expect((await month(reader3)).total).toBe(before.d1);
    expect((await month(reader3b)).total).toBe(before.d2);
  });
});

describe('a move between departments', () => {
  it('before the re-key the old department no longer lists the mover and the new one not yet; after it the new one does, counts follow', async () => {
    await moveUser(mover, { branchId: 'b2', departmentId: 'd2' });
    // Moved, not re-keyed: the old unit's stream still holds the tasks, read and dropped (their assignee left).
    const oldBefore = await month(reader3);
    expect(ids(oldBefore.page.items)).toEqual(of(reader3));
    expect(oldBefore.total).toBe(3);
    const newBefore = await month(reader3b);
    expect(ids(newBefore.page.items)).toEqual(of(reader3b, other));
    expect(newBefore.total).toBe(6);

    // Two re-keys of the same user at once: each task rewritten once or twice with the same keys, counts untouched.
    const [a, b] = await Promise.all([
      rekeyUserTasks(worker)(tenantId, mover.id, { pageSize: 2 }),
      rekeyUserTasks(worker)(tenantId, mover.id, { pageSize: 2 }),
    ]);
    expect(a.complete && b.complete).toBe(true);
    expect(a.rekeyed + b.rekeyed).toBeGreaterThanOrEqual(3);
    for (const id of byUser.get(mover.id)!) expect(await stored(id)).toMatchObject({ unitBranchId: 'b2', unitDepartmentId: 'd2' });

    const oldAfter = await month(reader3);
    expect(ids(oldAfter.page.items)).toEqual(of(reader3));
    expect(oldAfter.total).toBe(3);
    const newAfter = await month(reader3b);
    expect(ids(newAfter.page.items)).toEqual(of(reader3b, other, mover));
    expect(newAfter.total).toBe(9);
    expect(newAfter.page.days[11]).toMatchObject({ open: 6 });
    // The branch streams moved too: b1 lost the mover, b2 has no level-2 reader here but its counters hold them.
    expect(ids((await month(reader2)).page.items)).toEqual(of(reader2, reader3, own4));
    const counters = (await deps.document.send(new GetCommand({ TableName: table, Key: countersKey(tenantId, MONTH, mover.id) }))).Item!;
    expect(counters).toMatchObject({ branchId: 'b2', departmentId: 'd2' });
    // Nothing is left queued for the mover, and a re-key run again (the repair path) re-keys nothing.
    expect((await tasks.pendingRekeys(1000)).filter((j) => j.tenantId === tenantId)).toEqual([]);
    expect(await rekeyUserTasks(worker)(tenantId, mover.id)).toMatchObject({ rekeyed: 0, counters: 0, read: 3, complete: true });
  });

  it('a task written with the units of before a move ends under the new ones (the write checks them and retries)', async () => {
    const created = await createTask(taskDeps)(actor(other), { type: 'call', title: 'Durante', date: DAY, colour: 'blue' });
    await moveUser(other, { branchId: 'b1', departmentId: 'd1' });
    const current = (await tasks.get(tenantId, created.id))!;
    // As a request that read the user before the move would write it: with b2 / d2.
    const applied = await tasks.update({ ...current, title: 'Durante (editada)', version: 2 }, current, { branchId: 'b2', departmentId: 'd2' });
    expect(applied).toBe(true);
    expect(await stored(created.id)).toMatchObject({ unitBranchId: 'b1', unitDepartmentId: 'd1', title: 'Durante (editada)' });
    // A create racing the same way.
    const raced = { ...current, id: `${current.id}x`, version: 1 };
    await tasks.create(raced, { branchId: 'b2', departmentId: 'd2' });
    expect(await stored(raced.id)).toMatchObject({ unitBranchId: 'b1', unitDepartmentId: 'd1' });
    // The worker, run while tasks are being written, leaves every task of the user under b1 / d1.
    const writes = Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createTask(taskDeps)(actor(other), { type: 'task', title: `Mientras ${i}`, date: `${MONTH}-0${i + 1}`, colour: 'blue' }),
      ),
    );
    const [, written] = await Promise.all([rekeyUserTasks(worker)(tenantId, other.id, { pageSize: 3 }), writes]);
    for (const t of [...written, created]) expect(await stored(t.id), t.id).toMatchObject({ unitBranchId: 'b1', unitDepartmentId: 'd1' });
    const d1 = await month(reader3);
    expect(ids(d1.page.items)).toEqual([...of(reader3), ...[...written, created, raced].map((t) => t.id), ...byUser.get(other.id)!].sort());
    expect(d1.total).toBe(3 + 3 + 1 + 1 + 6);
  });

  it('a task stored before unit streams existed gets its unit keys from the worker (the one-off migration path)', async () => {
    const legacy = {
      ...(await tasks.get(tenantId, byUser.get(own4.id)![0]!))!,
      id: `legacy-${Date.now()}`,
    };
    // The item as the task write stored it before: no unit attributes, no gsi5/gsi6 keys.
    const item = Object.fromEntries(Object.entries(taskItem(legacy, {})).filter(([k]) => !k.startsWith('unit')));
    await deps.document.send(new PutCommand({ TableName: table, Item: item }));
    expect(ids((await month(reader2)).page.items)).not.toContain(legacy.id);
    await tasks.queueRekey(tenantId, own4.id, new Date().toISOString());
    const report = await runTaskRekeys(worker)({ jobs: 1000 });
    expect(report.complete).toBe(true);
    expect(await stored(legacy.id)).toMatchObject({ unitBranchId: 'b1', unitDepartmentId: 'd3' });
    expect(ids((await month(reader2)).page.items)).toContain(legacy.id);
  });
});
