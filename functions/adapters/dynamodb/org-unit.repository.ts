import { conflict, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import { fold } from '../../../domain/shared/text.ts';
import type { OrgUnit } from '../../../domain/workspace/org-unit.schema.ts';
import type { OrgUnitRepository } from '../../../domain/workspace/ports.ts';
import { compact } from './conditional.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { DataService } from './entities/index.ts';
import { writeWithGuards } from './unique-transaction.ts';

export function dynamoOrgUnitRepository(data: DataService): OrgUnitRepository {
  const { orgUnit } = data.entities;
  const fromItem = (item: Record<string, unknown>) => compact(item) as unknown as OrgUnit;
  // Names are unique per kind, compared accent- and case-insensitively.
  const guard = (u: OrgUnit) => ({ tenantId: u.tenantId, scope: `${u.kind}-name`, value: fold(u.name), ownerId: u.id });
  const guardInfo = (index: number, u: OrgUnit) => ({ index, ...guard(u), entity: u.kind, field: 'name' });

  return {
    async get(tenantId, kind, id) {
      const { data: item } = await orgUnit.get({ tenantId, kind, id }).go();
      return item ? fromItem(item) : undefined;
    },
    async create(unit) {
      const outcome = await writeWithGuards(
        data,
        () => data.transaction.write(({ orgUnit: o, uniqueGuard: g }) => [o.create(unit).commit(), g.create(guard(unit)).commit()]).go(),
        [guardInfo(1, unit)],
      );
      if (!outcome.ok) throw conflict(unit.kind, 'id', unit.id);
    },
    async update(next, previous) {
      const renamed = fold(next.name) !== fold(previous.name);
      const outcome = await writeWithGuards(
        data,
        () =>
          data.transaction
            .write(({ orgUnit: o, uniqueGuard: g }) => [
              o.put(next).where(({ version }, { eq }) => eq(version, previous.version)).commit(),
              ...(renamed ? [g.create(guard(next)).commit(), g.delete(guard(previous)).commit()] : []),
            ])
            .go(),
        renamed ? [guardInfo(1, next)] : [],
      );
      if (!outcome.ok) {
        const still = await this.get(next.tenantId, next.kind, next.id);
        throw still ? versionMismatch(next.kind, next.id) : notFound(next.kind, next.id);
      }
    },
    async delete(unit) {
      const outcome = await writeWithGuards(
        data,
        () =>
          data.transaction
            .write(({ orgUnit: o, uniqueGuard: g }) => [
              o.delete({ tenantId: unit.tenantId, kind: unit.kind, id: unit.id }).where(({ version }, { eq }) => eq(version, unit.version)).commit(),
              g.delete(guard(unit)).commit(),
            ])
            .go(),
        [],
      );
      if (!outcome.ok) throw versionMismatch(unit.kind, unit.id);
    },
    async list(tenantId, kind, page) {
      const result = await orgUnit.query
        .byKind({ tenantId, kind })
        .go({ limit: page.limit, cursor: decodeCursor(tenantId, page.cursor) ?? null, pages: 1 });
      return { items: result.data.map(fromItem), cursor: encodeCursor(tenantId, result.cursor) };
    },
  };
}
