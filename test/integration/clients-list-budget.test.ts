import { beforeAll, describe, expect, it } from 'vitest';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { createClient, listClients } from '../../domain/clients/client.use-cases.ts';
import type { ClientFilter } from '../../domain/clients/ports.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { MAX_READS_PER_PAGE } from '../../functions/adapters/dynamodb/client.repository.ts';
import { newAdminActor, testDeps } from '../support/tenants.ts';

const deps = testDeps();
let actor: Actor;
const LIMIT = 5;
// Enough clients that one request cannot reach the only match (2 requests' worth of reads).
const TOTAL = 2 * MAX_READS_PER_PAGE * LIMIT;

beforeAll(async () => {
  actor = await newAdminActor(deps);
  for (let i = 0; i < TOTAL; i += 1) {
    const n = String(i).padStart(2, '0');
    const city = i === TOTAL - 1 ? 'Arica' : 'Santiago';
    await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: `Budget ${n}`, email: `b${n}@budget.test`, city }));
  }
});

/** Follows the cursor to the end, keeping each page. */
async function allPages(query: ClientFilter) {
  const pages: Client[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listClients(deps)(actor, query, { limit: LIMIT, cursor });
    pages.push(page.items);
    cursor = page.cursor;
  } while (cursor && pages.length < 50);
  return pages;
}

describe('a filtered client list', () => {
  it('stops after a bounded read and hands back a cursor instead of walking the tenant for a sparse filter', async () => {
    const first = await listClients(deps)(actor, { status: 'active', city: 'Arica' }, { limit: LIMIT });
    // The first MAX_READS_PER_PAGE × LIMIT clients by name hold no match: the page is empty but goes on.
    expect(first.items).toEqual([]);
    expect(first.cursor).toBeDefined();
    const pages = await allPages({ status: 'active', city: 'Arica' });
    expect(pages.flat().map((c) => c.displayName)).toEqual([`Budget ${TOTAL - 1}`]);
    expect(pages.findIndex((p) => p.length > 0)).toBe(1);
  });

  it('fills whole pages when the filter matches densely, and every client comes once in name order', async () => {
    const pages = await allPages({ status: 'active', city: 'Santiago' });
    const names = pages.flat().map((c) => c.displayName);
    expect(names).toHaveLength(TOTAL - 1);
    expect(new Set(names).size).toBe(TOTAL - 1);
    expect(names).toEqual([...names].sort());
    expect(pages.slice(0, -1).every((p) => p.length === LIMIT)).toBe(true);
  });
});
