import type { Actor } from '../shared/actor.ts';
import { nameKeyOf } from '../shared/text.ts';
import { canSee, scopeOf } from './client-scope.ts';
import type { Client } from './client.schema.ts';
import type { ClientLookup, ClientQuery, ClientRepository } from './ports.ts';
import { parseTaxId, taxIdSchemes } from './tax-id.ts';

export interface SearchHit {
  client: Client;
  matchedBy: ClientLookup | 'name';
}

/**
 * Quick search: one box that takes an e-mail, a tax id in any written form, a custom id or the start
 * of a name. Exact matches come first (each one read), whatever the client's status, so a deactivated
 * client can be found to restore it; then name-prefix matches of `status` from the index. Every hit
 * is in the caller's scope (client-scope.ts).
 */
export const quickSearch =
  (deps: { clients: ClientRepository }) =>
  async (actor: Actor, text: string, limit: number, status: ClientQuery['status'] = 'active'): Promise<SearchHit[]> => {
    const q = text.trim();
    if (!q) return [];
    const exact: Array<[ClientLookup, string]> = [];
    if (q.includes('@')) exact.push(['email', q.toLowerCase()]);
    // Every scheme, OTHER included (nearly any text parses as OTHER: one more GetItem, no false hit).
    for (const scheme of taxIdSchemes) {
      const parsed = parseTaxId(scheme, q);
      if (parsed.ok) exact.push(['taxId', `${scheme}:${parsed.taxId.value}`]);
    }
    exact.push(['customId', q.toLowerCase()]);

    // The exact tries are independent single-item reads: issue them together, keep their order.
    const found = await Promise.all(exact.map(([lookup, value]) => deps.clients.findBy(actor.tenantId, lookup, value)));
    const hits: SearchHit[] = [];
    const seen = new Set<string>();
    found.forEach((client, i) => {
      // An exact match outside the caller's scope is not a hit: it must not even reveal that it exists.
      if (client && canSee(actor, client) && !seen.has(client.id)) {
        seen.add(client.id);
        hits.push({ client, matchedBy: exact[i]![0] });
      }
    });
    const byName = await deps.clients.list(actor.tenantId, { scope: scopeOf(actor), status, namePrefix: nameKeyOf(q) }, { limit });
    for (const client of byName.items) {
      if (!seen.has(client.id)) {
        seen.add(client.id);
        hits.push({ client, matchedBy: 'name' });
      }
    }
    return hits.slice(0, limit);
  };
