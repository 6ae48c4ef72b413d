import type { Contact } from '../../../domain/clients/contact.schema.ts';
import type { ContactRepository } from '../../../domain/clients/ports.ts';
import { conflict, versionMismatch } from '../../../domain/shared/errors.ts';
import { compact } from './conditional.ts';
import type { DataService } from './entities/index.ts';
import { historyItem } from './history-items.ts';
import { writeWithGuards } from './unique-transaction.ts';

/** Contacts live under their client; each change writes its client-history entries in the same transaction. */
export function dynamoContactRepository(data: DataService): ContactRepository {
  const { contact } = data.entities;
  const fromItem = (item: Record<string, unknown>) => compact(item) as unknown as Contact;
  return {
    async get(tenantId, clientId, id) {
      const { data: item } = await contact.get({ tenantId, clientId, id }).go();
      return item ? fromItem(item) : undefined;
    },
    async put(next, expectedVersion, history) {
      const outcome = await writeWithGuards(
        data,
        () => data.transaction.write((tx) => [
          expectedVersion === undefined
            ? tx.contact.create(next).commit()
            : tx.contact.put(next).where(({ version }, { eq }) => eq(version, expectedVersion)).commit(),
          ...history.map((h) => tx.clientHistory.create(historyItem(h)).commit()),
        ]).go(),
        [],
      );
      if (!outcome.ok) throw expectedVersion === undefined ? conflict('contact', 'id', next.id) : versionMismatch('contact', next.id);
    },
    async delete(existing, history) {
      const outcome = await writeWithGuards(
        data,
        () => data.transaction.write((tx) => [
          tx.contact.delete({ tenantId: existing.tenantId, clientId: existing.clientId, id: existing.id })
            .where(({ version }, { eq }) => eq(version, existing.version)).commit(),
          ...history.map((h) => tx.clientHistory.create(historyItem(h)).commit()),
        ]).go(),
        [],
      );
      if (!outcome.ok) throw versionMismatch('contact', existing.id);
    },
    async list(tenantId, clientId) {
      const result = await contact.query.byClient({ tenantId, clientId }).go({ pages: 'all' });
      return result.data.map(fromItem);
    },
  };
}
