import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AssigneeUnits, TaskStream } from '../../../domain/tasks/ports.ts';
import { monthOf } from '../../../domain/tasks/task-dates.ts';
import { statusRank, type Task, type TaskStatus } from '../../../domain/tasks/task.schema.ts';
import { keyFields } from './entities/model.ts';
import { stableShard } from './shards.ts';

/**
 * How tasks sit in the single table (docs/data-model.md, "Tasks"). Written with the document client (not
 * ElectroDB) because a task's write also moves counters with `ADD` and joins the note's transaction.
 *
 * - `T#<t>#TASK#<id>` / `TASK`: the task; `V#<version>`: its earlier versions.
 * - gsi1 `T#<t>#TASKS#A#<assignee>` / `<date>#<rank>#<time|->#<id>`: an assignee's calendar.
 * - gsi3 `T#<t>#TASKS#M#<YYYY-MM>` / the same sort key: the tenant's month, for team calendars.
 * - gsi5 `T#<t>#TASKS#B#<branch>#<YYYY-MM>` / the same sort key: a branch's month, by the units the task is keyed
 *   under (`unitBranchId`: its assignee's branch when written or last re-keyed; sparse).
 * - gsi6 `T#<t>#TASKS#D#<department>#<YYYY-MM>` / the same: a department's month (`unitDepartmentId`; sparse).
 * - gsi4 `T#<t>#TASKS#C#<client>` / `<date>#<time|->#<id>`: the client's tasks tab (tasks with a client).
 * - gsi2 `QUEUE#TASKS-DUE#<FNV-1a(tenant) mod 8>` / `<dueAt>#<t>#<id>`: open tasks by due instant (sparse).
 * - `T#<t>#TASKCOUNT#<YYYY-MM>` / `A#<assignee>`: counters `cDDs` (day of month, status letter), also in gsi5
 *   `T#<t>#TASKCOUNT#B#<branch>#<YYYY-MM>` and gsi6 `T#<t>#TASKCOUNT#D#<department>#<YYYY-MM>` (sk `A#<assignee>`)
 *   under the assignee's units, so a unit's counts are one query of its assignees' items.
 */
export const TASK_DUE_SHARDS = 8;
export const dueQueue = (n: number) => `QUEUE#TASKS-DUE#${n}`;

export const taskKey = (tenantId: string, id: string) => ({ pk: `T#${tenantId}#TASK#${id}`, sk: 'TASK' });
export const taskVersionKey = (tenantId: string, id: string, version: number) => ({
  pk: `T#${tenantId}#TASK#${id}`,
  sk: `V#${String(version).padStart(6, '0')}`,
});

/** All-day tasks (`-`) sort before any `HH:MM` of the same status. */
const timeKey = (task: Pick<Task, 'time'>) => task.time ?? '-';
export const calendarPosition = (task: Pick<Task, 'date' | 'status' | 'time' | 'id'>) => `${task.date}#${statusRank(task.status)}#${timeKey(task)}#${task.id}`;
export const clientPosition = (task: Pick<Task, 'date' | 'time' | 'id'>) => `${task.date}#${timeKey(task)}#${task.id}`;

/** The index and partition of a stream. */
export function streamIndex(tenantId: string, stream: TaskStream) {
  switch (stream.kind) {
    case 'assignee':
      return { gsi: keyFields.gsi1, pk: `T#${tenantId}#TASKS#A#${stream.assigneeId}` };
    case 'month':
      return { gsi: keyFields.gsi3, pk: `T#${tenantId}#TASKS#M#${stream.month}` };
    case 'branch':
      return { gsi: keyFields.gsi5, pk: `T#${tenantId}#TASKS#B#${stream.branchId}#${stream.month}` };
    case 'department':
      return { gsi: keyFields.gsi6, pk: `T#${tenantId}#TASKS#D#${stream.departmentId}#${stream.month}` };
    case 'client':
      return { gsi: keyFields.gsi4, pk: `T#${tenantId}#TASKS#C#${stream.clientId}` };
  }
}

export const TASK_FIELDS = [
  'id',
  'tenantId',
  'type',
  'title',
  'clientId',
  'client',
  'assigneeId',
  'date',
  'time',
  'dueAt',
  'colour',
  'notes',
  'status',
  'noteId',
  'copiedFrom',
  'completedAt',
  'completedBy',
  'version',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
] as const;

export function taskFromItem(item: Record<string, unknown>): Task {
  return Object.fromEntries(TASK_FIELDS.filter((f) => item[f] !== undefined && item[f] !== null).map((f) => [f, item[f]])) as unknown as Task;
}

