import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../../../domain/shared/errors.ts';
import type { CountSource, TaskCountCell, TaskRepository } from '../../../domain/tasks/ports.ts';
import type { Task } from '../../../domain/tasks/task.schema.ts';
import { appliedIf, isConditionalFailure } from './conditional.ts';
import { keyFields } from './entities/model.ts';
import { oldestFirst } from './shards.ts';
import {
  counterMoves,
  countersKey,
  createTaskItems,
  dueQueue,
  LETTER_STATUS,
  streamIndex,
  TASK_DUE_SHARDS,
  taskFromItem,
  taskItem,
  taskKey,
  taskVersionKey,
  unitCountersIndex,
  unitsCheck,
} from './task-items.ts';
import { dynamoTaskRekey } from './task-rekey.ts';
import { sendWithUnits } from './task-units.ts';

const COUNTER = /^c(\d\d)([ponc])$/;

/** The non-zero cells of one counters item. */
function cellsOf(item: Record<string, unknown>, month: string): TaskCountCell[] {
  const cells: TaskCountCell[] = [];
  for (const [name, value] of Object.entries(item)) {
    const m = COUNTER.exec(name);
    if (m && typeof value === 'number' && value !== 0)
      cells.push({ assigneeId: item.assigneeId as string, date: `${month}-${m[1]}`, status: LETTER_STATUS[m[2]!]!, count: value });
  }
  return cells;
}

/**
 * Tasks in their own partitions, read through five streams and the month counters (task-items.ts).
 * Stream reads are key-range queries with `Limit`; a team read drops the tasks of assignees no longer in the
 * unit (moved, not yet re-keyed) after reading them, bounded by `maxRead` per page. Every write keys the task
 * under its assignee's units and checks them against the user's record in the same transaction.
 */
