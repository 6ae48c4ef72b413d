import type { Actor } from '../shared/actor.ts';
import type { Page, PageRequest } from '../shared/ports.ts';
import { canSee, scopeOf } from './client-scope.ts';
import type { Client } from './client.schema.ts';
import type { ClientLookup, ClientQuery, ClientRepository } from './ports.ts';
import { parseSearchText, type SearchTermKind } from './search-terms.ts';
import { parseTaxId, taxIdSchemes } from './tax-id.ts';

export interface SearchHit {
  client: Client;
  /** Exact: `email`, `taxId`, `customId`; by term: `name`, `email`, `taxId`, `phone`, `contactEmail`. */
  matchedBy: ClientLookup | SearchTermKind;
}

/** The exact forms the text can be: an e-mail, a tax id of each scheme it parses as, a custom id. */
function exactForms(q: string): Array<[ClientLookup, string]> {
  const exact: Array<[ClientLookup, string]> = [];
  if (q.includes('@')) exact.push(['email', q.toLowerCase()]);
  // Every scheme, OTHER included (nearly any text parses as OTHER: one more GetItem, no false hit).
  for (const scheme of taxIdSchemes) {
    const parsed = parseTaxId(scheme, q);
    if (parsed.ok) exact.push(['taxId', `${scheme}:${parsed.taxId.value}`]);
  }
  exact.push(['customId', q.toLowerCase()]);
  return exact;
}

const isExactly = (client: Client, [lookup, value]: [ClientLookup, string]) =>
  lookup === 'email'
    ? client.email?.toLowerCase() === value
    : lookup === 'taxId'
      ? client.taxId
        ? `${client.taxId.scheme}:${client.taxId.value}` === value
        : false
      : client.customId?.toLowerCase() === value;

/**
 * Quick search: one box that takes an e-mail, a tax id in any written form (also without its check
 * digit), a custom id, phone digits, or the start of any word of a name. Exact matches come first, on
 * the first page, whatever the client's status (a deactivated client can be found to restore it); then
 * clients of `status` by their search terms, paged by cursor (search-terms.ts). Every hit is in the
 * caller's scope (client-scope.ts); a client comes once.
 */
export const quickSearch =
  (deps: { clients: ClientRepository }) =>
  async (actor: Actor, text: string, page: PageRequest, status: ClientQuery['status'] = 'active'): Promise<Page<SearchHit>> => {
    const q = text.trim();
    if (!q) return { items: [] };
    const exact = exactForms(q);
    const hits: SearchHit[] = [];
    if (!page.cursor) {
      // The exact tries are independent single-item reads: issue them together, keep their order.
      const found = await Promise.all(exact.map(([lookup, value]) => deps.clients.findBy(actor.tenantId, lookup, value)));
      const seen = new Set<string>();
      found.forEach((client, i) => {
        // An exact match outside the caller's scope is not a hit: it must not even reveal that it exists.
        if (client && canSee(actor, client) && !seen.has(client.id)) {
          seen.add(client.id);
          hits.push({ client, matchedBy: exact[i]![0] });
        }
      });
    }
    const parsed = parseSearchText(q);
    if (!parsed) return { items: hits.slice(0, page.limit) };
    // Exact matches that fill the first page leave the term search for the next one.
    if (hits.length >= page.limit) return { items: hits.slice(0, page.limit), cursor: TERMS_FROM_START };
    const inner = page.cursor === TERMS_FROM_START ? undefined : page.cursor;
    const byTerm = await deps.clients.search(
      actor.tenantId,
      { scope: scopeOf(actor), status, text: parsed },
      { limit: page.limit - hits.length, cursor: inner },
    );
    // A client found exactly was shown first (on the first page): the terms do not bring it again.
    for (const hit of byTerm.items) if (!exact.some((form) => isExactly(hit.client, form))) hits.push(hit);
    return { items: hits, ...(byTerm.cursor ? { cursor: byTerm.cursor } : {}) };
  };

/** The cursor of a first page that exact matches filled: the next page starts the term search. */
const TERMS_FROM_START = 'terms';
