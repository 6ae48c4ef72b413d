import type { ClientNoticeSettings } from '../../../domain/collections/collections.schema.ts';
import { defaultClientNoticeSettings, effectiveClientNoticeSettings } from '../../../domain/collections/settings-defaults.ts';
import type { ClientNoticeSettingsStore, NoticeCatalogStore } from '../../../domain/collections/settings-ports.ts';
import { versionMismatch } from '../../../domain/shared/errors.ts';
import { appliedIf, compact } from './conditional.ts';
import type { DataService } from './entities/index.ts';

const MAX_ROUNDS = 8;
const backoff = (round: number) => new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));

/**
 * Clients' notice settings (`T#<t>` / `CNOTICE#<clientId>`), an item only for a client that set any. A
 * read of n clients is the catalogue's Query (defaults and deleted concepts depend on it) and ⌈n/100⌉
 * BatchGetItem (ElectroDB splits the keys; unprocessed ones are asked again with a backoff).
 */
export function dynamoClientNoticeSettingsStore(data: DataService, catalogue: Pick<NoticeCatalogStore, 'list'>): ClientNoticeSettingsStore {
  const { clientNoticeSettings } = data.entities;
  const fromItem = (item: Record<string, unknown>) => {
    const { tenantId: _t, ...settings } = compact(item);
    return settings as unknown as ClientNoticeSettings;
  };

  async function getMany(tenantId: string, clientIds: readonly string[]): Promise<Map<string, ClientNoticeSettings>> {
    const ids = [...new Set(clientIds)];
    const result = new Map<string, ClientNoticeSettings>();
    if (!ids.length) return result;
    const [concepts, found] = await Promise.all([catalogue.list(tenantId), read(tenantId, ids)]);
    for (const id of ids) {
      const item = found.get(id);
      result.set(id, item ? effectiveClientNoticeSettings(item, concepts) : defaultClientNoticeSettings(id, concepts));
    }
    return result;
  }

  async function read(tenantId: string, ids: string[]): Promise<Map<string, ClientNoticeSettings>> {
    const found = new Map<string, ClientNoticeSettings>();
    let pending = ids.map((clientId) => ({ tenantId, clientId }));
    for (let round = 0; pending.length; round++) {
      if (round >= MAX_ROUNDS)
        throw Object.assign(new Error(`${pending.length} notice settings could not be read (throttled)`), { name: 'ThrottlingException' });
      if (round) await backoff(round);
      const { data: items, unprocessed } = await clientNoticeSettings.get(pending).go({ consistent: true });
      for (const item of items) found.set(item.clientId, fromItem(item as Record<string, unknown>));
      pending = unprocessed as typeof pending;
    }
    return found;
  }

  return {
    getMany,
    async get(tenantId, clientId) {
      return (await getMany(tenantId, [clientId])).get(clientId)!;
    },
    async save(tenantId, next, previousVersion) {
      const item = { tenantId, ...compact(next as unknown as Record<string, unknown>) } as never;
      const applied = await appliedIf(() =>
        previousVersion === 0
          ? clientNoticeSettings.create(item).go()
          : clientNoticeSettings
              .put(item)
              .where(({ version }, { eq }) => eq(version, previousVersion))
              .go(),
      );
      if (!applied) throw versionMismatch('clientNoticeSettings', next.clientId);
    },
  };
}
