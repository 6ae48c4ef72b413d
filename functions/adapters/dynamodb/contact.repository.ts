import type { Contact } from '../../../domain/clients/contact.schema.ts';
import type { ContactRepository } from '../../../domain/clients/ports.ts';
import { versionMismatch } from '../../../domain/shared/errors.ts';
import { compact, isConditionalFailure } from './conditional.ts';
import type { DataService } from './entities/index.ts';

export function dynamoContactRepository(data: DataService): ContactRepository {
  const { contact } = data.entities;
  const fromItem = (item: Record<string, unknown>) => compact(item) as unknown as Contact;
  return {
    async get(tenantId, clientId, id) {
      const { data: item } = await contact.get({ tenantId, clientId, id }).go();
      return item ? fromItem(item) : undefined;
    },
    async put(next, expectedVersion) {
      try {
        if (expectedVersion === undefined) await contact.create(next).go();
        else await contact.put(next).where(({ version }, { eq }) => eq(version, expectedVersion)).go();
      } catch (error) {
        if (isConditionalFailure(error)) throw versionMismatch('contact', next.id);
        throw error;
      }
    },
    async delete(existing) {
      try {
        await contact.delete({ tenantId: existing.tenantId, clientId: existing.clientId, id: existing.id })
          .where(({ version }, { eq }) => eq(version, existing.version)).go();
      } catch (error) {
        if (isConditionalFailure(error)) throw versionMismatch('contact', existing.id);
        throw error;
      }
    },
    async list(tenantId, clientId) {
      const result = await contact.query.byClient({ tenantId, clientId }).go({ pages: 'all' });
      return result.data.map(fromItem);
    },
  };
}
