import { describe, expect, it } from 'vitest';
import { ClientPatch, NewClient, type Client } from '../../../domain/clients/client.schema.ts';
import { createClient, getClient, listClients, updateClient } from '../../../domain/clients/client.use-cases.ts';
import { addContact, messageRoutings, routeAllMessages } from '../../../domain/clients/contact.use-cases.ts';
import { massUpdateClients, previewMassUpdate, requestMassPreview } from '../../../domain/clients/mass-update.use-case.ts';
import { clientOverview } from '../../../domain/clients/overview.use-case.ts';
import { plainTaxIdScheme } from '../../../domain/clients/plain-tax-id.ts';
import { quickSearch } from '../../../domain/clients/search.use-case.ts';
import type { DomainError } from '../../../domain/shared/errors.ts';
import { admin, adminB, company, create, setup, sofia, tomas } from './client-book.fixture.ts';

/** A company without an e-mail, as imports and small businesses bring them. */
const noEmail = (name: string, extra: Record<string, unknown> = {}) => ({ personType: 'legal', legalName: name, ...extra });
const fieldErrorsOf = (error: DomainError) => error.details.errors as Array<{ pointer: string; code: string; params?: Record<string, unknown> }>;

describe('a client without an e-mail', () => {
  it('is created, listed, searched by name and shown in its overview; two of them hold no e-mail guard against each other', async () => {
    const deps = await setup();
    const one = await create(deps, admin, noEmail('Almacén Sin Correo'));
    const two = await create(deps, admin, noEmail('Bazar Sin Correo'));
    expect(one).not.toHaveProperty('email');
    expect(deps.clients.historyOf('tenant-a', one.id)[0]!.changes.map((c) => c.field)).not.toContain('email');
    expect((await listClients(deps)(admin, { status: 'active' }, { limit: 10 })).items.map((c) => c.id)).toEqual([one.id, two.id]);
    expect((await quickSearch(deps)(admin, 'bazar', { limit: 10 })).items.map((h) => h.client.id)).toEqual([two.id]);
    expect((await clientOverview(deps)(admin, one.id)).client).toMatchObject({ id: one.id, displayName: 'Almacén Sin Correo' });
  });

  it('trims and lower-cases an e-mail that is given', () => {
    expect(NewClient.parse(company('Recortada', { email: '  Ventas@Recortada.TEST ' })).email).toBe('ventas@recortada.test');
  });

  it('loses its e-mail with `email: null`, which frees it for another client; adding one later takes it again', async () => {
    const deps = await setup();
    const first = await create(deps, admin, company('Primera', { email: 'compartido@cliente.test' }));
    const second = await create(deps, admin, noEmail('Segunda'));
    await expect(updateClient(deps)(admin, second.id, { email: 'compartido@cliente.test' }, 1)).rejects.toMatchObject({
      code: 'conflict',
      details: { field: 'email', existingId: first.id },
    });

    const { client: released } = await updateClient(deps)(admin, first.id, { email: null }, 1);
    expect(released).toMatchObject({ version: 2 });
    expect(released).not.toHaveProperty('email');
    expect(deps.clients.historyOf('tenant-a', first.id).at(-1)!.changes).toEqual([{ field: 'email', from: 'compartido@cliente.test' }]);

    const { client: taken } = await updateClient(deps)(admin, second.id, ClientPatch.parse({ email: ' COMPARTIDO@cliente.test ' }), 1);
    expect(taken.email).toBe('compartido@cliente.test');
    expect((await deps.clients.findBy('tenant-a', 'email', 'compartido@cliente.test'))?.id).toBe(second.id);
    await expect(updateClient(deps)(admin, first.id, { email: 'compartido@cliente.test' }, 2)).rejects.toMatchObject({
      code: 'conflict',
      details: { existingId: second.id },
    });
  });

  it('is reached by a mass update like any other client', async () => {
    const deps = await setup();
    const bare = await create(deps, admin, noEmail('Masiva Sin Correo'));
    const result = await massUpdateClients(deps)(admin, { clientIds: [bare.id] }, { paymentTermsDays: 30 });
    expect(result.counts).toMatchObject({ updated: 1, failed: 0 });
  });
});

