import { describe, expect, it } from 'vitest';
import { listAgentLoads, reassignAgents } from '../../../domain/clients/agents.use-cases.ts';
import { createCatalogEntry, deleteCatalogEntry, updateCatalogEntry } from '../../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../../domain/clients/client.schema.ts';
import { clientHistory, createClient, getClient, listClients, setClientStatus, updateClient } from '../../../domain/clients/client.use-cases.ts';
import { addContact, listContacts, removeContact, updateContact } from '../../../domain/clients/contact.use-cases.ts';
import { massUpdateClients, requestMassUpdate } from '../../../domain/clients/mass-update.use-case.ts';
import { quickSearch } from '../../../domain/clients/search.use-case.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { DomainError } from '../../../domain/shared/errors.ts';
import { anActor, T0 } from '../fixtures.ts';
import { admin, adminB, company, create, type Deps, jefaNorte, jefeVentas, names, setup, sofia, tomas } from './client-book.fixture.ts';

describe('creating a client', () => {
  it("stores an active client, version 1, owned by the creator's branch, with one history entry listing its fields", async () => {
    const deps = await setup();
    const client = await create(deps, jefaNorte, company('Comercial Andes SpA', { categoryId: 'mayorista', zoneId: 'centro', sellerId: 'sofia' }));
    expect(client).toMatchObject({
      tenantId: 'tenant-a',
      displayName: 'Comercial Andes SpA',
      status: 'active',
      version: 1,
      collectionsEnabled: true,
      branchId: 'norte',
      assignedDepartmentIds: ['ventas-norte'],
      createdBy: 'jefa-norte',
      createdAt: T0,
      provenance: { source: 'api' },
    });
    expect(await deps.clients.get('tenant-a', client.id)).toEqual(client);
    const [entry, ...more] = deps.clients.historyOf('tenant-a', client.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ operation: 'create', by: 'jefa-norte', at: T0, version: 1 });
    expect(entry!.changes).toContainEqual({ field: 'categoryId', to: 'mayorista' });
    expect(await deps.catalogs.clientCounts('tenant-a', 'category', 'mayorista')).toEqual({ active: 1, inactive: 0 });
  });

  it('names every reference that does not exist, is inactive or belongs to another tenant, and stores nothing', async () => {
    const deps = await setup();
    const error = await create(
      deps,
      admin,
      company('Fantasma Ltda', { categoryId: 'solo-b', zoneId: 'nowhere', sellerId: 'ida', collectorId: 'nobody', branchId: 'oeste' }),
    ).then(
      () => undefined,
      (e: DomainError) => e,
    );
    expect(error).toMatchObject({ code: 'validation_failed' });
    expect((error!.details.errors as Array<{ pointer: string; code: string }>).map((e) => [e.pointer, e.code])).toEqual([
      ['/categoryId', 'unknown_reference'],
      ['/zoneId', 'unknown_reference'],
      ['/sellerId', 'unknown_reference'],
      ['/collectorId', 'unknown_reference'],
      ['/branchId', 'unknown_reference'],
    ]);
    expect(deps.clients.all()).toEqual([]);
  });

  it('makes a level-4 creator the seller, so the client they create is theirs to see', async () => {
    const deps = await setup();
    const client = await create(deps, sofia, company('Propia SpA'));
    expect(client).toMatchObject({ sellerId: 'sofia', branchId: 'norte' });
    expect(await getClient(deps)(sofia, client.id)).toEqual(client);
  });

  it('refuses an e-mail, tax id or custom id another client of the tenant holds, naming the holder; another tenant may hold the same', async () => {
    const deps = await setup();
    const first = await create(
      deps,
      admin,
      company('Uno SpA', { email: 'uno@cliente.test', taxId: { scheme: 'CL_RUT', value: '76.086.428-5' }, customId: 'C-1' }),
    );
    await expect(create(deps, admin, company('Otro SpA', { email: 'UNO@cliente.test' }))).rejects.toMatchObject({
      code: 'conflict',
      details: { field: 'email', existingId: first.id },
    });
    await expect(create(deps, admin, company('Dos SpA', { taxId: { scheme: 'CL_RUT', value: '760864285' } }))).rejects.toMatchObject({
      code: 'conflict',
      details: { field: 'taxId', existingId: first.id },
    });
    await expect(create(deps, admin, company('Tres SpA', { customId: 'c-1' }))).rejects.toMatchObject({
      code: 'conflict',
      details: { field: 'customId', existingId: first.id },
    });
    await expect(
      create(deps, adminB, company('Uno SpA', { email: 'uno@cliente.test', taxId: { scheme: 'CL_RUT', value: '76.086.428-5' }, customId: 'C-1' })),
    ).resolves.toBeDefined();
  });

  it('lets many clients share a generic RFC', async () => {
    const deps = await setup();
    await create(deps, admin, company('Público Uno', { taxId: { scheme: 'MX_RFC', value: 'XAXX010101000' } }));
    const second = await create(deps, admin, company('Público Dos', { taxId: { scheme: 'MX_RFC', value: 'XAXX010101000' } }));
    expect(second.taxId).toMatchObject({ generic: true });
  });

  it('lets only level 1 choose any branch and level 2 only its own', async () => {
    const deps = await setup();
    await expect(create(deps, admin, company('Sur SpA', { branchId: 'sur' }))).resolves.toMatchObject({ branchId: 'sur' });
    await expect(create(deps, jefaNorte, company('Norte SpA', { branchId: 'norte' }))).resolves.toMatchObject({ branchId: 'norte' });
    await expect(create(deps, jefaNorte, company('Ajena SpA', { branchId: 'sur' }))).rejects.toMatchObject({
      code: 'forbidden',
      details: { reason: 'branch_change' },
    });
    await expect(create(deps, sofia, company('Lejana SpA', { branchId: 'sur' }))).rejects.toMatchObject({
      code: 'forbidden',
      details: { reason: 'branch_change' },
    });
  });

  it('records a client from an import with its job, as an import in its history', async () => {
    const deps = await setup();
    const client = await createClient(deps)(admin, NewClient.parse(company('Importada SpA')), { source: 'import', importJobId: 'job-7' });
    expect(client.provenance).toEqual({ source: 'import', importJobId: 'job-7' });
    expect(deps.clients.historyOf('tenant-a', client.id).map((h) => h.operation)).toEqual(['import']);
    // The job's id travels with the entry: the client's history says which import wrote it.
    expect(deps.clients.historyOf('tenant-a', client.id).map((h) => h.operationId)).toEqual(['job-7']);
  });
});

