import { describe, expect, it } from 'vitest';
import { createCatalogEntry, deleteCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient, listClients, setClientStatus, updateClient } from '../../domain/clients/client.use-cases.ts';
import { massUpdateClients } from '../../domain/clients/mass-update.use-case.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newAdminActor, newTenant, newUser, testDeps } from '../support/tenants.ts';

const deps = testDeps();
let seq = 0;
const make = (actor: Actor, fields: Record<string, unknown> = {}) => {
  seq += 1;
  return createClient(deps)(actor, NewClient.parse({ personType: 'other', name: `Uso ${seq}`, email: `uso${seq}@uso.test`, ...fields }));
};
const category = (actor: Actor, name: string) => createCatalogEntry(deps)(actor, 'category', { name, color: '#336699' });
/** Clients (any status) holding the entry, as the delete guard counts them. */
const count = async (actor: Actor, kind: 'category' | 'zone', id: string) => {
  const { active, inactive } = await deps.catalogs.clientCounts(actor.tenantId, kind, id);
  return active + inactive;
};
const counts = (actor: Actor, kind: 'category' | 'zone', id: string) => deps.catalogs.clientCounts(actor.tenantId, kind, id);
/** What the counters must say, read from the clients themselves (the list index, both statuses). */
const listed = async (actor: Actor, categoryId: string) => {
  const ids = async (status: 'active' | 'inactive') => (await listClients(deps)(actor, { status, categoryId }, { limit: 100 })).items.length;
  return { active: await ids('active'), inactive: await ids('inactive') };
};