/** The stored unit attributes and unit-stream keys of a task at `position` in `month` (absent units: no key). */
export function unitKeys(tenantId: string, month: string, position: string, units: AssigneeUnits): Record<string, string> {
  return {
    ...(units.branchId
      ? {
          unitBranchId: units.branchId,
          [keyFields.gsi5.pk]: streamIndex(tenantId, { kind: 'branch', branchId: units.branchId, month }).pk,
          [keyFields.gsi5.sk]: position,
        }
      : {}),
    ...(units.departmentId
      ? {
          unitDepartmentId: units.departmentId,
          [keyFields.gsi6.pk]: streamIndex(tenantId, { kind: 'department', departmentId: units.departmentId, month }).pk,
          [keyFields.gsi6.sk]: position,
        }
      : {}),
  };
}

/** The units a stored task is keyed under. */
export const storedUnits = (item: Record<string, unknown>): AssigneeUnits => ({
  branchId: item.unitBranchId as string | undefined,
  departmentId: item.unitDepartmentId as string | undefined,
});
export const sameUnits = (a: AssigneeUnits, b: AssigneeUnits) => (a.branchId ?? '') === (b.branchId ?? '') && (a.departmentId ?? '') === (b.departmentId ?? '');

/** The stored item of a task: its fields and the keys of every index it is in, its unit streams by its assignee's `units`. */
export function taskItem(task: Task, units: AssigneeUnits): Record<string, unknown> {
  const fields = Object.fromEntries(Object.entries(task).filter(([, v]) => v !== undefined));
  const position = calendarPosition(task);
  return {
    ...taskKey(task.tenantId, task.id),
    entity: 'task',
    ...fields,
    ...unitKeys(task.tenantId, monthOf(task.date), position, units),
    [keyFields.gsi1.pk]: streamIndex(task.tenantId, { kind: 'assignee', assigneeId: task.assigneeId }).pk,
    [keyFields.gsi1.sk]: position,
    [keyFields.gsi3.pk]: streamIndex(task.tenantId, { kind: 'month', month: monthOf(task.date) }).pk,
    [keyFields.gsi3.sk]: position,
    ...(task.clientId
      ? { [keyFields.gsi4.pk]: streamIndex(task.tenantId, { kind: 'client', clientId: task.clientId }).pk, [keyFields.gsi4.sk]: clientPosition(task) }
      : {}),
    // Only open tasks wait for the not-attended job.
    ...(task.status === 'open'
      ? { [keyFields.gsi2.pk]: dueQueue(stableShard(task.tenantId, TASK_DUE_SHARDS)), [keyFields.gsi2.sk]: `${task.dueAt}#${task.tenantId}#${task.id}` }
      : {}),
  };
}

const STATUS_LETTER: Record<TaskStatus, string> = { in_progress: 'p', open: 'o', not_attended: 'n', completed: 'c' };
export const LETTER_STATUS = Object.fromEntries(Object.entries(STATUS_LETTER).map(([s, l]) => [l, s])) as Record<string, TaskStatus>;
export const countersKey = (tenantId: string, month: string, assigneeId: string) => ({ pk: `T#${tenantId}#TASKCOUNT#${month}`, sk: `A#${assigneeId}` });
/** The index partition of a unit's counters items in a month. */
export const unitCountersIndex = (tenantId: string, month: string, unit: { branchId: string } | { departmentId: string }) =>
  'branchId' in unit
    ? { gsi: keyFields.gsi5, pk: `T#${tenantId}#TASKCOUNT#B#${unit.branchId}#${month}` }
    : { gsi: keyFields.gsi6, pk: `T#${tenantId}#TASKCOUNT#D#${unit.departmentId}#${month}` };

/**
 * `SET` / `REMOVE` clauses that put an assignee's counters item of `month` under `units` in gsi5/gsi6
 * (names and values prefixed `u`, so they join another update expression).
 */
export function counterUnitClauses(tenantId: string, month: string, assigneeId: string, units: AssigneeUnits) {
  const set: string[] = [];
  const remove: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  const sk = countersKey(tenantId, month, assigneeId).sk;
  for (const [field, gsi, id] of [
    ['branchId', keyFields.gsi5, units.branchId && unitCountersIndex(tenantId, month, { branchId: units.branchId }).pk],
    ['departmentId', keyFields.gsi6, units.departmentId && unitCountersIndex(tenantId, month, { departmentId: units.departmentId }).pk],
  ] as const) {
    const unit = field === 'branchId' ? units.branchId : units.departmentId;
    names[`#u${field}`] = field;
    names[`#u${field}pk`] = gsi.pk;
    names[`#u${field}sk`] = gsi.sk;
    if (unit && id) {
      set.push(`#u${field} = :u${field}`, `#u${field}pk = :u${field}pk`, `#u${field}sk = :u${field}sk`);
      Object.assign(values, { [`:u${field}`]: unit, [`:u${field}pk`]: id, [`:u${field}sk`]: sk });
    } else remove.push(`#u${field}`, `#u${field}pk`, `#u${field}sk`);
  }
  return { set, remove, names, values };
}
/** The counter attribute of a task's cell: `c` + day of month + status letter. */
const cell = (task: Pick<Task, 'date' | 'status'>) => `c${task.date.slice(8, 10)}${STATUS_LETTER[task.status]}`;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The counter updates that take `before` out of its cell and put `after` in its own (either may be absent):
 * one `ADD` per counters item touched, none when the cell does not change. The counters item of `after`'s
 * assignee is also put under `units` (theirs, checked in the same transaction) in the unit indexes.
 */
