import { beforeAll, describe, expect, it } from 'vitest';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient, listClients, setClientStatus } from '../../domain/clients/client.use-cases.ts';
import { NewContact, type MessageKind } from '../../domain/clients/contact.schema.ts';
import { addContact, recipientsFor } from '../../domain/clients/contact.use-cases.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { newAdminActor, newTenant, testDeps } from '../support/tenants.ts';

const deps = testDeps();
let actor: Actor;
beforeAll(async () => {
  actor = await newAdminActor(deps);
});
const make = (input: Record<string, unknown>) => createClient(deps)(actor, NewClient.parse(input));

describe('who receives what', () => {
  it('sends invoices to the main and notify e-mails and opted-in contacts, reminders only to the main e-mail and collections contacts', async () => {
    const client = await make({ personType: 'other', name: 'Destinos', email: 'main@dest.test', notifyEmails: ['copia@dest.test'] });
    await addContact(deps)(actor, client.id, NewContact.parse({ type: 'billing', name: 'Facturación', email: 'fact@dest.test' }));
    await addContact(deps)(actor, client.id, NewContact.parse({ type: 'collections', name: 'Cobros', email: 'cobros@dest.test' }));
    await addContact(deps)(actor, client.id, NewContact.parse({ type: 'commercial', name: 'Ventas', email: 'ventas@dest.test' }));
    const emails = async (kind: MessageKind) => (await recipientsFor(deps)(actor, client.id, kind)).recipients.map((r) => r.email);
    expect(await emails('invoices')).toEqual(['main@dest.test', 'copia@dest.test', 'fact@dest.test']);
    expect(await emails('reminders')).toEqual(['main@dest.test', 'cobros@dest.test']);
    expect(await emails('notices')).toEqual(['main@dest.test', 'cobros@dest.test']);
    expect(await emails('payments')).toEqual(['main@dest.test', 'fact@dest.test']);
  });

  it('sends reminders and notices to nobody while collections do not run for the client, and still sends invoices', async () => {
    // Its own tenant: these clients must not show up in the filter tests below.
    const own = await newAdminActor(deps);
    const mine = (input: Record<string, unknown>) => createClient(deps)(own, NewClient.parse(input));
    const off = await mine({ personType: 'other', name: 'Sin Cobranza', email: 'off@dest.test', collectionsEnabled: false });
    await addContact(deps)(own, off.id, NewContact.parse({ type: 'collections', name: 'Cobros', email: 'cobros-off@dest.test' }));
    expect(await recipientsFor(deps)(own, off.id, 'reminders')).toEqual({ kind: 'reminders', sends: false, reason: 'collections_disabled', recipients: [] });

    const gone = await mine({ personType: 'other', name: 'Dado de Baja', email: 'gone@dest.test' });
    await setClientStatus(deps)(own, gone.id, 'inactive', 1);
    expect(await recipientsFor(deps)(own, gone.id, 'notices')).toMatchObject({ sends: false, reason: 'client_inactive', recipients: [] });
    expect(await recipientsFor(deps)(own, gone.id, 'invoices')).toMatchObject({ sends: true, recipients: [{ email: 'gone@dest.test', source: 'client' }] });

    await setClientStatus(deps)(own, gone.id, 'active', 2);
    expect((await recipientsFor(deps)(own, gone.id, 'notices')).recipients.map((r) => r.email)).toEqual(['gone@dest.test']);
  });

  it('lists each address once, the main e-mail first, even when a contact repeats it', async () => {
    const client = await make({ personType: 'other', name: 'Repetido', email: 'rep@dest.test', notifyEmails: ['rep@dest.test', 'otro@dest.test'] });
    await addContact(deps)(actor, client.id, NewContact.parse({ type: 'billing', name: 'Mismo', email: 'otro@dest.test' }));
    const routing = await recipientsFor(deps)(actor, client.id, 'invoices');
    expect(routing.recipients).toEqual([
      { email: 'rep@dest.test', source: 'client' },
      { email: 'otro@dest.test', source: 'notify' },
    ]);
  });
});

describe('filters that are not indexed', () => {
  beforeAll(async () => {
    await make({ personType: 'legal', legalName: 'Filtro Legal', email: 'fl@f.test', region: 'Biobío', collectionsEnabled: false });
    await make({ personType: 'natural', firstName: 'Filtro', firstSurname: 'Natural', email: 'fn@f.test', region: 'Biobío' });
    await make({ personType: 'other', name: 'Filtro Otro', email: 'fo@f.test', region: 'Maule' });
  });
  const names = async (query: Record<string, unknown>) =>
    (await listClients(deps)(actor, { status: 'active', ...query }, { limit: 100 })).items.map((c) => c.displayName);

  it('filters by person type, region and collections enabled, alone and together', async () => {
    expect(await names({ personType: 'legal' })).toEqual(['Filtro Legal']);
    expect(await names({ region: 'Biobío' })).toEqual(['Filtro Legal', 'Filtro Natural']);
    expect(await names({ region: 'Biobío', collectionsEnabled: true })).toEqual(['Filtro Natural']);
    expect(await names({ collectionsEnabled: false })).toEqual(['Filtro Legal']);
  });
});

describe('names beyond the Basic Multilingual Plane', () => {
  it('lists and finds a client whose name starts with an emoji (the key range ends at U+10FFFF)', async () => {
    const { admin } = await newTenant(deps);
    const own: Actor = { tenantId: admin.tenantId, userId: admin.id, accessLevel: 1, permissions: [] };
    await createClient(deps)(own, NewClient.parse({ personType: 'other', name: '😀 Emoji Store', email: 'emoji@e.test' }));
    await createClient(deps)(own, NewClient.parse({ personType: 'other', name: 'Zapatería', email: 'zapa@e.test' }));
    const all = (await listClients(deps)(own, { status: 'active' }, { limit: 10 })).items.map((c) => c.displayName);
    expect(all).toEqual(['Zapatería', '😀 Emoji Store']);
    const found = (await listClients(deps)(own, { status: 'active', namePrefix: '😀' }, { limit: 10 })).items.map((c) => c.displayName);
    expect(found).toEqual(['😀 Emoji Store']);
  });
});