describe('message routing', () => {
  const base = (extra: Partial<Client> = {}): Client => ({
    id: 'c1',
    tenantId: 'tenant-a',
    personType: 'other',
    name: 'Sin Correo',
    displayName: 'Sin Correo',
    notifyEmails: [],
    collectionsEnabled: true,
    status: 'active',
    provenance: { source: 'api' },
    version: 1,
    createdAt: 'a',
    createdBy: 'u',
    updatedAt: 'a',
    updatedBy: 'u',
    ...extra,
  });

  it('reports no_recipient for every kind nobody receives, and sends the kinds someone does', () => {
    expect(routeAllMessages(base(), [])).toEqual([
      { kind: 'invoices', sends: false, reason: 'no_recipient', recipients: [] },
      { kind: 'payments', sends: false, reason: 'no_recipient', recipients: [] },
      { kind: 'reminders', sends: false, reason: 'no_recipient', recipients: [] },
      { kind: 'notices', sends: false, reason: 'no_recipient', recipients: [] },
    ]);
    const contact = {
      id: 'k1',
      tenantId: 'tenant-a',
      clientId: 'c1',
      type: 'collections' as const,
      name: 'Marta',
      email: 'marta@c.test',
      receives: ['reminders' as const],
      version: 1,
      createdAt: 'a',
      updatedAt: 'a',
    };
    const routed = routeAllMessages(base({ notifyEmails: ['facturas@c.test'] }), [contact]);
    expect(routed.map((r) => [r.kind, r.sends, r.reason, r.recipients.map((x) => x.email)])).toEqual([
      ['invoices', true, undefined, ['facturas@c.test']],
      ['payments', false, 'no_recipient', []],
      ['reminders', true, undefined, ['marta@c.test']],
      ['notices', false, 'no_recipient', []],
    ]);
  });

  it('gives the collections reasons before no_recipient: they say why even a reachable client gets nothing', () => {
    const [, , reminders] = routeAllMessages(base({ collectionsEnabled: false }), []);
    expect(reminders).toEqual({ kind: 'reminders', sends: false, reason: 'collections_disabled', recipients: [] });
  });

  it('routes a stored client without an e-mail to its opted-in contacts', async () => {
    const deps = await setup();
    const client = await create(deps, admin, noEmail('Con Contacto'));
    await addContact(deps)(admin, client.id, { type: 'billing', name: 'Paula', email: 'paula@c.test' });
    const routed = await messageRoutings(deps)(admin, client.id);
    expect(routed.map((r) => [r.kind, r.sends, r.reason ?? null])).toEqual([
      ['invoices', true, null],
      ['payments', true, null],
      ['reminders', false, 'no_recipient'],
      ['notices', false, 'no_recipient'],
    ]);
  });
});

