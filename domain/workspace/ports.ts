import type { OutboundEmail } from '../messaging/outbound-email.schema.ts';
import type { Page, PageRequest } from '../shared/ports.ts';
import type { OrgUnit, OrgUnitKind } from './org-unit.schema.ts';
import type { Tenant } from './tenant.schema.ts';
import type { User } from './user.schema.ts';

/**
 * Repositories of the workspace context. `expectedVersion` makes every update conditional:
 * a stale version fails with `version_mismatch`, a missing record with `not_found`.
 */
export interface TenantRepository {
  get(tenantId: string): Promise<Tenant | undefined>;
  /** Creates the tenant if absent; returns false when it already existed (seed idempotency). */
  createIfAbsent(tenant: Tenant): Promise<boolean>;
  update(next: Tenant, expectedVersion: number): Promise<void>;
}

export interface UserRepository {
  get(tenantId: string, userId: string): Promise<User | undefined>;
  findByEmail(tenantId: string, email: string): Promise<User | undefined>;
  /**
   * Creates the user with the messages its creation sends (the welcome e-mail) in one transaction:
   * all of them are written or none (transactional outbox). Fails with `conflict` naming the holder
   * when the e-mail is taken in the tenant, or naming the user itself when it already exists.
   */
  createWithMessages(user: User, messages: readonly OutboundEmail[]): Promise<void>;
  /** A user whose creation sends nothing (seeds, provisioning); otherwise as `createWithMessages`. */
  create(user: User): Promise<void>;
  update(next: User, previous: User): Promise<void>;
  list(tenantId: string, page: PageRequest, filter: { status?: User['status'] | 'all' }): Promise<Page<User>>;
  countByOrgUnit(tenantId: string, kind: OrgUnitKind, orgUnitId: string): Promise<number>;
}

export interface OrgUnitRepository {
  get(tenantId: string, kind: OrgUnitKind, id: string): Promise<OrgUnit | undefined>;
  /** Fails with `conflict` when the name is taken for that kind in the tenant. */
  create(unit: OrgUnit): Promise<void>;
  update(next: OrgUnit, previous: OrgUnit): Promise<void>;
  delete(unit: OrgUnit): Promise<void>;
  list(tenantId: string, kind: OrgUnitKind, page: PageRequest): Promise<Page<OrgUnit>>;
}

/**
 * Where users sign in (the Cognito user pool in AWS). The identity carries the claims of the user
 * record, so tokens say what the record says.
 */
export interface IdentityDirectory {
  /** Creates the sign-in identity of a new user; `conflict` when the e-mail already signs in elsewhere. */
  register(user: User): Promise<void>;
  /** Mirrors claims and status (active/inactive) of the record onto the identity; idempotent. */
  sync(user: User): Promise<void>;
  /** Undoes `register` when the record could not be stored. */
  unregister(user: User): Promise<void>;
}