export function counterMoves(tableName: string, before: Task | undefined, after: Task | undefined, units?: AssigneeUnits): TransactItem[] {
  const deltas = new Map<string, { key: ReturnType<typeof countersKey>; tenantId: string; assigneeId: string; month: string; cells: Map<string, number> }>();
  const add = (task: Task, delta: number) => {
    const month = monthOf(task.date);
    const key = countersKey(task.tenantId, month, task.assigneeId);
    const id = `${key.pk}|${key.sk}`;
    const entry = deltas.get(id) ?? { key, tenantId: task.tenantId, assigneeId: task.assigneeId, month, cells: new Map() };
    entry.cells.set(cell(task), (entry.cells.get(cell(task)) ?? 0) + delta);
    deltas.set(id, entry);
  };
  if (before) add(before, -1);
  if (after) add(after, 1);
  const items: TransactItem[] = [];
  for (const entry of deltas.values()) {
    const cells = [...entry.cells].filter(([, d]) => d !== 0);
    if (cells.length === 0) continue;
    const names = Object.fromEntries(cells.map(([name], i) => [`#c${i}`, name]));
    const values = Object.fromEntries(cells.map(([, d], i) => [`:c${i}`, d]));
    const placed =
      units && after && entry.assigneeId === after.assigneeId ? counterUnitClauses(entry.tenantId, entry.month, entry.assigneeId, units) : undefined;
    const set = ['tenantId = :t', 'assigneeId = :a', '#month = :m', ...(placed?.set ?? [])].join(', ');
    const remove = placed?.remove.length ? ` REMOVE ${placed.remove.join(', ')}` : '';
    items.push({
      Update: {
        TableName: tableName,
        Key: entry.key,
        UpdateExpression: `SET ${set} ADD ${cells.map((_, i) => `#c${i} :c${i}`).join(', ')}${remove}`,
        ExpressionAttributeNames: { '#month': 'month', ...names, ...placed?.names },
        ExpressionAttributeValues: { ':t': entry.tenantId, ':a': entry.assigneeId, ':m': entry.month, ...values, ...placed?.values },
      },
    });
  }
  return items;
}

/** The user item's key (ElectroDB's `user` entity: `T#<t>` / `USER#<id>`). */
export const userKey = (tenantId: string, userId: string) => ({ pk: `T#${tenantId}`, sk: `USER#${userId}` });

/**
 * A check that the user's record still holds `units`: every write that keys a task by its assignee's units
 * carries it, so no write can key a task under units the assignee has left (a move cancels it, and it is
 * retried with the units read again). A missing user holds no units.
 */
export function unitsCheck(tableName: string, tenantId: string, userId: string, units: AssigneeUnits): TransactItem {
  const clause = (name: string, value: string | undefined) => (value ? `#${name} = :${name}` : `attribute_not_exists(#${name})`);
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: userKey(tenantId, userId),
      ConditionExpression: `${clause('branchId', units.branchId)} AND ${clause('departmentId', units.departmentId)}`,
      ExpressionAttributeNames: { '#branchId': 'branchId', '#departmentId': 'departmentId' },
      ...(units.branchId || units.departmentId
        ? {
            ExpressionAttributeValues: {
              ...(units.branchId ? { ':branchId': units.branchId } : {}),
              ...(units.departmentId ? { ':departmentId': units.departmentId } : {}),
            },
          }
        : {}),
    },
  };
}

/**
 * The transaction items that create a task (the note → task seam adds them to the note's transaction),
 * the assignee's units check last.
 */
export function createTaskItems(tableName: string, task: Task, units: AssigneeUnits): TransactItem[] {
  return [
    { Put: { TableName: tableName, Item: taskItem(task, units), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...counterMoves(tableName, undefined, task, units),
    unitsCheck(tableName, task.tenantId, task.assigneeId, units),
  ];
}
