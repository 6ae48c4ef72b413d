import { invalidState } from '../shared/errors.ts';
import type { CatalogEntry, CatalogKind } from './catalog.schema.ts';
import type { Client } from './client.schema.ts';

/** How many clients point at a category or zone, by status. */
export interface ClientCounts {
  active: number;
  inactive: number;
}

/**
 * How one client write moves the counts of one category or zone: `clients` (any status) and `inactive`
 * each by -1, 0 or +1. A reference set is `clients +1` (plus `inactive +1` for an inactive client), a
 * reference cleared the opposite, a deactivation or restore that keeps the reference `inactive ±1` only.
 */
export interface UsageMove {
  kind: CatalogKind;
  id: string;
  field: 'categoryId' | 'zoneId';
  clients: -1 | 0 | 1;
  inactive: -1 | 0 | 1;
}

const referenceFields = [
  ['categoryId', 'category'],
  ['zoneId', 'zone'],
] as const;
type Counted = Pick<Client, 'categoryId' | 'zoneId' | 'status'>;

/** The count moves of a client write (`previous` absent: a create), in field order, new reference first. */
export function usageMoves(previous: Counted | undefined, next: Counted): UsageMove[] {
  const moves: UsageMove[] = [];
  const wasInactive = previous?.status === 'inactive' ? 1 : 0;
  const isInactive = next.status === 'inactive' ? 1 : 0;
  for (const [field, kind] of referenceFields) {
    const from = previous?.[field];
    const to = next[field];
    if (from === to) {
      if (to && wasInactive !== isInactive) moves.push({ kind, id: to, field, clients: 0, inactive: isInactive ? 1 : -1 });
      continue;
    }
    if (to) moves.push({ kind, id: to, field, clients: 1, inactive: isInactive ? 1 : 0 });
    if (from) moves.push({ kind, id: from, field, clients: -1, inactive: wasInactive ? -1 : 0 });
  }
  return moves;
}

/** The counts a stored total and inactive count give (a count never read below zero). */
export const countsOf = (clients: number | undefined, inactive: number | undefined): ClientCounts => {
  const off = Math.max(0, inactive ?? 0);
  return { active: Math.max(0, (clients ?? 0) - off), inactive: off };
};

/** The 409 for deleting an entry clients still hold: which entry, and how many active and inactive clients. */
export const catalogInUse = (entry: Pick<CatalogEntry, 'kind' | 'id' | 'name'>, clients: ClientCounts) =>
  invalidState(`${entry.kind} ${entry.id} is used by ${clients.active} active and ${clients.inactive} inactive clients`, {
    reason: `${entry.kind}_in_use`,
    entity: entry.kind,
    id: entry.id,
    name: entry.name,
    clients,
  });