describe('changing a client', () => {
  it('writes the new version with one history entry of the changed fields, and flags a rename', async () => {
    const deps = await setup();
    const client = await create(deps, admin, company('Ferretería Uno', { city: 'Talca' }));
    deps.clock.advance(60_000);
    const { client: next, renamed } = await updateClient(deps)(admin, client.id, { legalName: 'Ferretería Dos', city: null, phone: '+56 9 1111 1111' }, 1);
    expect(next).toMatchObject({ version: 2, displayName: 'Ferretería Dos', phone: '+56 9 1111 1111', updatedBy: 'admin-a' });
    expect(next).not.toHaveProperty('city');
    expect(renamed).toEqual({ from: 'Ferretería Uno', to: 'Ferretería Dos' });
    const latest = deps.clients.historyOf('tenant-a', client.id).at(-1)!;
    expect(latest).toMatchObject({ operation: 'update', version: 2 });
    expect(latest.changes).toEqual([
      { field: 'city', from: 'Talca' },
      { field: 'displayName', from: 'Ferretería Uno', to: 'Ferretería Dos' },
      { field: 'legalName', from: 'Ferretería Uno', to: 'Ferretería Dos' },
      { field: 'phone', to: '+56 9 1111 1111' },
    ]);
  });

  it('keeps the version and writes nothing when the patch changes nothing', async () => {
    const deps = await setup();
    const client = await create(deps, admin, company('Quieta SpA', { city: 'Talca' }));
    const { client: same, renamed } = await updateClient(deps)(admin, client.id, { city: 'Talca', legalName: 'Quieta SpA' }, 1);
    expect(same.version).toBe(1);
    expect(renamed).toBeUndefined();
    expect(deps.clients.writes.map((w) => w.op)).toEqual(['create']);
  });

  it('tells the copies of a category or scope change before and after the write, and of nothing else', async () => {
    const deps = await setup();
    const client = await create(deps, admin, company('Copiada SpA', { categoryId: 'mayorista' }));
    const told: string[] = [];
    const copies = {
      willChange: async (tenantId: string, id: string) => {
        told.push(`will:${tenantId}:${id}:${deps.clients.writes.length}`);
      },
      follow: async (tenantId: string, id: string) => {
        told.push(`follow:${tenantId}:${id}:${deps.clients.writes.length}`);
      },
    };
    const writes = deps.clients.writes.length;
    await updateClient({ ...deps, copies })(admin, client.id, { phone: '1' }, 1);
    expect(told).toEqual([]);
    await updateClient({ ...deps, copies })(admin, client.id, { categoryId: 'minorista' }, 2);
    // Marked before the client's write (writes counted then: one), followed after it (one more).
    expect(told).toEqual([`will:tenant-a:${client.id}:${writes + 1}`, `follow:tenant-a:${client.id}:${writes + 2}`]);
    told.length = 0;
    await updateClient({ ...deps, copies })(admin, client.id, { sellerId: 'sofia' }, 3);
    expect(told).toHaveLength(2);
    // A stale version is refused while planning, before anything is marked.
    told.length = 0;
    await expect(updateClient({ ...deps, copies })(admin, client.id, { categoryId: 'mayorista' }, 1)).rejects.toMatchObject({ code: 'version_mismatch' });
    expect(told).toEqual([]);
  });

  it('refuses a stale version and leaves the stored client alone', async () => {
    const deps = await setup();
    const client = await create(deps, admin, company('Disputada SpA'));
    await updateClient(deps)(admin, client.id, { phone: '1' }, 1);
    await expect(updateClient(deps)(admin, client.id, { phone: '2' }, 1)).rejects.toMatchObject({ code: 'version_mismatch' });
    expect((await deps.clients.get('tenant-a', client.id))?.phone).toBe('1');
  });

  it('frees the old e-mail for another client, and refuses one another client holds', async () => {
    const deps = await setup();
    const a = await create(deps, admin, company('Alfa SpA', { email: 'alfa@cliente.test' }));
    const b = await create(deps, admin, company('Beta SpA'));
    await expect(updateClient(deps)(admin, b.id, { email: 'ALFA@cliente.test' }, 1)).rejects.toMatchObject({ code: 'conflict', details: { existingId: a.id } });
    await updateClient(deps)(admin, a.id, { email: 'nuevo@cliente.test' }, 1);
    await expect(updateClient(deps)(admin, b.id, { email: 'alfa@cliente.test' }, 1)).resolves.toMatchObject({ client: { email: 'alfa@cliente.test' } });
  });

  it('does not let a level-4 user hand a client to someone else and lose it', async () => {
    const deps = await setup();
    const client = await create(deps, sofia, company('Mía SpA'));
    await expect(updateClient(deps)(sofia, client.id, { sellerId: 'tomas' }, 1)).rejects.toMatchObject({
      code: 'forbidden',
      details: { reason: 'outside_scope' },
    });
    await expect(updateClient(deps)(sofia, client.id, { collectorId: 'tomas' }, 1)).resolves.toMatchObject({ client: { version: 2 } });
  });

  it('counts the clients of a category, so it cannot be deleted while used, and can once they move', async () => {
    const deps = await setup();
    const client = await create(deps, admin, company('Usuaria SpA', { categoryId: 'mayorista' }));
    await expect(deleteCatalogEntry(deps)(admin, 'category', 'mayorista', 1)).rejects.toMatchObject({
      code: 'invalid_state',
      details: { reason: 'category_in_use', clients: { active: 1, inactive: 0 } },
    });
    await setClientStatus(deps)(admin, client.id, 'inactive', 1);
    await expect(deleteCatalogEntry(deps)(admin, 'category', 'mayorista', 1)).rejects.toMatchObject({ details: { clients: { active: 0, inactive: 1 } } });
    await updateClient(deps)(admin, client.id, { categoryId: 'minorista' }, 2);
    await deleteCatalogEntry(deps)(admin, 'category', 'mayorista', 1);
    expect(await deps.catalogs.clientCounts('tenant-a', 'category', 'minorista')).toEqual({ active: 0, inactive: 1 });
  });

  it('deactivates and restores as status changes in the history, and leaves the default list meanwhile', async () => {
    const deps = await setup();
    const client = await create(deps, admin, company('Vaivén SpA'));
    const inactive = await setClientStatus(deps)(admin, client.id, 'inactive', 1);
    expect(inactive).toMatchObject({ status: 'inactive', version: 2 });
    expect((await listClients(deps)(admin, { status: 'active' }, { limit: 10 })).items).toEqual([]);
    expect(names((await listClients(deps)(admin, { status: 'all' }, { limit: 10 })).items)).toEqual(['Vaivén SpA']);
    await setClientStatus(deps)(admin, client.id, 'active', 2);
    expect(deps.clients.historyOf('tenant-a', client.id).map((h) => [h.operation, h.changes])).toEqual([
      ['create', expect.any(Array)],
      ['deactivate', [{ field: 'status', from: 'active', to: 'inactive' }]],
      ['restore', [{ field: 'status', from: 'inactive', to: 'active' }]],
    ]);
  });
});

