import type { Client } from '../../../domain/clients/client.schema.ts';
import type { ClientLookup } from '../../../domain/clients/ports.ts';
import type { ClientBatchReader } from '../../../domain/imports/client-match.ts';
import { clientFromItem } from './client-item.ts';
import type { DataService } from './entities/index.ts';
import { type BatchGettable, entityBatchGet } from './entity-batch-get.ts';

/** Guard scope of each unique client field (as client.repository.ts writes them). */
const scopeOf: Record<ClientLookup, string> = { email: 'client-email', taxId: 'client-taxid', customId: 'client-customid' };
const kindOf = new Map(Object.entries(scopeOf).map(([kind, scope]) => [scope, kind as ClientLookup]));

/**
 * The clients an import batch names, read in batches (ElectroDB splits the keys into BatchGetItem requests
 * of 100): clients by id, and the uniqueness guards of custom ids, tax ids and e-mails, whose `ownerId` is
 * the client holding the value. Consistent reads: a batch delivered again sees its earlier delivery's writes.
 */
export function dynamoClientBatchReader(data: DataService): ClientBatchReader {
  const { client, uniqueGuard } = data.entities;

  return {
    async getMany(tenantId, ids) {
      const keys = [...new Set(ids)].map((id) => ({ tenantId, id }));
      const items = await entityBatchGet(client as unknown as BatchGettable<(typeof keys)[number]>, keys, { consistent: true });
      return new Map(items.map((item) => [item.id as string, clientFromItem(item) as Client]));
    },

    async ownersOf(tenantId, lookups) {
      const unique = new Map(lookups.map((l) => [`${l.kind}:${l.value}`, { tenantId, scope: scopeOf[l.kind], value: l.value }]));
      const keys = [...unique.values()];
      const guards = await entityBatchGet(uniqueGuard as unknown as BatchGettable<(typeof keys)[number]>, keys, { consistent: true });
      const owners = new Map<string, string>();
      for (const guard of guards as Array<{ scope: string; value: string; ownerId: string }>) {
        const kind = kindOf.get(guard.scope);
        if (kind) owners.set(`${kind}:${guard.value}`, guard.ownerId);
      }
      return owners;
    },
  };
}
