import type { ClientImageStore } from '../../../domain/clients/client-image.ports.ts';
import type { ImageUpload } from '../../../domain/clients/client-image.schema.ts';
import type { Client } from '../../../domain/clients/client.schema.ts';
import type { HistoryEntry } from '../../../domain/clients/history.ts';
import { conflict } from '../../../domain/shared/errors.ts';
import { appliedIf, compact } from './conditional.ts';
import type { DataService } from './entities/index.ts';
import { historyItem } from './history-items.ts';
import { writeWithGuards } from './unique-transaction.ts';

/** Pending and rejected upload records go after this many days (DynamoDB TTL); ready ones stay. */
const UNFINISHED_UPLOAD_DAYS = 30;

const expiry = (upload: ImageUpload) =>
  upload.status === 'ready' || upload.status === 'superseded' ? undefined : Math.floor(Date.parse(upload.requestedAt) / 1000) + UNFINISHED_UPLOAD_DAYS * 86_400;

const toItem = (upload: ImageUpload) => compact({ ...upload, expiresAt: expiry(upload) });

const fromItem = (item: Record<string, unknown>): ImageUpload => {
  const { expiresAt: _ttl, ...rest } = compact(item);
  return rest as unknown as ImageUpload;
};

/**
 * Client image uploads and the client's `image` (client-image-upload.entity.ts). The image is set and
 * removed with an update of the client item (`image`, `version`, `updatedAt`, `updatedBy` only), conditioned
 * on the version read: a PATCH that read the client before loses its own version condition, and the
 * contact state other writes keep on the item is left alone.
 */
export function dynamoClientImageStore(data: DataService): ClientImageStore {
  const { clientImageUpload } = data.entities;
  const clientChange = (tx: Parameters<Parameters<DataService['transaction']['write']>[0]>[0], next: Client, previous: Client) => {
    const key = { tenantId: next.tenantId, id: next.id };
    const base = tx.client
      .update(key)
      .set({ version: next.version, updatedAt: next.updatedAt, updatedBy: next.updatedBy, ...(next.image ? { image: next.image } : {}) });
    return (next.image ? base : base.remove(['image'])).where((attr, op) => op.eq(attr.version, previous.version)).commit();
  };

  return {
    async createUpload(upload) {
      const created = await appliedIf(() => clientImageUpload.create(toItem(upload)).go());
      if (!created) throw conflict('image', 'id', upload.id);
    },

    async getUpload(tenantId, clientId, id) {
      const { data: item } = await clientImageUpload.get({ tenantId, clientId, id }).go({ consistent: true });
      return item ? fromItem(item as Record<string, unknown>) : undefined;
    },

    async latestUpload(tenantId, clientId) {
      const { data: items } = await clientImageUpload.query.byId({ tenantId, clientId }).go({ order: 'desc', limit: 1 });
      return items[0] ? fromItem(items[0] as Record<string, unknown>) : undefined;
    },

    async finishUpload(next) {
      return appliedIf(() =>
        clientImageUpload
          .put(toItem(next))
          .where((attr, op) => op.eq(attr.status, 'pending'))
          .go(),
      );
    },

    async applyImage(upload, next, previous, history: HistoryEntry[]) {
      const outcome = await writeWithGuards(
        data,
        () =>
          data.transaction
            .write((tx) => [
              tx.clientImageUpload
                .put(toItem(upload))
                .where((attr, op) => op.eq(attr.status, 'pending'))
                .commit(),
              clientChange(tx, next, previous),
              ...history.map((e) => tx.clientHistory.create(historyItem(e)).commit()),
            ])
            .go(),
        [],
      );
      if (outcome.ok) return 'applied';
      return outcome.rejected.includes(0) ? 'upload_finished' : 'client_changed';
    },

    async removeImage(next, previous, history) {
      const outcome = await writeWithGuards(
        data,
        () => data.transaction.write((tx) => [clientChange(tx, next, previous), ...history.map((e) => tx.clientHistory.create(historyItem(e)).commit())]).go(),
        [],
      );
      return outcome.ok;
    },
  };
}
