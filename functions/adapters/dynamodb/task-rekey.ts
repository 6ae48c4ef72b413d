import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AssigneeUnits, RekeyJob, RekeyPage } from '../../../domain/tasks/ports.ts';
import { isConditionalFailure } from './conditional.ts';
import { keyFields } from './entities/model.ts';
import { counterUnitClauses, countersKey, sameUnits, storedUnits, streamIndex, taskKey, unitKeys, unitsCheck } from './task-items.ts';
import { cancellationCodes, readUnits } from './task-units.ts';

/**
 * The re-key of a moved user's tasks (decision "Team calendars: unit month streams, re-keyed by a worker").
 * A job item per user, `T#<t>#TASKREKEY` / `USER#<id>` in gsi2 `QUEUE#TASKS-REKEY` / `<queuedAt>#<t>#<id>`;
 * the worker walks the user's assignee stream (gsi1) and rewrites the unit keys of every task keyed under
 * other units than the user's current ones: one transaction per task (its keys, conditional on the version
 * read, + the user's units check), then the user's counters item of each month it passed (the same check).
 * Counts never change in a re-key (the counters are per assignee), so two runs at once cannot count twice.
 */
export const REKEY_QUEUE = 'QUEUE#TASKS-REKEY';
const jobKey = (tenantId: string, userId: string) => ({ pk: `T#${tenantId}#TASKREKEY`, sk: `USER#${userId}` });
/** Task transactions in flight at once within a page. */
const PARALLEL = 10;
const ATTEMPTS = 4;

type Outcome = 'rekeyed' | 'current' | 'moved';

/** The update that puts a task (at `position` of `month`) under `units`: sets their keys, removes the others. */
function rekeyTask(tableName: string, tenantId: string, id: string, version: number, position: string, units: AssigneeUnits) {
  const keys = unitKeys(tenantId, position.slice(0, 7), position, units);
  const all = ['unitBranchId', keyFields.gsi5.pk, keyFields.gsi5.sk, 'unitDepartmentId', keyFields.gsi6.pk, keyFields.gsi6.sk];
  const names = Object.fromEntries(all.map((n, i) => [`#k${i}`, n]));
  const set = all.flatMap((n, i) => (keys[n] !== undefined ? [`#k${i} = :k${i}`] : []));
  const remove = all.flatMap((n, i) => (keys[n] === undefined ? [`#k${i}`] : []));
  return {
    Update: {
      TableName: tableName,
      Key: taskKey(tenantId, id),
      UpdateExpression: [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''].join(' ').trim(),
      ConditionExpression: '#version = :v',
      ExpressionAttributeNames: { ...names, '#version': 'version' },
      ExpressionAttributeValues: { ':v': version, ...Object.fromEntries(all.flatMap((n, i) => (keys[n] !== undefined ? [[`:k${i}`, keys[n]]] : []))) },
    },
  };
}

/** Runs a re-key transaction whose last item is the units check: a failed first item means the task (or counters item) moved on. */
async function attempt(
  document: DynamoDBDocumentClient,
  items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>,
): Promise<Outcome> {
  for (let n = 1; ; n++) {
    try {
      await document.send(new TransactWriteCommand({ TransactItems: items }));
      return 'rekeyed';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes.at(-1) === 'ConditionalCheckFailed') return 'moved';
      // A newer version was written with the units check, so under the current units; a missing counters item has nothing to move.
      if (codes[0] === 'ConditionalCheckFailed') return 'current';
      if (n >= ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** n));
    }
  }
}

