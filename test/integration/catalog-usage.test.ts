import { describe, expect, it } from 'vitest';
import { createCatalogEntry, deleteCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient, listClients, setClientStatus, updateClient } from '../../domain/clients/client.use-cases.ts';
import { massUpdateClients } from '../../domain/clients/mass-update.use-case.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { newAdminActor, testDeps } from '../support/tenants.ts';

const deps = testDeps();
let seq = 0;
const make = (actor: Actor, fields: Record<string, unknown> = {}) => {
  seq += 1;
  return createClient(deps)(actor, NewClient.parse({ personType: 'other', name: `Uso ${seq}`, email: `uso${seq}@uso.test`, ...fields }));
};
const category = (actor: Actor, name: string) => createCatalogEntry(deps)(actor, 'category', { name, color: '#336699' });
const count = (actor: Actor, kind: 'category' | 'zone', id: string) => deps.catalogs.clientCount(actor.tenantId, kind, id);

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

    // An inactive client still points at its category (it can be restored): it still counts.
    await setClientStatus(deps)(actor, two.id, 'inactive', 1);
    expect(await count(actor, 'category', a.id)).toBe(1);

    const moved = await massUpdateClients(deps)(actor, { clientIds: [one.id, two.id] }, { categoryId: a.id });
    expect(moved.counts).toMatchObject({ updated: 1, unchanged: 1 });
    expect([await count(actor, 'category', a.id), await count(actor, 'category', b.id)]).toEqual([2, 0]);
  });

  it('let a delete through once the last client has left, and refuse it with the count before', async () => {
    const actor = await newAdminActor(deps);
    const a = await category(actor, 'Temporal');
    const client = await make(actor, { categoryId: a.id });
    await expect(deleteCatalogEntry(deps)(actor, 'category', a.id, 1))
      .rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'category_in_use', clients: 1 } });
    await updateClient(deps)(actor, client.id, { categoryId: null }, 1);
    await deleteCatalogEntry(deps)(actor, 'category', a.id, 1);
    expect(await deps.catalogs.get(actor.tenantId, 'category', a.id)).toBeUndefined();
    expect(await count(actor, 'category', a.id)).toBe(0);
  });

  it('refuse deleting a zone in use without reading the tenant', async () => {
    const actor = await newAdminActor(deps);
    const zone = await createCatalogEntry(deps)(actor, 'zone', { name: 'Sur' });
    await make(actor, { zoneId: zone.id });
    await expect(deleteCatalogEntry(deps)(actor, 'zone', zone.id, 1))
      .rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'zone_in_use', clients: 1 } });
  });

  it('refuse, inside the write itself, a client pointed at an entry deleted after the reference was checked', async () => {
    const actor = await newAdminActor(deps);
    const gone = await category(actor, 'Efímera');
    const client = await make(actor);
    await deleteCatalogEntry(deps)(actor, 'category', gone.id, 1);
    // What a request that checked the category just before the delete would then write:
    const next = { ...client, categoryId: gone.id, version: 2 };
    await expect(deps.clients.update(next, client, []))
      .rejects.toMatchObject({ code: 'validation_failed', details: { errors: [{ pointer: '/categoryId', code: 'unknown_reference' }] } });
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