export function dynamoTaskRepository(document: DynamoDBDocumentClient, tableName: string): TaskRepository {
  return {
    ...dynamoTaskRekey(document, tableName),
    async create(task, units) {
      try {
        await sendWithUnits(document, tableName, { tenantId: task.tenantId, userId: task.assigneeId }, units, (u) => createTaskItems(tableName, task, u));
      } catch (error) {
        if (isConditionalFailure(error)) throw conflict('task', 'id', task.id);
        throw error;
      }
    },
    async get(tenantId, id) {
      const { Item } = await document.send(new GetCommand({ TableName: tableName, Key: taskKey(tenantId, id), ConsistentRead: true }));
      return Item ? taskFromItem(Item) : undefined;
    },
    async update(next, previous, units) {
      return appliedIf(() =>
        // A reassignment moves the task between unit streams here, under the new assignee's checked units.
        sendWithUnits(document, tableName, { tenantId: next.tenantId, userId: next.assigneeId }, units, (u) => [
          {
            Put: {
              TableName: tableName,
              Item: taskItem(next, u),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': previous.version },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { ...taskVersionKey(previous.tenantId, previous.id, previous.version), task: previous },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...counterMoves(tableName, previous, next, u),
          unitsCheck(tableName, next.tenantId, next.assigneeId, u),
        ]),
      );
    },
    async history(tenantId, id) {
      const items: Task[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await document.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
            ExpressionAttributeValues: { ':pk': taskKey(tenantId, id).pk, ':v': 'V#' },
            ScanIndexForward: false,
            ExclusiveStartKey: start,
            Limit: 100,
          }),
        );
        items.push(...(page.Items ?? []).map((i) => i.task as Task));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
    async read(tenantId, stream, range, page) {
      const { gsi, pk } = streamIndex(tenantId, stream);
      const descending = page.descending ?? false;
      let { lo, hi } = range;
      if (page.after !== undefined) {
        // Resuming: from the item the previous page ended on (dropped below), BETWEEN being inclusive.
        if (descending && page.after < hi) hi = page.after;
        if (!descending && page.after > lo) lo = page.after;
      }
      if (lo > hi) return { items: [], read: 0 };
      const kept: Array<{ task: Task; at: string }> = [];
      let read = 0;
      let lastRead: string | undefined;
      let start: Record<string, unknown> | undefined;
      const maxRead = page.maxRead ?? Number.POSITIVE_INFINITY;
      do {
        // An empty lower bound is no bound (a key condition cannot hold an empty string).
        const result = await document.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: gsi.index,
            KeyConditionExpression: lo !== '' ? '#pk = :pk AND #sk BETWEEN :lo AND :hi' : '#pk = :pk AND #sk <= :hi',
            ExpressionAttributeNames: { '#pk': gsi.pk, '#sk': gsi.sk },
            ExpressionAttributeValues: { ':pk': pk, ':hi': hi, ...(lo !== '' ? { ':lo': lo } : {}) },
            ScanIndexForward: !descending,
            // One more than the page tells whether more follow; one more again for the resumed-from item.
            Limit: Math.min(page.limit + 2, Math.max(1, maxRead - read)),
            ExclusiveStartKey: start,
          }),
        );
        for (const item of result.Items ?? []) {
          const at = item[gsi.sk] as string;
          read++;
          lastRead = at;
          if (at === page.after) continue;
          const task = taskFromItem(item);
          if (!page.keep || page.keep(task)) kept.push({ task, at });
        }
        start = result.LastEvaluatedKey;
      } while (start && kept.length <= page.limit && read < maxRead);
      if (kept.length > page.limit) {
        const items = kept.slice(0, page.limit);
        return { items: items.map((k) => k.task), after: items.at(-1)!.at, read };
      }
      // Stopped by the read budget: the next page resumes after the last item read.
      return { items: kept.map((k) => k.task), after: start ? lastRead : undefined, read };
    },
    async monthCounts(tenantId, month, source: CountSource = { kind: 'tenant' }) {
      const cells: TaskCountCell[] = [];
      if (source.kind === 'assignee') {
        const { Item } = await document.send(new GetCommand({ TableName: tableName, Key: countersKey(tenantId, month, source.assigneeId) }));
        return Item ? cellsOf(Item, month) : [];
      }
      const index =
        source.kind === 'branch'
          ? unitCountersIndex(tenantId, month, { branchId: source.branchId })
          : source.kind === 'department'
            ? unitCountersIndex(tenantId, month, { departmentId: source.departmentId })
            : undefined;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await document.send(
          new QueryCommand({
            TableName: tableName,
            ...(index
              ? {
                  IndexName: index.gsi.index,
                  KeyConditionExpression: '#pk = :pk',
                  ExpressionAttributeNames: { '#pk': index.gsi.pk },
                  ExpressionAttributeValues: { ':pk': index.pk },
                }
              : { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `T#${tenantId}#TASKCOUNT#${month}` } }),
            ExclusiveStartKey: start,
            Limit: 1000,
          }),
        );
        for (const item of page.Items ?? []) cells.push(...cellsOf(item, month));
        start = page.LastEvaluatedKey;
      } while (start);
      return cells;
    },
    async due(now, limit) {
      const gsi = keyFields.gsi2;
      const pages = await Promise.all(
        Array.from({ length: TASK_DUE_SHARDS }, async (_, n) => {
          const result = await document.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: gsi.index,
              KeyConditionExpression: '#pk = :pk AND #sk <= :now',
              ExpressionAttributeNames: { '#pk': gsi.pk, '#sk': gsi.sk },
              ExpressionAttributeValues: { ':pk': dueQueue(n), ':now': `${now}#~` },
              Limit: limit,
            }),
          );
          return (result.Items ?? []).map((i) => ({ tenantId: i.tenantId as string, id: i.id as string, dueAt: i.dueAt as string, at: i[gsi.sk] as string }));
        }),
      );
      return oldestFirst(pages, { sortKey: (d) => d.at, identity: (d) => `${d.tenantId}/${d.id}` }, limit).map(({ tenantId, id, dueAt }) => ({
        tenantId,
        id,
        dueAt,
      }));
    },
  };
}
