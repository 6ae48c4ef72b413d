import { beforeAll, describe, expect, it } from 'vitest';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient, listClients } from '../../domain/clients/client.use-cases.ts';
import { NewContact } from '../../domain/clients/contact.schema.ts';
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
    expect((await recipientsFor(deps)(actor, client.id, 'invoices')).sort()).toEqual(['copia@dest.test', 'fact@dest.test', 'main@dest.test']);
    expect((await recipientsFor(deps)(actor, client.id, 'reminders')).sort()).toEqual(['cobros@dest.test', 'main@dest.test']);
    expect((await recipientsFor(deps)(actor, client.id, 'payments')).sort()).toEqual(['fact@dest.test', 'main@dest.test']);
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