describe('who sees which clients', () => {
  async function book() {
    const deps = await setup();
    const norteSofia = await create(deps, admin, company('Norte de Sofía', { branchId: 'norte', sellerId: 'sofia' }));
    const norteSolo = await create(deps, admin, company('Norte Solo', { branchId: 'norte' }));
    const surTomas = await create(deps, admin, company('Sur de Tomás', { branchId: 'sur', collectorId: 'tomas' }));
    const surSofia = await create(deps, admin, company('Sur con Sofía', { branchId: 'sur', agentId: 'sofia' }));
    return { deps, norteSofia, norteSolo, surTomas, surSofia };
  }
  const visible = async (deps: Deps, actor: Actor) => names((await listClients(deps)(actor, { status: 'active' }, { limit: 50 })).items);

  it("lists by level: 1 all, 2 its branch, 3 its department's assignees, 4 its own", async () => {
    const { deps } = await book();
    expect(await visible(deps, admin)).toEqual(['Norte de Sofía', 'Norte Solo', 'Sur con Sofía', 'Sur de Tomás']);
    expect(await visible(deps, jefaNorte)).toEqual(['Norte de Sofía', 'Norte Solo']);
    expect(await visible(deps, jefeVentas)).toEqual(['Norte de Sofía', 'Sur con Sofía']);
    expect(await visible(deps, sofia)).toEqual(['Norte de Sofía', 'Sur con Sofía']);
    expect(await visible(deps, tomas)).toEqual(['Sur de Tomás']);
    expect(await visible(deps, anActor({ userId: 'x', accessLevel: 2, permissions: [] }))).toEqual([]);
  });

  it("answers 404 for a client outside the scope exactly as for another tenant's, history and contacts included", async () => {
    const { deps, surTomas } = await book();
    for (const [actor, id] of [
      [sofia, surTomas.id],
      [jefaNorte, surTomas.id],
      [adminB, surTomas.id],
      [admin, 'no-such-client'],
    ] as const) {
      await expect(getClient(deps)(actor, id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(clientHistory(deps)(actor, id, { limit: 5 })).rejects.toMatchObject({ code: 'not_found' });
      await expect(listContacts(deps)(actor, id)).rejects.toMatchObject({ code: 'not_found' });
    }
    await expect(updateClient(deps)(sofia, surTomas.id, { phone: '1' }, 1)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('pages a list by name with a cursor bound to the tenant', async () => {
    const { deps } = await book();
    const first = await listClients(deps)(admin, { status: 'active' }, { limit: 3 });
    expect(names(first.items)).toEqual(['Norte de Sofía', 'Norte Solo', 'Sur con Sofía']);
    const second = await listClients(deps)(admin, { status: 'active' }, { limit: 3, cursor: first.cursor });
    expect(names(second.items)).toEqual(['Sur de Tomás']);
    expect(second.cursor).toBeUndefined();
    await expect(listClients(deps)(adminB, { status: 'active' }, { limit: 3, cursor: first.cursor })).rejects.toThrow();
  });

  it('filters by name prefix (any case and accent) and by references, `none` meaning without one', async () => {
    const { deps } = await book();
    expect(await names((await listClients(deps)(admin, { status: 'active', namePrefix: 'sur' }, { limit: 10 })).items)).toEqual([
      'Sur con Sofía',
      'Sur de Tomás',
    ]);
    expect(names((await listClients(deps)(admin, { status: 'active', sellerId: 'sofia' }, { limit: 10 })).items)).toEqual(['Norte de Sofía']);
    expect(names((await listClients(deps)(admin, { status: 'active', collectorId: 'none' }, { limit: 10 })).items)).toEqual([
      'Norte de Sofía',
      'Norte Solo',
      'Sur con Sofía',
    ]);
  });
});

describe('mass update', () => {
  it('updates the selected clients it may see, reports the rest, and is unchanged when run again', async () => {
    const deps = await setup();
    const mine = await create(deps, sofia, company('Mía Uno'));
    const alsoMine = await create(deps, sofia, company('Mía Dos', { paymentTermsDays: 30 }));
    const notMine = await create(deps, tomas, company('Ajena'));
    const allowed = { ...sofia, permissions: ['clients.mass_update' as const] };
    const target = { clientIds: [mine.id, alsoMine.id, notMine.id, 'missing'] };
    const first = await requestMassUpdate(deps)(allowed, target, { paymentTermsDays: 45 });
    expect(first).toMatchObject({ total: 4, counts: { updated: 2, unchanged: 0, not_found: 2, failed: 0 } });
    expect(first.failures.map((f) => f.clientId)).toEqual([notMine.id, 'missing']);
    expect((await deps.clients.get('tenant-a', notMine.id))?.paymentTermsDays).toBeUndefined();
    const entry = deps.clients.historyOf('tenant-a', alsoMine.id).at(-1)!;
    expect(entry).toMatchObject({ operation: 'mass_update', operationId: first.operationId, changes: [{ field: 'paymentTermsDays', from: 30, to: 45 }] });
    const again = await requestMassUpdate(deps)(allowed, target, { paymentTermsDays: 45 });
    expect(again.counts).toEqual({ updated: 0, unchanged: 2, not_found: 2, failed: 0 });
  });

  it('updates every client of the scope matching a filter, and refuses without the permission', async () => {
    const deps = await setup();
    for (const n of ['Uno', 'Dos']) await create(deps, admin, company(`Filtro ${n}`, { categoryId: 'mayorista' }));
    await create(deps, admin, company('Sin Categoría'));
    await expect(
      requestMassUpdate(deps)({ ...admin, permissions: [] }, { filter: { status: 'active', categoryId: 'mayorista' } }, { zoneId: 'centro' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const result = await requestMassUpdate(deps)(admin, { filter: { status: 'active', categoryId: 'mayorista' } }, { zoneId: 'centro' });
    expect(result.counts.updated).toBe(2);
    expect(await deps.catalogs.clientCounts('tenant-a', 'zone', 'centro')).toEqual({ active: 2, inactive: 0 });
  });

  it('refuses a filter matching more clients than the limit, and a reference that does not exist, before changing anything', async () => {
    const deps = await setup();
    for (const n of ['A', 'B', 'C']) await create(deps, admin, company(`Límite ${n}`));
    await expect(
      massUpdateClients(deps, { maxMatched: 2 })(admin, { filter: { status: 'active' }, all: true }, { paymentTermsDays: 10 }),
    ).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'too_many_matches', limit: 2 } });
    await expect(requestMassUpdate(deps)(admin, { filter: { status: 'active' }, all: true }, { categoryId: 'solo-b' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(deps.clients.all('tenant-a').every((c) => c.version === 1)).toBe(true);
  });

  it("moves the clients of one agent to another and counts each agent's clients", async () => {
    const deps = await setup();
    for (const n of ['Uno', 'Dos']) await create(deps, admin, company(`Agente ${n}`, { agentId: 'sofia' }));
    await create(deps, admin, company('Agente Tres', { agentId: 'tomas' }));
    const moved = await reassignAgents(deps)(admin, { sofia: 'tomas' });
    expect(moved.sofia).toMatchObject({ total: 2, counts: { updated: 2 } });
    const loads = await listAgentLoads(deps)(admin);
    expect(loads[0]).toMatchObject({ agent: { id: 'tomas' }, clients: 3 });
    expect(loads.find((l) => l.agent.id === 'sofia')?.clients).toBe(0);
    await expect(reassignAgents(deps)(admin, { tomas: 'ida' })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('quick search', () => {
  it('finds exact e-mails, tax ids in any written form and custom ids first, then names by prefix', async () => {
    const deps = await setup();
    const andes = await create(deps, admin, company('Andes SpA', { taxId: { scheme: 'CL_RUT', value: '76.086.428-5' }, customId: 'AND-1' }));
    const andino = await create(deps, admin, company('Andino Ltda'));
    const hits = async (q: string) => (await quickSearch(deps)(admin, q, { limit: 10 })).items.map((h) => [h.client.id, h.matchedBy]);
    expect(await hits('ANDES-SPA@cliente.test')).toEqual([[andes.id, 'email']]);
    expect(await hits('76086428-5')).toEqual([[andes.id, 'taxId']]);
    expect(await hits('and-1')).toEqual([[andes.id, 'customId']]);
    expect(await hits('ánd')).toEqual([
      [andes.id, 'name'],
      [andino.id, 'name'],
    ]);
    expect(await hits('   ')).toEqual([]);
  });

  it("does not reveal an exact match outside the caller's scope", async () => {
    const deps = await setup();
    await create(deps, tomas, company('Oculta SpA', { customId: 'OC-1' }));
    expect((await quickSearch(deps)(sofia, 'OC-1', { limit: 10 })).items).toEqual([]);
    expect((await quickSearch(deps)(sofia, 'oculta-spa@cliente.test', { limit: 10 })).items).toEqual([]);
  });
});

describe('contacts', () => {
  it('adds, changes and removes a contact, one history entry each, and keeps its version when nothing changes', async () => {
    const deps = await setup();
    const client = await create(deps, admin, company('Con Contactos'));
    deps.clock.advance(1000);
    const contact = await addContact(deps)(admin, client.id, { type: 'billing', name: 'Paula', email: 'paula@cliente.test' });
    expect(contact).toMatchObject({ version: 1, receives: ['invoices', 'payments'] });
    deps.clock.advance(1000);
    const changed = await updateContact(deps)(admin, client.id, contact.id, { receives: ['invoices'] }, 1);
    expect(changed.version).toBe(2);
    expect((await updateContact(deps)(admin, client.id, contact.id, { name: 'Paula' }, 2)).version).toBe(2);
    await expect(updateContact(deps)(admin, client.id, contact.id, { name: 'Otra' }, 1)).rejects.toMatchObject({ code: 'version_mismatch' });
    deps.clock.advance(1000);
    await removeContact(deps)(admin, client.id, contact.id, 2);
    expect(await listContacts(deps)(admin, client.id)).toEqual([]);
    expect(deps.clients.historyOf('tenant-a', client.id).map((h) => [h.operation, h.contactId, h.version])).toEqual([
      ['create', undefined, 1],
      ['contact_added', contact.id, 1],
      ['contact_updated', contact.id, 2],
      ['contact_removed', contact.id, 3],
    ]);
  });

  it('refuses a contact that receives messages without an e-mail', async () => {
    const deps = await setup();
    const client = await create(deps, admin, company('Sin Correo'));
    await expect(addContact(deps)(admin, client.id, { type: 'billing', name: 'Nadie', receives: ['invoices'] })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('categories and zones', () => {
  it('refuses a second category with the same name in any case or accent, and allows it in another tenant', async () => {
    const deps = await setup();
    await expect(createCatalogEntry(deps)(admin, 'category', { name: 'MAYORÍSTA' })).rejects.toMatchObject({
      code: 'conflict',
      details: { existingId: 'mayorista' },
    });
    await expect(createCatalogEntry(deps)(adminB, 'category', { name: 'Mayorista' })).resolves.toMatchObject({ tenantId: 'tenant-b' });
    await expect(createCatalogEntry(deps)(sofia, 'zone', { name: 'Nueva' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps the version when a change says what the entry already says, and changes it otherwise', async () => {
    const deps = await setup();
    const before = await deps.catalogs.get('tenant-a', 'category', 'mayorista');
    deps.clock.advance(1000);
    await expect(updateCatalogEntry(deps)(admin, 'category', 'mayorista', { name: 'Mayorista' }, 1)).resolves.toEqual(before);
    await expect(updateCatalogEntry(deps)(admin, 'category', 'mayorista', { icon: null }, 'any')).resolves.toEqual(before);
    expect(await deps.catalogs.get('tenant-a', 'category', 'mayorista')).toEqual(before);
    await expect(updateCatalogEntry(deps)(admin, 'category', 'mayorista', { color: '#00AA00' }, 'any')).resolves.toMatchObject({
      version: 2,
      color: '#00AA00',
    });
  });
});