describe('a tax id given as a plain string', () => {
  it("is read in the tenant's scheme, stored canonically and unique against the object form", async () => {
    const deps = await setup();
    const client = await create(deps, admin, company('Rut Plano', { taxId: '13.456.783-K' }));
    expect(client.taxId).toEqual({ scheme: 'CL_RUT', value: '13456783-K', holder: 'person', formatted: '13.456.783-K' });
    await expect(create(deps, admin, company('Rut Objeto', { taxId: { scheme: 'CL_RUT', value: '13456783k' } }))).rejects.toMatchObject({
      code: 'conflict',
      details: { field: 'taxId', existingId: client.id },
    });
    const { client: changed } = await updateClient(deps)(admin, client.id, { taxId: '76086428-5' }, 1);
    expect(changed.taxId).toMatchObject({ scheme: 'CL_RUT', value: '76086428-5', holder: 'company' });
  });

  it('is refused at /taxId with the check digit that fits, and nothing is stored', async () => {
    const deps = await setup();
    const error = await create(deps, admin, company('Rut Malo', { taxId: '13.456.783-1' })).then(
      () => undefined,
      (e: DomainError) => e,
    );
    expect(error).toMatchObject({ code: 'validation_failed' });
    expect(fieldErrorsOf(error!)).toEqual([{ pointer: '/taxId', code: 'check_digit', params: { scheme: 'CL_RUT', checkDigit: 'K' } }]);
    expect(deps.clients.all('tenant-a')).toEqual([]);
  });

  it('is refused with tax_id_scheme_required for a tenant whose country has no scheme, which still takes the object form', async () => {
    const deps = await setup();
    const error = await create(deps, adminB, company('Extranjera', { taxId: 'DE 123/456' })).then(
      () => undefined,
      (e: DomainError) => e,
    );
    expect(fieldErrorsOf(error!)).toEqual([{ pointer: '/taxId', code: 'tax_id_scheme_required', params: { country: 'other' } }]);
    await expect(create(deps, adminB, company('Extranjera', { taxId: { scheme: 'OTHER', value: 'DE 123/456' } }))).resolves.toMatchObject({
      taxId: { scheme: 'OTHER', value: 'DE 123/456' },
    });
  });

  it("takes the tenant's own setting first, then its country's business id", () => {
    expect(plainTaxIdScheme({ country: 'CO' })).toBe('CO_NIT');
    expect(plainTaxIdScheme({ country: 'EC', taxIdScheme: 'EC_CI' })).toBe('EC_CI');
    expect(plainTaxIdScheme({ country: 'other' })).toBeUndefined();
    expect(plainTaxIdScheme({ country: 'CL', taxIdScheme: 'OTHER' })).toBeUndefined();
  });
});

