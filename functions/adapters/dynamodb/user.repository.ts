import { conflict, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import { nameKeyOf } from '../../../domain/shared/text.ts';
import type { UserRepository } from '../../../domain/workspace/ports.ts';
import type { User } from '../../../domain/workspace/user.schema.ts';
import { compact } from './conditional.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { DataService } from './entities/index.ts';
import { outboxItem } from './outbox.repository.ts';
import { writeWithGuards } from './unique-transaction.ts';

const EMAIL_SCOPE = 'user-email';

export function dynamoUserRepository(data: DataService): UserRepository {
  // The e-mail guards are read through `data.entities` when needed: every request's access check builds this
  // repository and reads users, only e-mail look-ups and writes need the guard entity (built on first use).
  const { user } = data.entities;
  const toItem = (u: User) => ({ ...u, nameKey: nameKeyOf(u.name) });
  const fromItem = ({ nameKey: _nameKey, ...rest }: Record<string, unknown>) => compact(rest) as unknown as User;
  const emailGuard = (u: User) => ({ tenantId: u.tenantId, scope: EMAIL_SCOPE, value: u.email, ownerId: u.id });
  const guardInfo = (index: number, u: User) => ({ index, tenantId: u.tenantId, scope: EMAIL_SCOPE, value: u.email, entity: 'user', field: 'email' });
  /** The user holding an e-mail, named in the conflict (a deactivated one can be reactivated instead). */
  const holderOf = async (tenantId: string, id: string) => {
    const { data: item } = await user.get({ tenantId, id }).go();
    return item ? { name: item.name, status: item.status } : undefined;
  };

  return {
    async get(tenantId, userId) {
      const { data: item } = await user.get({ tenantId, id: userId }).go();
      return item ? fromItem(item) : undefined;
    },
    async findByEmail(tenantId, email) {
      const { data: guard } = await data.entities.uniqueGuard.get({ tenantId, scope: EMAIL_SCOPE, value: email.toLowerCase() }).go();
      return guard ? this.get(tenantId, guard.ownerId) : undefined;
    },
    async createWithMessages(next, messages) {
      // User, e-mail guard and outbox items in one transaction: a failure leaves none of them.
      const outcome = await writeWithGuards(
        data,
        () =>
          data.transaction
            .write(({ user: u, uniqueGuard: g, outboundEmail: o }) => [
              u.create(toItem(next)).commit(),
              g.create(emailGuard(next)).commit(),
              ...messages.map((m) => o.create(outboxItem(m)).commit()),
            ])
            .go(),
        [guardInfo(1, next)],
        holderOf,
      );
      if (!outcome.ok) throw conflict('user', 'id', next.id);
    },
    async create(next) {
      await this.createWithMessages(next, []);
    },
    async update(next, previous) {
      const emailChanged = next.email !== previous.email;
      const outcome = await writeWithGuards(
        data,
        () =>
          data.transaction
            .write(({ user: u, uniqueGuard: g }) => [
              u
                .put(toItem(next))
                .where(({ version }, { eq }) => eq(version, previous.version))
                .commit(),
              ...(emailChanged ? [g.create(emailGuard(next)).commit(), g.delete(emailGuard(previous)).commit()] : []),
            ])
            .go(),
        emailChanged ? [guardInfo(1, next)] : [],
        holderOf,
      );
      if (!outcome.ok) {
        const still = await this.get(next.tenantId, next.id);
        throw still ? versionMismatch('user', next.id) : notFound('user', next.id);
      }
    },
    async list(tenantId, page, filter) {
      const options = { limit: page.limit, cursor: decodeCursor(tenantId, page.cursor) ?? null, pages: 1 } as const;
      const status = filter.status ?? 'active';
      const result = status === 'all' ? await user.query.byId({ tenantId }).go(options) : await user.query.byStatus({ tenantId, status }).go(options);
      return { items: result.data.map(fromItem), cursor: encodeCursor(tenantId, result.cursor) };
    },
    async countByOrgUnit(tenantId, kind, orgUnitId) {
      // Users per tenant are few (tens to hundreds): a filtered read of the tenant's users is cheap.
      const field = kind === 'branch' ? 'branchId' : 'departmentId';
      const result = await user.query
        .byId({ tenantId })
        .where((attr, { eq }) => eq(attr[field], orgUnitId))
        .go({ pages: 'all' });
      return result.data.length;
    },
  };
}
