import { beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../support/api.ts';
import { json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof callRoute>[0], 'routeKey' | 'as'> = {}) => callRoute({ routeKey, as, ...extra });

const deps = testDeps();
let admin: TestUser;
let other: TestUser;
beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: other } = await newTenant(deps));
});

let seq = 0;
const newClient = async (as = admin) =>
  json(await call('POST /v1/clients', as, { body: { personType: 'other', name: `Cliente ${++seq}`, email: `cliente${seq}@contactos.test` } })).id as string;
const addContact = (clientId: string, body: Record<string, unknown>, as = admin, lang = 'es') =>
  call('POST /v1/clients/{clientId}/contacts', as, {
    pathParameters: { clientId },
    body: { type: 'collections', ...body },
    headers: { 'accept-language': lang },
  });
const patchContact = (clientId: string, contactId: string, body: Record<string, unknown>, version: number) =>
  call('PATCH /v1/clients/{clientId}/contacts/{contactId}', admin, { pathParameters: { clientId, contactId }, body, headers: { 'if-match': `"${version}"` } });
const contactsOf = async (clientId: string) =>
  json(await call('GET /v1/clients/{clientId}/contacts', admin, { pathParameters: { clientId } })).items as Array<{ id: string; email?: string }>;

describe("a contact's e-mail is unique within its client (DynamoDB)", () => {
  it('answers 409 naming the contact that holds the e-mail, trimmed and in any case, in Spanish and English', async () => {
    const clientId = await newClient();
    const marta = json(await addContact(clientId, { name: 'Marta Soto', email: 'marta@andes.test' }));
    const es = await addContact(clientId, { name: 'Otra', email: ' MARTA@andes.test ' });
    const en = await addContact(clientId, { name: 'Otra', email: 'Marta@Andes.test' }, admin, 'en');
    expect(es.statusCode).toBe(409);
    expect(json(es)).toMatchObject({ code: 'conflict', field: 'email', existingId: marta.id, existingName: 'Marta Soto' });
    expect(json(es).detail).toBe(
      `Este cliente ya tiene un contacto con ese e-mail: «Marta Soto» (id ${marta.id}); usa otro e-mail o cambia el de ese contacto`,
    );
    expect(json(en).detail).toBe(
      `This client already has a contact with this e-mail: "Marta Soto" (id ${marta.id}); use another e-mail or change that contact's`,
    );
    expect(await contactsOf(clientId)).toHaveLength(1);
  });

  it('allows the same e-mail on another client and in another tenant', async () => {
    const [one, two, foreign] = [await newClient(), await newClient(), await newClient(other)];
    for (const [clientId, as] of [
      [one, admin],
      [two, admin],
      [foreign, other],
    ] as const) {
      expect((await addContact(clientId, { name: 'Compartida', email: 'comun@grupo.test' }, as)).statusCode).toBe(201);
    }
  });

  it('answers 404 without naming the holder to another tenant and to a user who cannot see the client', async () => {
    const clientId = await newClient();
    await addContact(clientId, { name: 'Marta', email: 'marta@oculta.test' });
    const seller = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    for (const as of [other, seller]) {
      const result = await addContact(clientId, { name: 'Espía', email: 'marta@oculta.test' }, as);
      expect(result.statusCode).toBe(404);
      expect(result.body).not.toContain('Marta');
    }
  });

  it('lets exactly one of six simultaneous creates with one e-mail on one client win; the others get 409 naming it', async () => {
    const clientId = await newClient();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => addContact(clientId, { name: `Caja ${i}`, email: 'CAJA@andes.test' })));
    const created = results.filter((r) => r.statusCode === 201);
    expect(created).toHaveLength(1);
    const winner = json(created[0]!);
    for (const r of results.filter((x) => x !== created[0])) {
      expect(r.statusCode).toBe(409);
      expect(json(r)).toMatchObject({ existingId: winner.id, existingName: winner.name });
    }
    expect((await contactsOf(clientId)).map((c) => c.id)).toEqual([winner.id]);
  });

  it('lets exactly one of a create and a PATCH taking one e-mail at once win, also past the ten indexed contact e-mails', async () => {
    const clientId = await newClient();
    // Eleven contacts with e-mails: the 11th and later are not indexed, so taking one of them changes no search term.
    for (let i = 0; i < 11; i++) expect((await addContact(clientId, { name: `C${i}`, email: `c${i}@andes.test` })).statusCode).toBe(201);
    const last = (await contactsOf(clientId)).at(-1)!;
    for (let round = 0; round < 3; round++) {
      const wanted = `nueva${round}@andes.test`;
      const [created, patched] = await Promise.all([
        addContact(clientId, { name: `Nueva ${round}`, email: wanted }),
        patchContact(clientId, last.id, { email: wanted }, round + 1),
      ]);
      // Exactly one took the address; the other was told who holds it.
      expect([created.statusCode === 201, patched.statusCode === 200].filter(Boolean)).toHaveLength(1);
      expect((await contactsOf(clientId)).filter((c) => c.email === wanted)).toHaveLength(1);
      if (created.statusCode === 201) {
        expect(json(patched)).toMatchObject({ code: 'conflict', existingId: json(created).id });
        // Move the PATCHed contact on a version, as a winning PATCH would have, so each round expects the same.
        expect((await patchContact(clientId, last.id, { name: `Última ${round}` }, round + 1)).statusCode).toBe(200);
      } else {
        expect(json(created)).toMatchObject({ code: 'conflict', existingId: last.id });
      }
    }
  });
});