describe('If-Match: * (any version)', () => {
  it('changes whatever version is current, and is still a 404 for a client that is not there or not visible', async () => {
    const deps = await setup();
    const client = await create(deps, admin, company('Cualquiera'));
    await updateClient(deps)(admin, client.id, { phone: '1' }, 1);
    await expect(updateClient(deps)(admin, client.id, { phone: '2' }, 'any')).resolves.toMatchObject({ client: { version: 3, phone: '2' } });
    await expect(updateClient(deps)(admin, 'no-such-client', { phone: '2' }, 'any')).rejects.toMatchObject({ code: 'not_found' });
    await expect(updateClient(deps)(tomas, client.id, { phone: '3' }, 'any')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('mass update dry run', () => {
  it('lists each client it would reach with the fields it would change, and writes nothing', async () => {
    const deps = await setup();
    const a = await create(deps, admin, company('Prevista Uno', { categoryId: 'mayorista', paymentTermsDays: 30 }));
    const b = await create(deps, admin, company('Prevista Dos', { categoryId: 'mayorista', paymentTermsDays: 45 }));
    const writes = deps.clients.writes.length;
    const preview = await previewMassUpdate(deps)(admin, { filter: { status: 'active', categoryId: 'mayorista' } }, { paymentTermsDays: 45, zoneId: 'centro' });
    expect(preview).toEqual({
      dryRun: true,
      total: 2,
      counts: { updated: 2, unchanged: 0, not_found: 0, failed: 0 },
      failures: [],
      // In selection order: a filter selects by name.
      clients: [
        { clientId: b.id, displayName: 'Prevista Dos', version: 1, changes: [{ field: 'zoneId', to: 'centro' }] },
        {
          clientId: a.id,
          displayName: 'Prevista Uno',
          version: 1,
          changes: [
            { field: 'paymentTermsDays', from: 30, to: 45 },
            { field: 'zoneId', to: 'centro' },
          ],
        },
      ],
    });
    expect(deps.clients.writes.length).toBe(writes);
    expect(deps.clients.all('tenant-a').map((c) => c.version)).toEqual([1, 1]);
    expect(await deps.catalogs.clientCounts('tenant-a', 'zone', 'centro')).toEqual({ active: 0, inactive: 0 });
  });

  it('shows a level-4 user only their own clients: the others read as not found, as in the real run', async () => {
    const deps = await setup();
    const mine = await create(deps, sofia, company('De Sofía'));
    const theirs = await create(deps, tomas, company('De Tomás'));
    const allowed = { ...sofia, permissions: ['clients.mass_update'] };
    const byIds = await requestMassPreview(deps)(allowed, { clientIds: [mine.id, theirs.id] }, { paymentTermsDays: 10 });
    expect(byIds.clients.map((c) => c.clientId)).toEqual([mine.id]);
    expect(byIds.failures).toMatchObject([{ clientId: theirs.id, outcome: 'not_found' }]);
    const byFilter = await requestMassPreview(deps)(allowed, { filter: { status: 'active' }, all: true }, { paymentTermsDays: 10 });
    expect(byFilter.clients.map((c) => c.displayName)).toEqual(['De Sofía']);
    await expect(requestMassPreview(deps)(sofia, { clientIds: [mine.id] }, { paymentTermsDays: 10 })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('reports a client the update would refuse as failed, with the rule', async () => {
    const deps = await setup();
    const mine = await create(deps, sofia, company('Se Iría'));
    const allowed = { ...sofia, permissions: ['clients.mass_update'] };
    // Handing the client to Tomás would take it out of Sofía's scope: refused, as the real run would.
    const preview = await requestMassPreview(deps)(allowed, { clientIds: [mine.id] }, { sellerId: 'tomas' });
    expect(preview).toMatchObject({ counts: { updated: 0, failed: 1 }, clients: [], failures: [{ clientId: mine.id, outcome: 'failed', code: 'forbidden' }] });
  });

  it('is bounded like the real run', async () => {
    const deps = await setup();
    for (const n of ['A', 'B', 'C']) await create(deps, admin, company(`Tope ${n}`));
    await expect(
      previewMassUpdate(deps, { maxMatched: 2 })(admin, { filter: { status: 'active' }, all: true }, { paymentTermsDays: 10 }),
    ).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'too_many_matches', limit: 2 } });
  });
});

describe('a mass update whose filter selects everything', () => {
  it('needs all: true, on the real run and on the dry run; a filter that names something does not', async () => {
    const deps = await setup();
    await create(deps, admin, company('Todo Uno', { categoryId: 'mayorista' }));
    for (const run of [massUpdateClients(deps), previewMassUpdate(deps)]) {
      for (const filter of [{ status: 'active' as const }, { status: 'all' as const }]) {
        const error = await run(admin, { filter }, { paymentTermsDays: 10 }).then(
          () => undefined,
          (e: DomainError) => e,
        );
        expect(error).toMatchObject({ code: 'validation_failed' });
        expect(fieldErrorsOf(error!)).toEqual([{ pointer: '/filter', code: 'all_required' }]);
      }
      await expect(run(admin, { filter: { status: 'active', categoryId: 'mayorista' } }, { paymentTermsDays: 10 })).resolves.toMatchObject({ total: 1 });
    }
    expect(deps.clients.all('tenant-a')[0]!.paymentTermsDays).toBe(10);
    await expect(massUpdateClients(deps)(admin, { filter: { status: 'active' }, all: true }, { paymentTermsDays: 20 })).resolves.toMatchObject({
      counts: { updated: 1 },
    });
  });
});

describe('a change that changes nothing', () => {
  it('keeps the client version and writes nothing, whatever version form it names', async () => {
    const deps = await setup();
    const client = await create(deps, admin, company('Quieta', { taxId: '13.456.783-K' }));
    const before = deps.clients.writes.length;
    for (const version of [1, 'any'] as const) {
      const { client: same } = await updateClient(deps)(admin, client.id, { taxId: '13456783k', legalName: 'Quieta' }, version);
      expect(same.version).toBe(1);
    }
    expect(deps.clients.writes.length).toBe(before);
    expect(await getClient(deps)(admin, client.id)).toEqual(client);
  });
});

describe('createClient through the schema', () => {
  it('accepts a client without e-mail from the request schema', async () => {
    const deps = await setup();
    await expect(createClient(deps)(admin, NewClient.parse(noEmail('Directa')))).resolves.not.toHaveProperty('email');
  });
});
