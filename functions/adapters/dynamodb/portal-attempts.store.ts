import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AttemptCounters, AttemptKey, AttemptPolicy, AttemptVerdict } from '../../../domain/portal/ports.ts';
import { appliedIf, isConditionalFailure } from './conditional.ts';

/**
 * One counter item per limited key (data-model `portalAttempts`), each in a partition of its own that
 * starts with the tenant: `T#<t>#PORTAL#<email|source>#<value>` / `ATTEMPTS`. A flood of guesses at one
 * tenant's portal writes to those partitions, not to the tenant's, so its users' writes are not throttled
 * by it. DynamoDB's TTL removes items a day after their window or lock ended; the clock, not the TTL,
 * decides when a lock is over.
 */
export const attemptsKey = (key: AttemptKey) => ({ pk: `T#${key.tenantId}#PORTAL#${key.kind}#${key.value}`, sk: 'ATTEMPTS' });

const DAY_MS = 86_400_000;
/** A number of the item a refused condition returns: the document client leaves it in DynamoDB's `{ N: "…" }` form. */
const numberOf = (value: unknown) => (value === undefined ? undefined : typeof value === 'number' ? value : Number((value as { N?: string }).N ?? Number.NaN));
const ttlAt = (ms: number) => Math.ceil((ms + DAY_MS) / 1000);
/** A reset that loses its race to another reset just counts again; more than this is contention. */
const TRIES = 3;

export function dynamoAttemptCounters(document: DynamoDBDocumentClient, table: string): AttemptCounters {
  async function take(key: AttemptKey, now: Date, policy: AttemptPolicy, tries = 1): Promise<AttemptVerdict> {
    const at = now.getTime();
    const windowMs = policy.windowSeconds * 1000;
    try {
      const { Attributes: item } = await document.send(
        new UpdateCommand({
          TableName: table,
          Key: attemptsKey(key),
          UpdateExpression: 'SET attempts = attempts + :one',
          ConditionExpression: 'windowStart > :floor AND attribute_not_exists(lockedUntil)',
          ExpressionAttributeValues: { ':one': 1, ':floor': at - windowMs },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const count = item!.attempts as number;
      // Over the limit without a lock yet (parallel guesses): wait for the window to pass.
      if (count > policy.max) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((item!.windowStart as number) + windowMs - at) / 1000)) };
      return { allowed: true, count };
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      const old = (error as { Item?: Record<string, unknown> }).Item;
      const lockedUntil = numberOf(old?.lockedUntil);
      if (lockedUntil !== undefined && lockedUntil > at) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil - at) / 1000)) };
      // No counter, its window is over, or its lock ended: a new window starts with this attempt.
      const fresh = await appliedIf(() =>
        document.send(
          new PutCommand({
            TableName: table,
            Item: { ...attemptsKey(key), kind: 'portalAttempts', attempts: 1, windowStart: at, ttl: ttlAt(at + windowMs) },
            ...(old
              ? { ConditionExpression: 'windowStart = :start', ExpressionAttributeValues: { ':start': numberOf(old.windowStart) } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        ),
      );
      if (fresh) return { allowed: true, count: 1 };
      if (tries >= TRIES) return { allowed: false, retryAfterSeconds: 1 };
      return take(key, now, policy, tries + 1);
    }
  }

  return {
    take,
    async lock(key, until, policy) {
      await document.send(
        new UpdateCommand({
          TableName: table,
          Key: attemptsKey(key),
          UpdateExpression: 'SET lockedUntil = :until, #ttl = :ttl',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':until': until.getTime(), ':ttl': ttlAt(until.getTime() + policy.windowSeconds * 1000) },
        }),
      );
    },
    async giveBack(key) {
      await appliedIf(() =>
        document.send(
          new UpdateCommand({
            TableName: table,
            Key: attemptsKey(key),
            UpdateExpression: 'SET attempts = attempts - :one',
            ConditionExpression: 'attempts > :zero',
            ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
          }),
        ),
      );
    },
    async clear(key) {
      await document.send(new DeleteCommand({ TableName: table, Key: attemptsKey(key) }));
    },
  };
}