export function dynamoTaskRekey(document: DynamoDBDocumentClient, tableName: string) {
  return {
    async queueRekey(tenantId: string, userId: string, at: string): Promise<void> {
      await document.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...jobKey(tenantId, userId),
            entity: 'taskRekey',
            tenantId,
            userId,
            queuedAt: at,
            [keyFields.gsi2.pk]: REKEY_QUEUE,
            [keyFields.gsi2.sk]: `${at}#${tenantId}#${userId}`,
          },
        }),
      );
    },
    async pendingRekeys(limit: number): Promise<RekeyJob[]> {
      const gsi = keyFields.gsi2;
      const { Items } = await document.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: gsi.index,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': gsi.pk },
          ExpressionAttributeValues: { ':pk': REKEY_QUEUE },
          Limit: limit,
        }),
      );
      return (Items ?? []).map((i) => ({
        tenantId: i.tenantId as string,
        userId: i.userId as string,
        queuedAt: i.queuedAt as string,
        ...(i.after ? { after: i.after as string } : {}),
      }));
    },
    async settleRekey(job: RekeyJob, progress: { after?: string | undefined; done: boolean }): Promise<void> {
      const same = { ConditionExpression: 'queuedAt = :q', ExpressionAttributeValues: { ':q': job.queuedAt } };
      try {
        if (progress.done) await document.send(new DeleteCommand({ TableName: tableName, Key: jobKey(job.tenantId, job.userId), ...same }));
        else
          await document.send(
            new UpdateCommand({
              TableName: tableName,
              Key: jobKey(job.tenantId, job.userId),
              UpdateExpression: progress.after ? 'SET #after = :a' : 'REMOVE #after',
              ExpressionAttributeNames: { '#after': 'after' },
              ...same,
              ExpressionAttributeValues: { ...same.ExpressionAttributeValues, ...(progress.after ? { ':a': progress.after } : {}) },
            }),
          );
      } catch (error) {
        // Re-queued by a later move (or settled by another run): that job's own run goes on from the start.
        if (!isConditionalFailure(error)) throw error;
      }
    },
    async rekeyPage(tenantId: string, userId: string, after: string | undefined, limit: number): Promise<RekeyPage> {
      const units = await readUnits(document, tableName, tenantId, userId);
      const { gsi, pk } = streamIndex(tenantId, { kind: 'assignee', assigneeId: userId });
      const result = await document.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: gsi.index,
          KeyConditionExpression: after ? '#pk = :pk AND #sk > :after' : '#pk = :pk',
          ExpressionAttributeNames: { '#pk': gsi.pk, '#sk': gsi.sk, '#version': 'version' },
          ExpressionAttributeValues: { ':pk': pk, ...(after ? { ':after': after } : {}) },
          ProjectionExpression: 'id, #version, unitBranchId, unitDepartmentId, #sk',
          Limit: limit,
        }),
      );
      const items = result.Items ?? [];
      const stale = items.filter((i) => !sameUnits(storedUnits(i), units));
      const check = unitsCheck(tableName, tenantId, userId, units);
      const outcomes: Outcome[] = [];
      for (let i = 0; i < stale.length; i += PARALLEL) {
        outcomes.push(
          ...(await Promise.all(
            stale
              .slice(i, i + PARALLEL)
              .map((t) => attempt(document, [rekeyTask(tableName, tenantId, t.id as string, t.version as number, t[gsi.sk] as string, units), check])),
          )),
        );
        if (outcomes.includes('moved')) break;
      }
      let counters = 0;
      let moved = outcomes.includes('moved');
      // The counters of every month the page passed (also when its tasks were right already: a run cut short
      // between its tasks and its counters is finished by the next), those under other units only.
      const months = [...new Set(items.map((i) => (i[gsi.sk] as string).slice(0, 7)))];
      for (const month of moved ? [] : months) {
        // Read first: a counters item already under the units (the usual case on a second pass) is not written.
        const { Item: current } = await document.send(
          new GetCommand({
            TableName: tableName,
            Key: countersKey(tenantId, month, userId),
            ConsistentRead: true,
            ProjectionExpression: 'pk, branchId, departmentId',
          }),
        );
        if (!current || sameUnits({ branchId: current.branchId, departmentId: current.departmentId }, units)) continue;
        const placed = counterUnitClauses(tenantId, month, userId, units);
        const outcome = await attempt(document, [
          {
            Update: {
              TableName: tableName,
              Key: countersKey(tenantId, month, userId),
              UpdateExpression: [placed.set.length ? `SET ${placed.set.join(', ')}` : '', placed.remove.length ? `REMOVE ${placed.remove.join(', ')}` : '']
                .join(' ')
                .trim(),
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: placed.names,
              ...(Object.keys(placed.values).length ? { ExpressionAttributeValues: placed.values } : {}),
            },
          },
          check,
        ]);
        if (outcome === 'moved') moved = true;
        if (outcome === 'rekeyed') counters++;
        if (moved) break;
      }
      const last = items.at(-1)?.[gsi.sk] as string | undefined;
      return {
        read: items.length,
        rekeyed: outcomes.filter((o) => o === 'rekeyed').length,
        counters,
        after: result.LastEvaluatedKey ? last : undefined,
        moved,
      };
    },
  };
}
