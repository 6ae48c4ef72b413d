import type { CollectionsSettings } from '../../../domain/collections/collections.schema.ts';
import { defaultCollectionsSettings } from '../../../domain/collections/settings-defaults.ts';
import type { CollectionsSettingsStore } from '../../../domain/collections/settings-ports.ts';
import { versionMismatch } from '../../../domain/shared/errors.ts';
import { appliedIf, compact } from './conditional.ts';
import type { DataService } from './entities/index.ts';

/**
 * A tenant's collections settings (`T#<t>` / `COLLECTIONS#SETTINGS`): one GetItem to read (the built-in
 * defaults, version 0, when absent); one conditional PutItem to save (created when the version read was 0).
 */
export function dynamoCollectionsSettingsStore(data: DataService): CollectionsSettingsStore {
  const { collectionsSettings } = data.entities;
  return {
    async get(tenantId) {
      const { data: item } = await collectionsSettings.get({ tenantId }).go({ consistent: true });
      if (!item) return defaultCollectionsSettings();
      const { tenantId: _t, ...settings } = compact(item as Record<string, unknown>);
      return settings as unknown as CollectionsSettings;
    },
    async save(tenantId, next, previousVersion) {
      const item = { tenantId, ...compact(next as unknown as Record<string, unknown>) } as never;
      const applied = await appliedIf(() =>
        previousVersion === 0
          ? collectionsSettings.create(item).go()
          : collectionsSettings
              .put(item)
              .where(({ version }, { eq }) => eq(version, previousVersion))
              .go(),
      );
      if (!applied) throw versionMismatch('collectionsSettings', tenantId);
    },
  };
}
