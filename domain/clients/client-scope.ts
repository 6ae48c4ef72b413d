import type { Actor } from '../shared/actor.ts';
import { forbidden, notFound } from '../shared/errors.ts';
import type { Client } from './client.schema.ts';

/**
 * Which clients an access level sees (seed 003's levels, applied to the client book):
 * 1 every client; 2 the clients owned by the user's branch; 3 the clients assigned (seller,
 * collector or preferred agent) to users of the user's department; 4 the clients the user is
 * seller, collector or preferred agent of. A level-2 user without a branch, or a level-3 user
 * without a department, sees no client.
 */
export type ClientScope =
  | { kind: 'all' }
  | { kind: 'branch'; branchId: string }
  | { kind: 'department'; departmentId: string }
  | { kind: 'user'; userId: string }
  | { kind: 'none' };

export function scopeOf(actor: Actor): ClientScope {
  switch (actor.accessLevel) {
    case 1:
      return { kind: 'all' };
    case 2:
      return actor.branchId ? { kind: 'branch', branchId: actor.branchId } : { kind: 'none' };
    case 3:
      return actor.departmentId ? { kind: 'department', departmentId: actor.departmentId } : { kind: 'none' };
    case 4:
      return { kind: 'user', userId: actor.userId };
  }
}

type Scoped = Pick<Client, 'branchId' | 'sellerId' | 'collectorId' | 'agentId' | 'assignedDepartmentIds'>;

/** The distinct users assigned to a client, in role order (seller, collector, agent). */
export const assignedUserIds = (client: Pick<Client, 'sellerId' | 'collectorId' | 'agentId'>): string[] => [
  ...new Set([client.sellerId, client.collectorId, client.agentId].filter((id): id is string => Boolean(id))),
];

export function inScope(scope: ClientScope, client: Scoped): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'branch':
      return client.branchId === scope.branchId;
    case 'department':
      return (client.assignedDepartmentIds ?? []).includes(scope.departmentId);
    case 'user':
      return assignedUserIds(client).includes(scope.userId);
    case 'none':
      return false;
  }
}

export const canSee = (actor: Actor, client: Scoped) => inScope(scopeOf(actor), client);

/** A client outside the caller's scope answers exactly as a client of another tenant: 404. */
export function assertVisible(actor: Actor, client: Client | undefined, id: string): Client {
  if (!client || client.tenantId !== actor.tenantId || !canSee(actor, client)) throw notFound('client', id);
  return client;
}

/**
 * A write by a level 2–4 user must leave the client in that user's scope: a collector cannot hand
 * a client to someone else and lose it, a branch user cannot move it to another branch.
 */
export function assertStaysVisible(actor: Actor, next: Scoped) {
  if (!canSee(actor, next)) throw forbidden('outside_scope');
}
