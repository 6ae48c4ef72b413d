import { describe, expect, it } from 'vitest';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { clientHistory, createClient, updateClient } from '../../domain/clients/client.use-cases.ts';
import { NewContact } from '../../domain/clients/contact.schema.ts';
import { addContact, removeContact, updateContact } from '../../domain/clients/contact.use-cases.ts';
import { newAdminActor, testDeps } from '../support/tenants.ts';

const deps = testDeps();
const frozen = { now: () => new Date('2026-05-04T10:00:00.000Z') };

describe("a client's history", () => {
  it('keeps two changes made in the same millisecond apart', async () => {
    const still = { ...deps, clock: frozen };
    const actor = await newAdminActor(deps);
    const client = await createClient(still)(actor, NewClient.parse({ personType: 'other', name: 'Mismo Instante', email: 'mi@h.test' }));
    const first = await updateClient(still)(actor, client.id, { phone: '1' }, 1);
    const second = await updateClient(still)(actor, client.id, { phone: '2' }, 2);
    expect([first.client.version, second.client.version]).toEqual([2, 3]);
    const phones = (await clientHistory(deps)(actor, client.id, { limit: 50 })).items.filter((h) => h.changes.some((c) => c.field === 'phone'));
    expect(phones.map((h) => [h.changes, h.version])).toEqual([
      [[{ field: 'phone', from: '1', to: '2' }], 3],
      [[{ field: 'phone', to: '1' }], 2],
    ]);
  });

  it('records where a client came from: the API, or an import with its job id', async () => {
    const actor = await newAdminActor(deps);
    const typed = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'A Mano', email: 'mano@h.test' }));
    const imported = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Importado', email: 'imp@h.test' }), {
      source: 'import',
      importJobId: 'job-42',
    });
    expect((await deps.clients.get(actor.tenantId, typed.id))?.provenance).toEqual({ source: 'api' });
    expect((await deps.clients.get(actor.tenantId, imported.id))?.provenance).toEqual({ source: 'import', importJobId: 'job-42' });
    const operations = async (id: string) => new Set((await clientHistory(deps)(actor, id, { limit: 50 })).items.map((h) => h.operation));
    expect(await operations(typed.id)).toEqual(new Set(['create']));
    expect(await operations(imported.id)).toEqual(new Set(['import']));
  });

  it('writes one history item per change, whatever the number of fields, and pages by change', async () => {
    const actor = await newAdminActor(deps);
    const client = await createClient(deps)(
      actor,
      NewClient.parse({
        personType: 'natural',
        firstName: 'Ana',
        middleName: 'María',
        firstSurname: 'Muñoz',
        secondSurname: 'Soto',
        email: 'ams@h.test',
        phone: '+56 9 1111 1111',
        mobile: '+56 9 2222 2222',
        address: 'Los Aromos 123',
        city: 'Temuco',
        region: 'Araucanía',
        customId: 'C-77',
        observations: 'Paga los viernes',
        paymentTermsDays: 30,
        notifyEmails: ['pagos@h.test'],
      }),
    );
    await updateClient(deps)(actor, client.id, { city: 'Valdivia', region: 'Los Ríos', phone: null }, 1);
    const stored = await deps.data.entities.clientHistory.query.byClient({ tenantId: actor.tenantId, clientId: client.id }).go({ pages: 'all' });
    expect(stored.data).toHaveLength(2);
    const first = await clientHistory(deps)(actor, client.id, { limit: 1 });
    expect(first.items.map((h) => [h.operation, h.version, h.changes.map((c) => c.field)])).toEqual([['update', 2, ['city', 'phone', 'region']]]);
    const second = await clientHistory(deps)(actor, client.id, { limit: 1, cursor: first.cursor });
    expect(second.items[0]).toMatchObject({ operation: 'create', version: 1, by: actor.userId });
    expect(second.items[0]!.changes.length).toBeGreaterThan(15);
    expect(second.items[0]!.changes).toContainEqual({ field: 'customId', to: 'C-77' });
  });

  it("records who added, changed and removed each contact, one change each, among the client's changes", async () => {
    const actor = await newAdminActor(deps);
    const client = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Con Contactos', email: 'cc@h.test' }));
    const contact = await addContact(deps)(actor, client.id, NewContact.parse({ type: 'billing', name: 'Paula', email: 'paula@h.test' }));
    await updateContact(deps)(actor, client.id, contact.id, { email: 'pagos@h.test', receives: ['invoices'] }, 1);
    // A patch that changes nothing writes nothing.
    await updateContact(deps)(actor, client.id, contact.id, { name: 'Paula' }, 2);
    await removeContact(deps)(actor, client.id, contact.id, 2);

    const entries = (await clientHistory(deps)(actor, client.id, { limit: 50 })).items.filter((h) => h.contactId === contact.id);
    expect(entries.map((h) => [h.operation, h.version, h.changes])).toEqual([
      [
        'contact_removed',
        3,
        [
          { field: 'contact.type', from: 'billing' },
          { field: 'contact.name', from: 'Paula' },
          { field: 'contact.email', from: 'pagos@h.test' },
          { field: 'contact.receives', from: ['invoices'] },
        ],
      ],
      [
        'contact_updated',
        2,
        [
          { field: 'contact.email', from: 'paula@h.test', to: 'pagos@h.test' },
          { field: 'contact.receives', from: ['invoices', 'payments'], to: ['invoices'] },
        ],
      ],
      [
        'contact_added',
        1,
        [
          { field: 'contact.type', to: 'billing' },
          { field: 'contact.name', to: 'Paula' },
          { field: 'contact.email', to: 'paula@h.test' },
          { field: 'contact.receives', to: ['invoices', 'payments'] },
        ],
      ],
    ]);
    expect(entries.every((h) => h.by === actor.userId)).toBe(true);
  });

  it('stores nothing of a contact change that loses to a concurrent one', async () => {
    const actor = await newAdminActor(deps);
    const client = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Carrera Contacto', email: 'rc@h.test' }));
    const contact = await addContact(deps)(actor, client.id, NewContact.parse({ type: 'other', name: 'Uno' }));
    await updateContact(deps)(actor, client.id, contact.id, { name: 'Dos' }, 1);
    // The loser read version 1 before the winner wrote: its write reaches the table with a stale version.
    const stale = { ...contact, name: 'Tres', version: 2 };
    const entry = {
      tenantId: actor.tenantId,
      clientId: client.id,
      at: new Date().toISOString(),
      by: actor.userId,
      operation: 'contact_updated',
      changes: [{ field: 'contact.name', from: 'Uno', to: 'Tres' }],
      version: 2,
      contactId: contact.id,
    };
    await expect(deps.contacts.put(stale, contact, [entry])).rejects.toMatchObject({ code: 'version_mismatch' });
    expect((await deps.contacts.get(actor.tenantId, client.id, contact.id))?.name).toBe('Dos');
    const names = (await clientHistory(deps)(actor, client.id, { limit: 50 })).items.flatMap((h) => h.changes).filter((c) => c.field === 'contact.name');
    expect(names.map((c) => c.to)).toEqual(['Dos', 'Uno']);
  });
});
