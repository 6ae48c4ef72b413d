import type { Client } from '../../../domain/clients/client.schema.ts';
import type { ClientLookup } from '../../../domain/clients/ports.ts';
import { clientFromItem } from './client-item.ts';
import type { DataService } from './entities/index.ts';
import { type BatchGettable, entityBatchGet } from './entity-batch-get.ts';

/** What a row of an import names its client by: its id, or one unique value (as `findBy` takes it). */
export interface ClientKey {
  kind: 'id' | ClientLookup;
  value: string;
}

/** `<kind>:<value>` of a key, as the lookup's answer is keyed. */
export const clientKeyOf = (key: ClientKey) => `${key.kind}:${key.value}`;

/** Reads many clients by id or unique value at once; the answer maps each key given to its client, or to nothing. */
export type ClientBatchLookup = (tenantId: string, keys: readonly ClientKey[]) => Promise<Map<string, Client | undefined>>;

const scopes: Record<ClientLookup, string> = { email: 'client-email', taxId: 'client-taxid', customId: 'client-customid' };
/** As the repository's `findBy`: tax ids are stored as read, the other values folded to lower case. */
const guardValue = (key: ClientKey) => (key.kind === 'taxId' ? key.value : key.value.toLowerCase());

/**
 * The import's matching in two BatchGetItems of at most 100 keys a request instead of one or two GetItems per
 * row: the uniqueness guards of the values the rows give, then the clients they and the ids name. Eventually
 * consistent, as `get` and `findBy` read (the write's own conditions decide a race, not this read).
 */
export function dynamoClientBatchLookup(data: DataService, attempts = 5): ClientBatchLookup {
  const { client, uniqueGuard } = data.entities;

  return async (tenantId, keys) => {
    const byValue = keys.filter((k): k is ClientKey & { kind: ClientLookup } => k.kind !== 'id');
    const guardKeys = [
      ...new Map(byValue.map((k) => [`${scopes[k.kind]}#${guardValue(k)}`, { tenantId, scope: scopes[k.kind], value: guardValue(k) }])).values(),
    ];
    const owners = new Map(
      (guardKeys.length
        ? await entityBatchGet(uniqueGuard as unknown as BatchGettable<(typeof guardKeys)[number]>, guardKeys, { consistent: false, attempts })
        : []
      ).map((g) => [`${g.scope}#${g.value}`, g.ownerId as string]),
    );
    const ownerOf = (k: ClientKey) => (k.kind === 'id' ? k.value : owners.get(`${scopes[k.kind]}#${guardValue(k)}`));
    const ids = [...new Set(keys.map(ownerOf).filter((id): id is string => id !== undefined))];
    const clients = new Map(
      (ids.length
        ? await entityBatchGet(
            client as unknown as BatchGettable<{ tenantId: string; id: string }>,
            ids.map((id) => ({ tenantId, id })),
            { consistent: false, attempts },
          )
        : []
      ).map((item) => [item.id as string, item]),
    );
    const answer = new Map<string, Client | undefined>();
    for (const k of keys) {
      const id = ownerOf(k);
      const item = id === undefined ? undefined : clients.get(id);
      answer.set(clientKeyOf(k), item ? clientFromItem(item) : undefined);
    }
    return answer;
  };
}
