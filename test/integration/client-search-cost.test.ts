import { describe, expect, it } from 'vitest';
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { createClient, updateClient } from '../../domain/clients/client.use-cases.ts';
import { NewContact } from '../../domain/clients/contact.schema.ts';
import { addContact } from '../../domain/clients/contact.use-cases.ts';
import { quickSearch } from '../../domain/clients/search.use-case.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { termRecords } from '../../functions/adapters/dynamodb/client-search-items.ts';
import { MAX_READS_PER_PAGE } from '../../functions/adapters/dynamodb/client.repository.ts';
import { newAdminActor, newUser, testDeps } from '../support/tenants.ts';

/**
 * What quick search costs and how its term items stay true to the clients (decision "Quick search
 * from term items"): reads come from indexes in bounded rounds, writes touch only the terms that
 * changed, and concurrent contact and client writes leave exactly the client's terms.
 */
const deps = testDeps();

describe('what quick search costs', () => {
  /** Records every DynamoDB command the test's repositories send, with what it read. */
  function recordCommands() {
    const log: Array<{ command: string; scanned: number; input: Record<string, unknown> }> = [];
    const name = `record-${Math.random()}`;
    deps.dynamoClient.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        const output = out.output as { ScannedCount?: number };
        log.push({ command: context.commandName as string, scanned: output.ScannedCount ?? 0, input: args.input as Record<string, unknown> });
        return out;
      },
      { step: 'initialize', name },
    );
    return { log, stop: () => deps.dynamoClient.middlewareStack.remove(name) };
  }
  const searchTermItems = (input: Record<string, unknown>, tenantId: string) => {
    type Key = Record<string, string | { S?: string }>;
    const items = (input.TransactItems as Array<Record<string, { Item?: Key; Key?: Key }>>) ?? [];
    const pkOf = (op: { Item?: Key; Key?: Key }) => {
      const pk = (op.Item ?? op.Key)?.pk;
      return typeof pk === 'string' ? pk : pk?.S;
    };
    return items
      .flatMap((entry) => Object.entries(entry))
      .filter(([, op]) => pkOf(op)?.startsWith(`T#${tenantId}#SEARCH#`))
      .map(([kind]) => kind);
  };

  it('reads a bounded number of term items from indexes and never scans, however many clients match', async () => {
    const actor: Actor = await newAdminActor(deps);
    for (let i = 0; i < 30; i++)
      await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: `Soto ${String(i).padStart(2, '0')}`, email: `s${i}@cost.cl` }));
    const recorder = recordCommands();
    try {
      // "zz" matches none of them: the page is read in bounded rounds and hands back a cursor.
      const page = await quickSearch(deps)(actor, 'soto zz', { limit: 5 });
      expect(page.items).toEqual([]);
      expect(page.cursor).toBeDefined();
      const dense = await quickSearch(deps)(actor, 'soto', { limit: 5 });
      expect(dense.items.map((h) => h.client.displayName)).toHaveLength(5);
    } finally {
      recorder.stop();
    }
    expect(recorder.log.map((c) => c.command)).not.toContain('ScanCommand');
    const queries = recorder.log.filter((c) => c.command === 'QueryCommand');
    expect(queries.every((q) => q.input.IndexName === 'gsi1')).toBe(true);
    expect(queries.reduce((sum, q) => sum + q.scanned, 0)).toBeLessThanOrEqual(MAX_READS_PER_PAGE * 5 + 5);
  });

  it('writes one item per term with the client, none when nothing searchable changes, and moves them all with the scope', async () => {
    const actor: Actor = await newAdminActor(deps);
    const seller2 = await newUser(deps, actor.tenantId, { accessLevel: 4 });
    const recorder = recordCommands();
    let created: Client;
    try {
      created = await createClient(deps)(
        actor,
        NewClient.parse({
          personType: 'natural',
          firstName: 'Ana',
          firstSurname: 'Rojas',
          email: 'ana@rojas.cl',
          phone: '+56 9 1111 2222',
          taxId: { scheme: 'CL_RUT', value: '13.456.783-K' },
        }),
      );
      const v1 = created.version;
      await updateClient(deps)(actor, created.id, { observations: 'llamar en la tarde' }, v1);
      await updateClient(deps)(actor, created.id, { phone: '+56 9 3333 4444' }, v1 + 1);
      await updateClient(deps)(actor, created.id, { sellerId: seller2.id }, v1 + 2);
    } finally {
      recorder.stop();
    }
    const writes = recorder.log.filter((c) => c.command === 'TransactWriteItemsCommand').map((c) => searchTermItems(c.input, actor.tenantId));
    // ana, rojas, e-mail, tax id, 2 phone terms.
    expect(writes).toEqual([Array(6).fill('Put'), [], ['Put', 'Put', 'Delete', 'Delete'], Array(6).fill('Put')]);
    const stored = await deps.data.entities.searchTerm.scan.where(({ clientId }, { eq }) => eq(clientId, created.id)).go({ pages: 'all' });
    const current = (await deps.clients.get(actor.tenantId, created.id))!;
    expect(stored.data.map((r) => r.term).sort()).toEqual(
      termRecords(current, [])
        .map((r) => r.term)
        .sort(),
    );
    expect(stored.data.every((r) => r.sellerKey === seller2.id)).toBe(true);
  });

  it('keeps term items true to the client when contact e-mails and a change of seller race', async () => {
    const actor: Actor = await newAdminActor(deps);
    const seller2 = await newUser(deps, actor.tenantId, { accessLevel: 4 });
    const client = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Carrera', email: 'carrera@c.cl' }));
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) =>
        addContact(deps)(actor, client.id, NewContact.parse({ type: 'billing', name: `C${i}`, email: `c${i}@carrera.cl` })),
      ),
      updateClient(deps)(actor, client.id, { sellerId: seller2.id }, client.version),
    ]);
    const current = (await deps.clients.get(actor.tenantId, client.id))!;
    expect(current.sellerId).toBe(seller2.id);
    const emails = (await deps.contacts.list(actor.tenantId, client.id)).map((c) => c.email!).sort();
    expect(emails).toHaveLength(6);
    const stored = await deps.data.entities.searchTerm.scan.where(({ clientId }, { eq }) => eq(clientId, client.id)).go({ pages: 'all' });
    const expected = termRecords(current, emails);
    const strip = (r: object) => Object.fromEntries(Object.keys(expected[0]!).map((k) => [k, (r as Record<string, unknown>)[k]]));
    expect(stored.data.map(strip).sort((a, b) => String(a.term).localeCompare(String(b.term)))).toEqual(
      expected.map(strip).sort((a, b) => String(a.term).localeCompare(String(b.term))),
    );
    const seller2Actor: Actor = { tenantId: actor.tenantId, userId: seller2.id, accessLevel: 4, permissions: [] };
    for (const email of emails)
      expect(
        (await quickSearch(deps)(seller2Actor, email, { limit: 5 })).items.map((h) => h.matchedBy),
        email,
      ).toEqual(['contactEmail']);
  });

  it("changes every field of a client with the most search terms in one transaction, under DynamoDB's 100 items", async () => {
    const actor: Actor = await newAdminActor(deps);
    const people = await Promise.all(Array.from({ length: 6 }, () => newUser(deps, actor.tenantId, { accessLevel: 4 })));
    const [cat1, cat2, zone1, zone2] = await Promise.all([
      createCatalogEntry(deps)(actor, 'category', { name: 'Uno', color: '#112233' }),
      createCatalogEntry(deps)(actor, 'category', { name: 'Dos', color: '#112233' }),
      createCatalogEntry(deps)(actor, 'zone', { name: 'Norte' }),
      createCatalogEntry(deps)(actor, 'zone', { name: 'Sur' }),
    ]);
    const words = (tag: string) => Array.from({ length: 12 }, (_, i) => `${tag}palabra${i}`).join(' ');
    const all = (tag: string, n: number) => ({
      legalName: words(`${tag}l`),
      tradeName: words(`${tag}t`),
      email: `${tag}@max.cl`,
      phone: `+56 2 2${n}00 0000`,
      mobile: `+56 9 ${n}000 0000`,
      taxId: { scheme: 'CL_RUT', value: n === 1 ? '13.456.783-K' : '76.086.428-5' },
      customId: `${tag}-id`,
      address: `${tag} 123`,
      neighbourhood: tag,
      city: `${tag} city`,
      region: `${tag} region`,
      nationalDocument: `${tag}doc`,
      observations: tag,
      paymentTermsDays: n * 10,
      billing: { legalEntityId: tag },
      collectionsEnabled: n === 1,
      notifyEmails: [`${tag}@notify.cl`],
      sellerId: people[n === 1 ? 0 : 3]!.id,
      collectorId: people[n === 1 ? 1 : 4]!.id,
      agentId: people[n === 1 ? 2 : 5]!.id,
      categoryId: (n === 1 ? cat1 : cat2).id,
      zoneId: (n === 1 ? zone1 : zone2).id,
    });
    const client = await createClient(deps)(actor, NewClient.parse({ personType: 'legal', ...all('a', 1) }));
    for (let i = 0; i < 12; i++) await addContact(deps)(actor, client.id, NewContact.parse({ type: 'billing', name: `C${i}`, email: `c${i}@max.cl` }));
    const current = (await deps.clients.get(actor.tenantId, client.id))!;
    expect(
      termRecords(
        current,
        Array.from({ length: 10 }, (_, i) => `c${i}@max.cl`),
      ),
    ).toHaveLength(26);
    const recorder = recordCommands();
    try {
      const { client: next } = await updateClient(deps)(actor, client.id, NewClient.parse({ personType: 'legal', ...all('b', 2) }) as never, current.version);
      expect(next.displayName).toBe(words('bt'));
    } finally {
      recorder.stop();
    }
    const [tx] = recorder.log.filter((c) => c.command === 'TransactWriteItemsCommand');
    const size = (tx!.input.TransactItems as unknown[]).length;
    expect(size).toBeLessThanOrEqual(100);
    expect(searchTermItems(tx!.input, actor.tenantId).filter((k) => k === 'Put')).toHaveLength(26);
    const stored = await deps.data.entities.searchTerm.scan.where(({ clientId }, { eq }) => eq(clientId, client.id)).go({ pages: 'all' });
    expect(stored.data).toHaveLength(26);
  });
});
