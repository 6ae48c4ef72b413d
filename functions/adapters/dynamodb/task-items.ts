import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TaskStream } from '../../../domain/tasks/ports.ts';
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
 * - gsi4 `T#<t>#TASKS#C#<client>` / `<date>#<time|->#<id>`: the client's tasks tab (tasks with a client).
 * - gsi2 `QUEUE#TASKS-DUE#<FNV-1a(tenant) mod 8>` / `<dueAt>#<t>#<id>`: open tasks by due instant (sparse).
 * - `T#<t>#TASKCOUNT#<YYYY-MM>` / `A#<assignee>`: counters `cDDs` (day of month, status letter).
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

/** The stored item of a task: its fields and the keys of every index it is in. */
export function taskItem(task: Task): Record<string, unknown> {
  const fields = Object.fromEntries(Object.entries(task).filter(([, v]) => v !== undefined));
  const position = calendarPosition(task);
  return {
    ...taskKey(task.tenantId, task.id),
    entity: 'task',
    ...fields,
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
/** The counter attribute of a task's cell: `c` + day of month + status letter. */
const cell = (task: Pick<Task, 'date' | 'status'>) => `c${task.date.slice(8, 10)}${STATUS_LETTER[task.status]}`;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The counter updates that take `before` out of its cell and put `after` in its own (either may be absent):
 * one `ADD` per counters item touched, none when the cell does not change.
 */
export function counterMoves(tableName: string, before: Task | undefined, after: Task | undefined): TransactItem[] {
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
    items.push({
      Update: {
        TableName: tableName,
        Key: entry.key,
        UpdateExpression: `SET tenantId = :t, assigneeId = :a, #month = :m ADD ${cells.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ExpressionAttributeNames: { '#month': 'month', ...names },
        ExpressionAttributeValues: { ':t': entry.tenantId, ':a': entry.assigneeId, ':m': entry.month, ...values },
      },
    });
  }
  return items;
}

/** The transaction items that create a task (the note → task seam adds them to the note's transaction). */
export function createTaskItems(tableName: string, task: Task): TransactItem[] {
  return [
    { Put: { TableName: tableName, Item: taskItem(task), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...counterMoves(tableName, undefined, task),
  ];
}