describe('catalogue usage counts', () => {
  it('follow every client write: create, move, clear, deactivate and mass update', async () => {
    const actor = await newAdminActor(deps);
    const a = await category(actor, 'A');
    const b = await category(actor, 'B');
    const zone = await createCatalogEntry(deps)(actor, 'zone', { name: 'Norte' });
    const one = await make(actor, { categoryId: a.id, zoneId: zone.id });
    const two = await make(actor, { categoryId: a.id });
    expect([await count(actor, 'category', a.id), await count(actor, 'zone', zone.id)]).toEqual([2, 1]);

    await updateClient(deps)(actor, one.id, { categoryId: b.id, zoneId: null }, 1);
    expect([await count(actor, 'category', a.id), await count(actor, 'category', b.id), await count(actor, 'zone', zone.id)]).toEqual([1, 1, 0]);

    // An inactive client still points at its category (it can be restored): it still counts, as inactive.
    await setClientStatus(deps)(actor, two.id, 'inactive', 1);
    expect(await counts(actor, 'category', a.id)).toEqual({ active: 0, inactive: 1 });

    const moved = await massUpdateClients(deps)(actor, { clientIds: [one.id, two.id] }, { categoryId: a.id });
    expect(moved.counts).toMatchObject({ updated: 1, unchanged: 1 });
    expect([await count(actor, 'category', a.id), await count(actor, 'category', b.id)]).toEqual([2, 0]);
    expect(await counts(actor, 'category', a.id)).toEqual({ active: 1, inactive: 1 });
  });

  it('split active from inactive through deactivation, restore, and moves of inactive clients', async () => {
    const actor = await newAdminActor(deps);
    const a = await category(actor, 'Estado A');
    const b = await category(actor, 'Estado B');
    const zone = await createCatalogEntry(deps)(actor, 'zone', { name: 'Estado Z' });
    const client = await make(actor, { categoryId: a.id, zoneId: zone.id });
    await setClientStatus(deps)(actor, client.id, 'inactive', 1);
    expect([await counts(actor, 'category', a.id), await counts(actor, 'zone', zone.id)]).toEqual([
      { active: 0, inactive: 1 },
      { active: 0, inactive: 1 },
    ]);
    // Moved while inactive: it leaves A's inactive count and enters B's.
    await updateClient(deps)(actor, client.id, { categoryId: b.id }, 2);
    expect([await counts(actor, 'category', a.id), await counts(actor, 'category', b.id)]).toEqual([
      { active: 0, inactive: 0 },
      { active: 0, inactive: 1 },
    ]);
    await setClientStatus(deps)(actor, client.id, 'active', 3);
    expect([await counts(actor, 'category', b.id), await counts(actor, 'zone', zone.id)]).toEqual([
      { active: 1, inactive: 0 },
      { active: 1, inactive: 0 },
    ]);
    // Deactivating twice, or restoring an active client, moves nothing.
    await setClientStatus(deps)(actor, client.id, 'active', 4).catch(() => undefined);
    expect(await counts(actor, 'category', b.id)).toEqual({ active: 1, inactive: 0 });
  });

  it("stay exact when deactivations, restores and moves of one category's clients run at once, and when two writes race for one client", async () => {
    const actor = await newAdminActor(deps);
    const a = await category(actor, 'Mezcla A');
    const b = await category(actor, 'Mezcla B');
    const clients = await Promise.all(Array.from({ length: 12 }, () => make(actor, { categoryId: a.id })));
    await Promise.all(clients.slice(8).map((c) => setClientStatus(deps)(actor, c.id, 'inactive', 1)));
    const results = await Promise.allSettled([
      ...clients.slice(0, 4).map((c) => setClientStatus(deps)(actor, c.id, 'inactive', 1)),
      ...clients.slice(4, 6).map((c) => updateClient(deps)(actor, c.id, { categoryId: b.id }, 1)),
      ...clients.slice(8, 10).map((c) => setClientStatus(deps)(actor, c.id, 'active', 2)),
      ...clients.slice(10, 12).map((c) => updateClient(deps)(actor, c.id, { categoryId: b.id }, 2)),
      // Two writes of one client on the same version: one wins, and only its move is counted.
      setClientStatus(deps)(actor, clients[6]!.id, 'inactive', 1),
      updateClient(deps)(actor, clients[6]!.id, { categoryId: b.id }, 1),
    ]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ reason: { code: 'version_mismatch' } });
    expect(await counts(actor, 'category', a.id)).toEqual(await listed(actor, a.id));
    expect(await counts(actor, 'category', b.id)).toEqual(await listed(actor, b.id));
    const [inA, inB] = [await counts(actor, 'category', a.id), await counts(actor, 'category', b.id)];
    expect(inA.active + inA.inactive + inB.active + inB.inactive).toBe(12);
    expect(inB.inactive).toBe(2);
  });

  it('let a delete through once the last client has left, and refuse it with the count before', async () => {
    const actor = await newAdminActor(deps);
    const a = await category(actor, 'Temporal');
    const client = await make(actor, { categoryId: a.id });
    await expect(deleteCatalogEntry(deps)(actor, 'category', a.id, 1)).rejects.toMatchObject({
      code: 'invalid_state',
      details: { reason: 'category_in_use', name: 'Temporal', clients: { active: 1, inactive: 0 } },
    });
    await updateClient(deps)(actor, client.id, { categoryId: null }, 1);
    await deleteCatalogEntry(deps)(actor, 'category', a.id, 1);
    expect(await deps.catalogs.get(actor.tenantId, 'category', a.id)).toBeUndefined();
    expect(await count(actor, 'category', a.id)).toBe(0);
  });

  it('refuse deleting a zone in use without reading the tenant', async () => {
    const actor = await newAdminActor(deps);
    const zone = await createCatalogEntry(deps)(actor, 'zone', { name: 'Sur' });
    await make(actor, { zoneId: zone.id });
    await expect(deleteCatalogEntry(deps)(actor, 'zone', zone.id, 1)).rejects.toMatchObject({
      code: 'invalid_state',
      details: { reason: 'zone_in_use', name: 'Sur', clients: { active: 1, inactive: 0 } },
    });
  });

  it('refuse, inside the write itself, a client pointed at an entry deleted after the reference was checked', async () => {
    const actor = await newAdminActor(deps);
    const gone = await category(actor, 'Efímera');
    const client = await make(actor);
    await deleteCatalogEntry(deps)(actor, 'category', gone.id, 1);
    // What a request that checked the category just before the delete would then write:
    const next = { ...client, categoryId: gone.id, version: 2 };
    await expect(deps.clients.update(next, client, [])).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ pointer: '/categoryId', code: 'unknown_reference' }] },
    });
    expect((await deps.clients.get(actor.tenantId, client.id))?.categoryId).toBeUndefined();
  });

  it('never leave a client pointing at a deleted category when deletes race assignments', async () => {
    const actor = await newAdminActor(deps);
    for (let round = 0; round < 4; round += 1) {
      const entry = await category(actor, `Carrera ${round}`);
      const outcomes = await Promise.allSettled([
        ...Array.from({ length: 6 }, () => make(actor, { categoryId: entry.id })),
        deleteCatalogEntry(deps)(actor, 'category', entry.id, 1),
      ]);
      const created = outcomes.slice(0, 6).filter((o) => o.status === 'fulfilled').length;
      const deleted = outcomes[6]!.status === 'fulfilled';
      const listed = await listClients(deps)(actor, { status: 'all', categoryId: entry.id }, { limit: 50 });
      if (deleted) {
        // Every assignment that lost the race was refused; none slipped in.
        expect(created).toBe(0);
        expect(listed.items).toEqual([]);
      } else {
        expect(await count(actor, 'category', entry.id)).toBe(created);
      }
    }
  });

  it('stay exact when many clients take the same category at once', async () => {
    const actor = await newAdminActor(deps);
    const busy = await category(actor, 'Concurrida');
    const created = await Promise.all(Array.from({ length: 20 }, () => make(actor, { categoryId: busy.id })));
    expect(created).toHaveLength(20);
    expect(await count(actor, 'category', busy.id)).toBe(20);
  });
});

