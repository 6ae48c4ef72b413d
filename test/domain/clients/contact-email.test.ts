import { describe, expect, it } from 'vitest';
import { NewClient } from '../../../domain/clients/client.schema.ts';
import { createClient } from '../../../domain/clients/client.use-cases.ts';
import { NewContact } from '../../../domain/clients/contact.schema.ts';
import { addContact, listContacts, removeContact, updateContact } from '../../../domain/clients/contact.use-cases.ts';
import { inMemoryClientBook } from '../client-fakes.ts';
import { anActor, aUser, T0 } from '../fixtures.ts';

/** Tenant A with its administrator and a level-4 seller, tenant B with its administrator. */
async function setup() {
  const deps = inMemoryClientBook(T0);
  await deps.users.create(aUser({ id: 'admin-a', accessLevel: 1 }));
  await deps.users.create(aUser({ id: 'sofia', email: 'sofia@a.test', accessLevel: 4 }));
  await deps.users.create(aUser({ id: 'admin-b', tenantId: 'tenant-b', email: 'admin@b.test', accessLevel: 1 }));
  return deps;
}
type Deps = Awaited<ReturnType<typeof setup>>;

const admin = anActor({ userId: 'admin-a' });
const sofia = anActor({ userId: 'sofia', accessLevel: 4, permissions: [] });
const adminB = anActor({ tenantId: 'tenant-b', userId: 'admin-b' });
const client = (deps: Deps, name: string, actor = admin) =>
  createClient(deps)(actor, NewClient.parse({ personType: 'legal', legalName: name, email: `${name.toLowerCase().replace(/\W+/g, '-')}@cliente.test` }));
const contact = (input: Record<string, unknown>) => NewContact.parse({ type: 'collections', ...input });

describe("a contact's e-mail is unique within its client", () => {
  it('refuses a second contact with the same e-mail, trimmed and in any case, naming the contact that holds it', async () => {
    // Prepare
    const deps = await setup();
    const andes = await client(deps, 'Andes SpA');
    const marta = await addContact(deps)(admin, andes.id, contact({ name: 'Marta Soto', email: 'marta@andes.test' }));

    // Act
    const error = await addContact(deps)(admin, andes.id, contact({ name: 'Otra Marta', email: '  MARTA@Andes.TEST ' })).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      code: 'conflict',
      details: { reason: 'contact_email_taken', entity: 'contact', field: 'email', existingId: marta.id, existingName: 'Marta Soto', clientId: andes.id },
    });
    expect((await listContacts(deps)(admin, andes.id)).map((c) => c.name)).toEqual(['Marta Soto']);
    expect(
      deps.clients
        .historyOf('tenant-a', andes.id)
        .map((h) => h.operation)
        .sort(),
    ).toEqual(['contact_added', 'create']);
  });

  it('refuses changing a contact to an e-mail its sibling holds, and keeps the stored contact', async () => {
    // Prepare
    const deps = await setup();
    const andes = await client(deps, 'Andes SpA');
    const marta = await addContact(deps)(admin, andes.id, contact({ name: 'Marta', email: 'marta@andes.test' }));
    const pedro = await addContact(deps)(admin, andes.id, contact({ name: 'Pedro', email: 'pedro@andes.test' }));

    // Act
    const attempt = updateContact(deps)(admin, andes.id, pedro.id, { email: 'Marta@andes.test' }, 1);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'conflict', details: { existingId: marta.id, existingName: 'Marta' } });
    expect(await deps.contacts.get('tenant-a', andes.id, pedro.id)).toEqual(pedro);
  });

  it('lets a contact keep its own e-mail through other changes, and lets the address go to another once freed', async () => {
    // Prepare
    const deps = await setup();
    const andes = await client(deps, 'Andes SpA');
    const marta = await addContact(deps)(admin, andes.id, contact({ name: 'Marta', email: 'marta@andes.test' }));

    // Act
    const renamed = await updateContact(deps)(admin, andes.id, marta.id, { name: 'Marta Soto', email: 'MARTA@andes.test' }, 1);
    await removeContact(deps)(admin, andes.id, marta.id, renamed.version);
    const heir = await addContact(deps)(admin, andes.id, contact({ name: 'Heredera', email: 'marta@andes.test' }));

    // Assess
    expect(renamed).toMatchObject({ name: 'Marta Soto', version: 2 });
    expect(heir).toMatchObject({ email: 'marta@andes.test', version: 1 });
  });

  it('allows the same e-mail on contacts of different clients and of different tenants, and contacts without an e-mail', async () => {
    // Prepare
    const deps = await setup();
    const andes = await client(deps, 'Andes SpA');
    const sur = await client(deps, 'Sur Ltda');
    const foreign = await client(deps, 'Beta Inc', adminB);
    await addContact(deps)(admin, andes.id, contact({ name: 'Marta', email: 'marta@grupo.test' }));

    // Act
    const atSur = await addContact(deps)(admin, sur.id, contact({ name: 'Marta', email: 'marta@grupo.test' }));
    const atB = await addContact(deps)(adminB, foreign.id, contact({ name: 'Marta', email: 'marta@grupo.test' }));
    const mute = [
      await addContact(deps)(admin, andes.id, NewContact.parse({ type: 'commercial', name: 'Sin correo 1' })),
      await addContact(deps)(admin, andes.id, NewContact.parse({ type: 'commercial', name: 'Sin correo 2' })),
    ];

    // Assess
    expect([atSur.clientId, atB.tenantId]).toEqual([sur.id, 'tenant-b']);
    expect(mute.map((c) => c.email)).toEqual([undefined, undefined]);
  });

  it('answers 404, not the holder, to a caller who cannot see the client', async () => {
    // Prepare
    const deps = await setup();
    const andes = await client(deps, 'Andes SpA');
    await addContact(deps)(admin, andes.id, contact({ name: 'Marta', email: 'marta@andes.test' }));

    // Act
    const outsider = addContact(deps)(sofia, andes.id, contact({ name: 'Espía', email: 'marta@andes.test' }));
    const otherTenant = addContact(deps)(adminB, andes.id, contact({ name: 'Espía', email: 'marta@andes.test' }));

    // Assess
    await expect(outsider).rejects.toMatchObject({ code: 'not_found', details: { entity: 'client' } });
    await expect(otherTenant).rejects.toMatchObject({ code: 'not_found', details: { entity: 'client' } });
  });

  it('lets exactly one of two concurrent writes take the same address', async () => {
    // Prepare
    const deps = await setup();
    const andes = await client(deps, 'Andes SpA');
    const pedro = await addContact(deps)(admin, andes.id, contact({ name: 'Pedro', email: 'pedro@andes.test' }));

    // Act
    const results = await Promise.allSettled([
      addContact(deps)(admin, andes.id, contact({ name: 'Nueva', email: 'caja@andes.test' })),
      updateContact(deps)(admin, andes.id, pedro.id, { email: 'caja@andes.test' }, 1),
    ]);

    // Assess
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await listContacts(deps)(admin, andes.id)).filter((c) => c.email === 'caja@andes.test')).toHaveLength(1);
  });
});
