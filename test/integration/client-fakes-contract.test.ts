import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { deleteCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { clientHistory, createClient, listClients, setClientStatus, updateClient } from '../../domain/clients/client.use-cases.ts';
import { addContact, removeContact, updateContact } from '../../domain/clients/contact.use-cases.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { InMemoryCatalogRepository, InMemoryClientRepository, InMemoryContactRepository } from '../domain/client-fakes.ts';
import { InMemoryOrgUnitRepository, InMemoryTenantRepository, InMemoryUserRepository, SequentialIds } from '../domain/fakes.ts';
import { testDeps } from '../support/tenants.ts';

/**
 * The client-book fakes the domain tests run on (test/domain/client-fakes.ts) against the DynamoDB
 * adapters, through the same use cases: each scenario must end the same way on both, so a use case
 * that passes on the fakes does not lean on a laxer store than production has.
 */
const T0 = '2026-05-04T10:00:00.000Z';
/** A clock a second further on each read, the same for both stores. */
const ticking = () => {
  let ms = Date.parse(T0);
  return {
    now: () => {
      ms += 1000;
      return new Date(ms);
    },
  };
};
type Book = Pick<ReturnType<typeof testDeps>, 'clients' | 'catalogs' | 'contacts' | 'users' | 'orgUnits' | 'tenants' | 'clock' | 'ids'>;

async function seeded(book: Book) {
  const tenantId = `t-${ulid().toLowerCase()}`;
  const at = T0;
  const user = (id: string, accessLevel: 1 | 4, departmentId?: string) =>
    book.users.create({
      id,
      tenantId,
      email: `${id}@c.test`,
      name: id,
      accessLevel,
      permissions: [],
      status: 'active',
      ...(departmentId ? { departmentId } : {}),
      version: 1,
      createdAt: at,
      updatedAt: at,
      createdBy: 'test',
      updatedBy: 'test',
    });
  await user('admin', 1);
  await user('seller', 4, 'ventas');
  await user('other', 4);
  await book.catalogs.create({ id: 'cat', tenantId, kind: 'category', name: 'Categoría', version: 1, createdAt: at, updatedAt: at });
  const admin: Actor = { tenantId, userId: 'admin', accessLevel: 1, permissions: [] };
  const seller: Actor = { tenantId, userId: 'seller', accessLevel: 4, permissions: [] };
  return { ...book, tenantId, admin, seller };
}

const stores: Array<[string, () => Promise<Awaited<ReturnType<typeof seeded>>>]> = [
  [
    'in memory',
    () => {
      const catalogs = new InMemoryCatalogRepository();
      const clients = new InMemoryClientRepository(catalogs);
      return seeded({
        clients,
        catalogs,
        contacts: new InMemoryContactRepository(clients),
        users: new InMemoryUserRepository(),
        orgUnits: new InMemoryOrgUnitRepository(),
        tenants: new InMemoryTenantRepository(),
        clock: ticking(),
        ids: new SequentialIds('c'),
      });
    },
  ],
  ['DynamoDB', () => seeded({ ...testDeps(), clock: ticking() })],
];

describe.each(stores)('client book store (%s)', (_name, open) => {
  const parse = (input: Record<string, unknown>) => NewClient.parse({ personType: 'other', ...input });

  it('refuses a taken e-mail, tax id and custom id naming the holder, and frees a released one', async () => {
    const s = await open();
    const one = await createClient(s)(
      s.admin,
      parse({ name: 'Uno', email: 'uno@c.test', taxId: { scheme: 'CL_RUT', value: '76.086.428-5' }, customId: 'X-1' }),
    );
    for (const taken of [
      { email: 'UNO@c.test' },
      { email: 'dos@c.test', taxId: { scheme: 'CL_RUT', value: '760864285' } },
      { email: 'dos@c.test', customId: 'x-1' },
    ]) {
      await expect(createClient(s)(s.admin, parse({ name: 'Dos', ...taken }))).rejects.toMatchObject({ code: 'conflict', details: { existingId: one.id } });
    }
    await updateClient(s)(s.admin, one.id, { email: 'nuevo@c.test', customId: null }, 1);
    await expect(createClient(s)(s.admin, parse({ name: 'Dos', email: 'uno@c.test', customId: 'X-1' }))).resolves.toMatchObject({ version: 1 });
  });

  it('holds no e-mail guard for clients without one, frees the e-mail an update removes, and guards one added later', async () => {
    const s = await open();
    const bare = await createClient(s)(s.admin, parse({ name: 'Sin Correo' }));
    await expect(createClient(s)(s.admin, parse({ name: 'Otra Sin Correo' }))).resolves.not.toHaveProperty('email');
    const holder = await createClient(s)(s.admin, parse({ name: 'Titular', email: 'libre@c.test' }));
    await updateClient(s)(s.admin, holder.id, { email: null }, 1);
    expect(await s.clients.findBy(s.tenantId, 'email', 'libre@c.test')).toBeUndefined();
    await expect(updateClient(s)(s.admin, bare.id, { email: 'libre@c.test' }, 1)).resolves.toMatchObject({ client: { version: 2 } });
    expect((await s.clients.findBy(s.tenantId, 'email', 'libre@c.test'))?.id).toBe(bare.id);
    await expect(updateClient(s)(s.admin, holder.id, { email: 'libre@c.test' }, 2)).rejects.toMatchObject({
      code: 'conflict',
      details: { existingId: bare.id },
    });
  });

  it('refuses a contact e-mail another contact of the client holds, naming it, and allows it on another client', async () => {
    const s = await open();
    const [one, two] = [
      await createClient(s)(s.admin, parse({ name: 'Uno', email: 'uno@c.test' })),
      await createClient(s)(s.admin, parse({ name: 'Dos', email: 'dos@c.test' })),
    ];
    const marta = await addContact(s)(s.admin, one.id, { type: 'other', name: 'Marta', email: 'marta@c.test' });
    const pedro = await addContact(s)(s.admin, one.id, { type: 'other', name: 'Pedro', email: 'pedro@c.test' });
    const taken = { code: 'conflict', details: { reason: 'contact_email_taken', existingId: marta.id, existingName: 'Marta' } };
    await expect(addContact(s)(s.admin, one.id, { type: 'other', name: 'Copia', email: 'marta@c.test' })).rejects.toMatchObject(taken);
    await expect(updateContact(s)(s.admin, one.id, pedro.id, { email: 'MARTA@c.test' }, 1)).rejects.toMatchObject(taken);
    await expect(addContact(s)(s.admin, two.id, { type: 'other', name: 'Marta', email: 'marta@c.test' })).resolves.toMatchObject({ version: 1 });
  });

  it('writes on the stored version only', async () => {
    const s = await open();
    const client = await createClient(s)(s.admin, parse({ name: 'Versión', email: 'v@c.test' }));
    await s.clients.update({ ...client, phone: '1', version: 2 }, client, []);
    await expect(s.clients.update({ ...client, phone: '2', version: 2 }, client, [])).rejects.toMatchObject({ code: 'version_mismatch' });
    await expect(s.clients.update({ ...client, id: 'missing', version: 2 }, { ...client, id: 'missing' }, [])).rejects.toMatchObject({ code: 'not_found' });
    expect((await s.clients.get(s.tenantId, client.id))?.phone).toBe('1');
  });

  it('counts the clients of a category, any status, and refuses its deletion while counted', async () => {
    const s = await open();
    const client = await createClient(s)(s.admin, parse({ name: 'Cat', email: 'cat@c.test', categoryId: 'cat' }));
    await setClientStatus(s)(s.admin, client.id, 'inactive', 1);
    expect(await s.catalogs.clientCounts(s.tenantId, 'category', 'cat')).toEqual({ active: 0, inactive: 1 });
    await expect(deleteCatalogEntry(s)(s.admin, 'category', 'cat', 1)).rejects.toMatchObject({
      code: 'invalid_state',
      details: { clients: { active: 0, inactive: 1 }, name: 'Categoría' },
    });
    await updateClient(s)(s.admin, client.id, { categoryId: null }, 2);
    expect(await s.catalogs.clientCounts(s.tenantId, 'category', 'cat')).toEqual({ active: 0, inactive: 0 });
    await deleteCatalogEntry(s)(s.admin, 'category', 'cat', 1);
  });

  it("lists the caller's scope by status phase and name, and pages with a tenant-bound cursor", async () => {
    const s = await open();
    for (const [name, sellerId] of [
      ['Beta', 'seller'],
      ['alfa', 'seller'],
      ['Gamma', 'other'],
      ['Álamo', undefined],
    ] as const) {
      await createClient(s)(s.admin, parse({ name, email: `${name.toLowerCase().replace('á', 'a')}@c.test`, ...(sellerId ? { sellerId } : {}) }));
    }
    const gamma = (await listClients(s)(s.admin, { status: 'active', namePrefix: 'gam' }, { limit: 5 })).items[0]!;
    await setClientStatus(s)(s.admin, gamma.id, 'inactive', 1);
    const names = async (actor: Actor, status: 'active' | 'all', limit = 10) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listClients(s)(actor, { status }, { limit, cursor });
        seen.push(...page.items.map((c) => c.displayName));
        cursor = page.cursor;
      } while (cursor);
      return seen;
    };
    expect(await names(s.admin, 'all', 2)).toEqual(['Álamo', 'alfa', 'Beta', 'Gamma']);
    expect(await names(s.admin, 'active')).toEqual(['Álamo', 'alfa', 'Beta']);
    expect(await names(s.seller, 'all')).toEqual(['alfa', 'Beta']);
    expect((await listClients(s)(s.admin, { status: 'active', namePrefix: 'al' }, { limit: 5 })).items.map((c) => c.displayName)).toEqual(['Álamo', 'alfa']);
  });

  it('keeps one history item per change, newest first, contacts included, paged by change', async () => {
    const s = await open();
    const client = await createClient(s)(s.admin, parse({ name: 'Historia', email: 'h@c.test' }));
    await updateClient(s)(s.admin, client.id, { phone: '1', city: 'Talca' }, 1);
    const contact = await addContact(s)(s.admin, client.id, { type: 'other', name: 'Ana' });
    await updateContact(s)(s.admin, client.id, contact.id, { name: 'Ana María' }, 1);
    await expect(updateContact(s)(s.admin, client.id, contact.id, { name: 'Otra' }, 1)).rejects.toMatchObject({ code: 'version_mismatch' });
    await removeContact(s)(s.admin, client.id, contact.id, 2);
    const seen: Array<[string, number]> = [];
    let cursor: string | undefined;
    do {
      const page = await clientHistory(s)(s.admin, client.id, { limit: 2, cursor });
      seen.push(...page.items.map((h) => [h.operation, h.changes.length] as [string, number]));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual([
      ['contact_removed', 3],
      ['contact_updated', 1],
      ['contact_added', 3],
      ['update', 2],
      ['create', expect.any(Number)],
    ]);
  });
});