const { handler } = await import('../../functions/http/clients-api.handler.ts');

describe('deleting a category or zone in use, over HTTP', () => {
  const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
    handler(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));

  it('answers 409 with the active and inactive clients that hold it, in Spanish and English, and keeps it', async () => {
    const { admin } = await newTenant(deps);
    const mayorista = json(await call('POST /v1/client-categories', admin, { body: { name: 'Mayorista', color: '#336699' } }));
    const created = [];
    for (let i = 0; i < 4; i++) {
      created.push(
        json(
          await call('POST /v1/clients', admin, { body: { personType: 'other', name: `Mayor ${i}`, email: `mayor${i}@uso.test`, categoryId: mayorista.id } }),
        ),
      );
    }
    await call('DELETE /v1/clients/{clientId}', admin, { pathParameters: { clientId: created[3].id }, headers: { 'if-match': '"1"' } });
    const del = (lang: string) =>
      call('DELETE /v1/client-categories/{categoryId}', admin, {
        pathParameters: { categoryId: mayorista.id },
        headers: { 'if-match': '"1"', 'accept-language': lang },
      });
    const es = await del('es');
    expect(es.statusCode).toBe(409);
    expect(json(es)).toMatchObject({ code: 'invalid_state', reason: 'category_in_use', name: 'Mayorista', clients: { active: 3, inactive: 1 } });
    expect(json(es).detail).toBe(
      'La categoría «Mayorista» la usan 3 clientes activos y 1 inactivo; muévelos a otra categoría con una actualización masiva (POST /v1/clients/mass-update con el filtro categoryId y status «all») antes de eliminarla',
    );
    expect(json(await del('en')).detail).toBe(
      'The category "Mayorista" is used by 3 active clients and 1 inactive one; move them to another category with a mass update (POST /v1/clients/mass-update with the filter categoryId and status "all") before deleting it',
    );
    expect((await call('GET /v1/client-categories/{categoryId}', admin, { pathParameters: { categoryId: mayorista.id } })).statusCode).toBe(200);
  });

  it('says a zone held only by an inactive client is still in use', async () => {
    const { admin } = await newTenant(deps);
    const zone = json(await call('POST /v1/zones', admin, { body: { name: 'Costa' } }));
    const client = json(await call('POST /v1/clients', admin, { body: { personType: 'other', name: 'Costero', email: 'costa@uso.test', zoneId: zone.id } }));
    await call('DELETE /v1/clients/{clientId}', admin, { pathParameters: { clientId: client.id }, headers: { 'if-match': '"1"' } });
    const refused = await call('DELETE /v1/zones/{zoneId}', admin, { pathParameters: { zoneId: zone.id }, headers: { 'if-match': '"1"' } });
    expect(json(refused)).toMatchObject({ reason: 'zone_in_use', clients: { active: 0, inactive: 1 } });
    expect(json(refused).detail).toBe(
      'La zona «Costa» la usa 1 cliente inactivo; muévelo a otra zona con una actualización masiva (POST /v1/clients/mass-update con el filtro zoneId y status «all») antes de eliminarla',
    );
  });

  it('answers 404 to another tenant and 403 to a level-4 user, telling neither how many clients hold it', async () => {
    const { admin } = await newTenant(deps);
    const { admin: stranger } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    const secret = json(await call('POST /v1/client-categories', admin, { body: { name: 'Secreta', color: '#000000' } }));
    await call('POST /v1/clients', admin, { body: { personType: 'other', name: 'Oculto', email: 'oculto@uso.test', categoryId: secret.id } });
    for (const [as, status] of [
      [stranger, 404],
      [clerk, 403],
    ] as const) {
      const result = await call('DELETE /v1/client-categories/{categoryId}', as, { pathParameters: { categoryId: secret.id }, headers: { 'if-match': '"1"' } });
      expect(result.statusCode).toBe(status);
      expect(json(result)).not.toHaveProperty('clients');
    }
  });
});
