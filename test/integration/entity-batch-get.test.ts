import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { type BatchGettable, entityBatchGet, MAX_KEY_VALUE } from '../../functions/adapters/dynamodb/entity-batch-get.ts';
import { testDeps } from '../support/tenants.ts';

const deps = testDeps();
type GuardKey = { tenantId: string; scope: string; value: string };
const guards = deps.data.entities.uniqueGuard as unknown as BatchGettable<GuardKey>;

describe('entityBatchGet: the import readers’ batched reads', () => {
  it('reads more than one request’s worth of keys, and a key too long for DynamoDB names nothing instead of failing the batch', async () => {
    const tenantId = `t_${ulid()}`;
    const values = Array.from({ length: 230 }, (_, i) => `v${i}@example.com`);
    await deps.data.entities.uniqueGuard.put(values.map((value, i) => ({ tenantId, scope: 'client-email', value, ownerId: `c${i}` }))).go();
    const keys = [...values, 'x'.repeat(MAX_KEY_VALUE + 1), 'ñ'.repeat(2_000), 'absent@example.com'].map((value) => ({
      tenantId,
      scope: 'client-email',
      value,
    }));
    const found = await entityBatchGet(guards, keys, { consistent: true });
    expect(found.map((g) => g.value).sort()).toEqual([...values].sort());
    // Another tenant's keys read nothing of this one.
    expect(
      await entityBatchGet(
        guards,
        keys.map((k) => ({ ...k, tenantId: `t_${ulid()}` })),
        { consistent: false },
      ),
    ).toEqual([]);
  });

  it('asks unprocessed keys again, and gives up as a throttling error (retried by the runner) when they stay unprocessed', async () => {
    // Fault injection: the entity answers the first round with half the keys unprocessed, then everything.
    const calls: number[] = [];
    const flaky: BatchGettable<{ id: string }> = {
      get: (keys) => ({
        go: async () => {
          calls.push(keys.length);
          const half = calls.length === 1 ? Math.floor(keys.length / 2) : keys.length;
          return { data: keys.slice(0, half).map((k) => ({ ...k })), unprocessed: keys.slice(half) };
        },
      }),
    };
    const keys = Array.from({ length: 60 }, (_, i) => ({ id: `k${i}` }));
    const found = await entityBatchGet(flaky, keys, { consistent: true });
    expect(found).toHaveLength(60);
    expect(calls).toEqual([60, 30]);

    const stuck: BatchGettable<{ id: string }> = { get: (k) => ({ go: async () => ({ data: [], unprocessed: k }) }) };
    await expect(entityBatchGet(stuck, keys, { consistent: true, attempts: 3 })).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});
