import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AssigneeUnits } from '../../../domain/tasks/ports.ts';
import { userKey } from './task-items.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How many times a task write is tried again after its assignee moved (or another transaction held an item). */
const ATTEMPTS = 5;

/** The user's current units (a consistent read: a move just made is seen); none for a missing user. */
export async function readUnits(document: DynamoDBDocumentClient, tableName: string, tenantId: string, userId: string): Promise<AssigneeUnits> {
  const { Item } = await document.send(
    new GetCommand({ TableName: tableName, Key: userKey(tenantId, userId), ConsistentRead: true, ProjectionExpression: 'branchId, departmentId' }),
  );
  return { branchId: Item?.branchId as string | undefined, departmentId: Item?.departmentId as string | undefined };
}

/** The cancellation codes of a cancelled transaction, or undefined for any other error. */
export function cancellationCodes(error: unknown): string[] | undefined {
  const e = error as { CancellationReasons?: Array<{ Code?: string }> };
  return Array.isArray(e?.CancellationReasons) ? e.CancellationReasons.map((r) => r.Code ?? 'None') : undefined;
}

const transient = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/**
 * Sends a task write whose **last** item is the assignee's units check (task-items.ts `unitsCheck`). When
 * that check fails, the assignee moved since `units` were read: they are read again and the write rebuilt
 * and retried, so a write racing a move ends under the new units (the re-key worker, which may already
 * have passed the task, never has to come back). Contention alone is retried with backoff; any other
 * failed condition is thrown to the caller as DynamoDB threw it.
 */
export async function sendWithUnits(
  document: DynamoDBDocumentClient,
  tableName: string,
  assignee: { tenantId: string; userId: string },
  units: AssigneeUnits | undefined,
  build: (units: AssigneeUnits) => TransactItem[],
): Promise<void> {
  let current = units ?? (await readUnits(document, tableName, assignee.tenantId, assignee.userId));
  for (let attempt = 1; ; attempt++) {
    const items = build(current);
    try {
      await document.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes || attempt >= ATTEMPTS) throw error;
      const others = codes.slice(0, -1);
      if (others.includes('ConditionalCheckFailed')) throw error;
      if (codes.at(-1) === 'ConditionalCheckFailed') current = await readUnits(document, tableName, assignee.tenantId, assignee.userId);
      else if (codes.some((c) => transient.has(c))) await sleep(Math.random() * 20 * 2 ** attempt);
      else throw error;
    }
  }
}
