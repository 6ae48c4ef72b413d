import { versionMismatch } from '../../../domain/shared/errors.ts';
import type { TenantRepository } from '../../../domain/workspace/ports.ts';
import type { Tenant } from '../../../domain/workspace/tenant.schema.ts';
import { appliedIf, compact, isConditionalFailure } from './conditional.ts';
import type { DataService } from './entities/index.ts';

export function dynamoTenantRepository(data: DataService): TenantRepository {
  const { tenant } = data.entities;
  const toItem = ({ id, ...rest }: Tenant) => ({ tenantId: id, ...rest });
  return {
    async get(tenantId) {
      const { data: item } = await tenant.get({ tenantId }).go();
      if (!item) return undefined;
      const { tenantId: id, ...rest } = item;
      // Tenants written before suspension existed have no status: they are active.
      return compact({ id, ...rest, status: rest.status ?? 'active' }) as Tenant;
    },
    async createIfAbsent(next) {
      return appliedIf(() => tenant.create(toItem(next)).go());
    },
    async update(next, expectedVersion) {
      try {
        await tenant
          .put(toItem(next))
          .where(({ version }, { eq }) => eq(version, expectedVersion))
          .go();
      } catch (error) {
        if (isConditionalFailure(error)) throw versionMismatch('tenant', next.id);
        throw error;
      }
    },
  };
}
