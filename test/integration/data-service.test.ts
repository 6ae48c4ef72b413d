import { describe, expect, it } from 'vitest';
import { dynamoClients } from '../../functions/adapters/aws-clients.ts';
import { createDataService } from '../../functions/adapters/dynamodb/entities/index.ts';
import { readConfig } from '../../functions/config.ts';

/** A data service of its own over the run's table, so no other code has read (and so joined) its entities yet. */
const freshDataService = () => {
  const config = readConfig();
  return createDataService(dynamoClients(config).document, config.tableName);
};
const guardOf = (tenantId: string, value: string) => ({ tenantId, scope: 'probe', value, ownerId: 'owner-1' });

describe('the data service (entities built on first read)', () => {
  it('runs a transaction that is its first use, with entities no one read before', async () => {
    const data = freshDataService();
    const tenantId = `t-data-${Date.now().toString(36)}`;
    const result = await data.transaction.write(({ uniqueGuard }) => [uniqueGuard.create(guardOf(tenantId, 'a')).commit()]).go();
    expect(result.canceled).toBe(false);
    const { data: stored } = await freshDataService().entities.uniqueGuard.get({ tenantId, scope: 'probe', value: 'a' }).go();
    expect(stored).toMatchObject({ ownerId: 'owner-1' });
  });

  it('reads a cancelled transaction back item by item, for entities joined only by that transaction', async () => {
    const tenantId = `t-data-${Date.now().toString(36)}-c`;
    await freshDataService().entities.uniqueGuard.create(guardOf(tenantId, 'taken')).go();
    const data = freshDataService();
    const result = await data.transaction
      .write(({ uniqueGuard, orgUnit }) => [
        orgUnit
          .create({
            tenantId,
            kind: 'branch',
            id: 'b-1',
            name: 'Centro',
            version: 1,
            createdAt: '2026-01-01T00:00:00.000Z',
            updatedAt: '2026-01-01T00:00:00.000Z',
          })
          .commit(),
        uniqueGuard.create(guardOf(tenantId, 'taken')).commit(),
      ])
      .go();
    expect(result.canceled).toBe(true);
    expect(result.data.map((item) => item.rejected)).toEqual([false, true]);
  });

  it('builds each entity once and hands out the same one on every read', () => {
    const data = freshDataService();
    expect(data.entities.client).toBe(data.entities.client);
  });
});
