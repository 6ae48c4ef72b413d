import { beforeAll, describe, expect, it } from 'vitest';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { estimateBlocksOf } from '../../domain/receivables/estimate-blocks.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/receivables-api.handler.ts');
type Extra = Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'>;
const call = (routeKey: string, as: TestUser, extra: Extra = {}) => handler(httpEvent({ routeKey, as, ...extra }), contextOf('receivables-api'));

const deps = testDeps();
const line = { description: 'Cemento 25 kg', quantity: '40', unitPrice: '5290', taxRate: '19' };
const TOTAL = 251804;
let admin: TestUser;
let seller: TestUser;
let stranger: TestUser;
let theirs: Client;
let others: Client;

const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });
const create = (body: Record<string, unknown>, as = admin, headers: Record<string, string> = {}) => call('POST /v1/estimates', as, { body, headers });
const byId = (routeKey: string, estimateId: string, as = admin, extra: Extra = {}) => call(routeKey, as, { pathParameters: { estimateId }, ...extra });
const move = (verb: 'send' | 'accept' | 'reject' | 'convert', estimateId: string, as = admin, extra: Extra = {}) =>
  byId(`POST /v1/estimates/{estimateId}/${verb}`, estimateId, as, extra);
const tab = (clientId: string, as = admin) => call('GET /v1/clients/{clientId}/estimates-tab', as, { pathParameters: { clientId } });
const newClient = async (as: TestUser, name: string, extra: Record<string, unknown> = {}) =>
  createClient(deps)(actorOf(as), NewClient.parse({ personType: 'other', name, ...extra }));

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: stranger } = await newTenant(deps));
  seller = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['estimates.manage', 'invoices.manage'] });
  theirs = await newClient(admin, 'Ferretería Sur', { sellerId: seller.id, paymentTermsDays: 30 });
  others = await newClient(admin, 'Panadería Norte');
});

describe('estimates over HTTP', () => {
  it('goes draft → sent → accepted → converted once into an invoice with the same lines, with its history', async () => {
    // Act
    const created = await create({ clientId: theirs.id, issueDate: '2026-03-02', validUntil: '2026-03-31', lines: [line] });
    const id = json(created).id;
    const edited = await byId('PATCH /v1/estimates/{estimateId}', id, admin, { body: { validUntil: null, lines: [line, { ...line, quantity: '1' }] } });
    const sent = await move('send', id);
    const accepted = await move('accept', id);
    const converted = await move('convert', id, admin, { body: { issue: true } });
    const read = await byId('GET /v1/estimates/{estimateId}', id);
    const invoice = await call('GET /v1/invoices/{invoiceId}', admin, { pathParameters: { invoiceId: json(converted).id } });
    const history = await deps.clients.history(admin.tenantId, theirs.id, { limit: 50 });

    // Assess
    expect(created.statusCode).toBe(201);
    expect(json(created)).toMatchObject({
      status: 'draft',
      number: expect.stringMatching(/^\d+$/),
      totals: { total: TOTAL },
      validUntil: '2026-03-31',
      version: 1,
    });
    expect(json(edited)).toMatchObject({ status: 'draft', totals: { total: TOTAL + 6295 }, version: 2 });
    expect(json(edited).validUntil).toBeUndefined();
    expect(json(sent)).toMatchObject({ status: 'sent', version: 3 });
    expect(json(accepted)).toMatchObject({ status: 'accepted', version: 4 });
    expect(converted.statusCode).toBe(201);
    expect(json(converted)).toMatchObject({ status: 'issued', estimateId: id, totals: json(edited).totals, balance: TOTAL + 6295, number: expect.any(String) });
    expect(json(invoice).lines).toEqual(json(edited).lines);
    expect(json(read)).toMatchObject({ status: 'accepted', invoiceId: json(converted).id, version: 5 });
    expect(read.headers?.etag).toBe('"5"');
    expect(history.items.filter((h) => h.estimateId === id).map((h) => h.operation)).toEqual([
      'estimate.convert',
      'estimate.accept',
      'estimate.send',
      'estimate.update',
      'estimate.create',
    ]);
    expect(history.items.some((h) => h.invoiceId === json(converted).id && h.operation === 'invoice.create')).toBe(true);
  });

  it('refuses moves the status does not allow with a 409 worded in Spanish and English', async () => {
    // Prepare
    const draft = json(await create({ clientId: theirs.id, lines: [line] })).id;
    const rejected = json(await create({ clientId: theirs.id, lines: [line] })).id;
    await move('send', rejected);
    await move('reject', rejected);

    // Act
    const acceptDraft = await move('accept', draft);
    const convertDraft = await move('convert', draft, admin, { headers: { 'accept-language': 'en' } });
    const acceptRejected = await move('accept', rejected, admin, { headers: { 'accept-language': 'en' } });
    const editSent = await byId('PATCH /v1/estimates/{estimateId}', rejected, admin, { body: { lines: [line] } });
    const sendTwice = await move('send', rejected);

    // Assess
    expect(acceptDraft.statusCode).toBe(409);
    expect(json(acceptDraft)).toMatchObject({
      code: 'invalid_state',
      reason: 'estimate_transition',
      recordStatus: 'draft',
      detail: 'No se puede aceptar un presupuesto en borrador; debe estar enviado',
    });
    expect(json(convertDraft)).toMatchObject({ reason: 'estimate_not_accepted', detail: 'The estimate is a draft; only an accepted one becomes an invoice' });
    expect(json(acceptRejected)).toMatchObject({ reason: 'estimate_transition', detail: 'An estimate that is rejected cannot be accepted; it must be sent' });
    expect(editSent.statusCode).toBe(409);
    expect(json(editSent)).toMatchObject({ reason: 'estimate_not_draft', recordStatus: 'rejected' });
    expect(json(sendTwice)).toMatchObject({ reason: 'estimate_transition', detail: expect.stringContaining('debe estar en borrador') });
  });

  it('converts once when two conversions run at once, and any later one names the invoice', async () => {
    // Prepare
    const { admin: own } = await newTenant(deps);
    const client = await newClient(own, 'Constructora Andes');
    const id = json(await create({ clientId: client.id, lines: [line] }, own)).id;
    await move('send', id, own);
    await move('accept', id, own);

    // Act
    const both = await Promise.all([move('convert', id, own, { body: { issue: true } }), move('convert', id, own, { body: { issue: true } })]);
    const later = await move('convert', id, own);
    const invoices = json(await call('GET /v1/invoices', own, { query: { clientId: client.id, limit: '100' } }));

    // Assess
    const won = both.filter((r) => r.statusCode === 201);
    const lost = both.filter((r) => r.statusCode !== 201);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => [r.statusCode, json(r).reason, json(r).invoiceId])).toEqual([[409, 'already_converted', json(won[0]!).id]]);
    expect(json(later)).toMatchObject({ reason: 'already_converted', invoiceId: json(won[0]!).id });
    expect(invoices.items.map((i: { id: string; number: string }) => [i.id, i.number])).toEqual([[json(won[0]!).id, '1']]);
  });

  it('answers the same Idempotency-Key twice with one estimate and one conversion', async () => {
    // Prepare
    const headers = { 'idempotency-key': `est-${theirs.id}` };
    const body = { clientId: others.id, lines: [line] };

    // Act
    const first = await create(body, admin, headers);
    const again = await create(body, admin, headers);
    await move('send', json(first).id);
    await move('accept', json(first).id);
    const convertHeaders = { 'idempotency-key': `conv-${json(first).id}` };
    const converted = await move('convert', json(first).id, admin, { headers: convertHeaders });
    const convertedAgain = await move('convert', json(first).id, admin, { headers: convertHeaders });
    const listed = json(await call('GET /v1/estimates', admin, { query: { clientId: others.id, limit: '100' } }));

    // Assess
    expect(again.headers?.['idempotency-replayed']).toBe('true');
    expect(json(again).id).toBe(json(first).id);
    expect(listed.items.filter((e: { number: string }) => e.number === json(first).number)).toHaveLength(1);
    expect(convertedAgain.headers?.['idempotency-replayed']).toBe('true');
    expect(json(convertedAgain).id).toBe(json(converted).id);
  });

  it('numbers from its own sequence and refuses a number in use with a 409 naming the holder', async () => {
    // Prepare
    const { admin: own } = await newTenant(deps);
    const client = await newClient(own, 'Cliente');

    // Act
    const numbered = await Promise.all([1, 2, 3].map(() => create({ clientId: client.id, lines: [line] }, own)));
    const taken = await create({ clientId: client.id, number: '2', lines: [line] }, own);
    const byHand = await create({ clientId: client.id, number: 'COT-9', lines: [line] }, own);
    const sameIgnoringCase = await create({ clientId: client.id, number: 'cot-9', lines: [line] }, own);

    // Assess
    expect(numbered.map((r) => json(r).number).sort()).toEqual(['1', '2', '3']);
    expect(taken.statusCode).toBe(409);
    expect(json(taken)).toMatchObject({
      code: 'conflict',
      entity: 'estimate',
      field: 'number',
      existingId: json(numbered.find((r) => json(r).number === '2')!).id,
    });
    expect(byHand.statusCode).toBe(201);
    expect(json(sameIgnoringCase)).toMatchObject({ code: 'conflict', existingId: json(byHand).id });
  });

  it('keeps other companies and out-of-scope clients out (404), and needs estimates.manage (403)', async () => {
    // Prepare
    const mine = json(await create({ clientId: theirs.id, lines: [line] })).id;
    const notMine = json(await create({ clientId: others.id, lines: [line] })).id;
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 1, permissions: [] });
    const quoter = await newUser(deps, admin.tenantId, { accessLevel: 1, permissions: ['estimates.manage'] });
    const accepted = json(await create({ clientId: others.id, lines: [line] })).id;
    await move('send', accepted);
    await move('accept', accepted);

    // Act
    const foreignGet = await byId('GET /v1/estimates/{estimateId}', mine, stranger);
    const foreignSend = await move('send', mine, stranger);
    const foreignCreate = await create({ clientId: theirs.id, lines: [line] }, stranger);
    const foreignTab = await tab(theirs.id, stranger);
    const outOfScopeGet = await byId('GET /v1/estimates/{estimateId}', notMine, seller);
    const outOfScopeCreate = await create({ clientId: others.id, lines: [line] }, seller);
    const outOfScopeTab = await tab(others.id, seller);
    const outOfScopeFilter = await call('GET /v1/estimates', seller, { query: { clientId: others.id } });
    const listed = json(await call('GET /v1/estimates', seller, { query: { limit: '100' } }));
    const withoutPermission = await create({ clientId: theirs.id, lines: [line] }, clerk);
    const sendWithout = await move('send', mine, clerk);
    const convertWithoutInvoicing = await move('convert', accepted, quoter);

    // Assess
    for (const r of [foreignGet, foreignSend, outOfScopeGet]) {
      expect(r.statusCode).toBe(404);
      expect(json(r)).toMatchObject({ code: 'not_found', entity: 'estimate' });
    }
    for (const r of [foreignCreate, foreignTab, outOfScopeCreate, outOfScopeTab, outOfScopeFilter]) {
      expect(r.statusCode).toBe(404);
      expect(json(r)).toMatchObject({ code: 'not_found', entity: 'client' });
    }
    expect(listed.items.length).toBeGreaterThan(0);
    expect(listed.items.every((e: { clientId: string }) => e.clientId === theirs.id)).toBe(true);
    for (const r of [withoutPermission, sendWithout]) {
      expect(r.statusCode).toBe(403);
      expect(json(r)).toMatchObject({ code: 'forbidden', reason: 'requires_permission', permission: 'estimates.manage' });
    }
    expect(json(convertWithoutInvoicing)).toMatchObject({ code: 'forbidden', permission: 'invoices.manage' });
  });

  it('refuses hostile input with a 400 naming the field, never a 500', async () => {
    // Act
    const answers = await Promise.all([
      create({ clientId: theirs.id, lines: [] }),
      create({ clientId: theirs.id, lines: [{ ...line, unitPrice: '1e9' }] }),
      create({ clientId: theirs.id, lines: [line], validUntil: '2020-01-01', issueDate: '2026-01-01' }),
      create({ clientId: theirs.id, lines: [line], currency: 'USD' }),
      create({ clientId: theirs.id, lines: [line], number: 'x'.repeat(41) }),
      create({ clientId: '../../etc', lines: [line] }),
      create({ clientId: theirs.id, lines: [line], status: 'accepted' }),
      create({ clientId: theirs.id, lines: [line], invoiceId: 'x' }),
      byId('GET /v1/estimates/{estimateId}', 'a/b c'),
      call('GET /v1/estimates', admin, { query: { status: 'outstanding' } }),
      call('GET /v1/estimates', admin, { query: { cursor: 'not-a-cursor' } }),
      move('convert', 'x', admin, { body: { issue: 'yes' } }),
    ]);

    // Assess
    expect(answers.map((r) => r.statusCode)).toEqual(Array(answers.length).fill(400));
    expect(json(answers[2]!).errors).toEqual([expect.objectContaining({ pointer: '/body/validUntil', code: 'before_issue' })]);
    expect(json(answers[3]!).errors).toEqual([expect.objectContaining({ pointer: '/body/currency', code: 'currency_not_allowed' })]);
  });

  it('keeps the tab equal to the sum over the estimates, per currency, and lists the last 20 newest first', async () => {
    // Prepare: 23 estimates of one client in two currencies, then moved to every status all at once (one blocks item per currency).
    const { admin: own } = await newTenant(deps);
    const client = await newClient(own, 'Comercial Los Lagos');
    const plans = Array.from({ length: 23 }, (_, i) => ({
      currency: i % 3 === 0 ? 'CLF' : 'CLP',
      issueDate: `2026-02-${String(i + 1).padStart(2, '0')}`,
      quantity: String(i + 1),
      moves: (['none', 'send', 'accept', 'reject'] as const)[i % 4]!,
    }));
    const ids: string[] = [];
    for (const p of plans) {
      const body = { clientId: client.id, currency: p.currency, issueDate: p.issueDate, lines: [{ ...line, quantity: p.quantity, unitPrice: '1.5' }] };
      ids.push(json(await create(body, own)).id);
    }
    // Six writers of the client at once (its blocks item takes them in turns), a realistic worst case for one client.
    const moveAll = async (p: (typeof plans)[number], i: number) => {
      const id = ids[i]!;
      const answers = [];
      if (p.moves !== 'none') answers.push(await move('send', id, own));
      if (p.moves === 'accept' || p.moves === 'reject') answers.push(await move(p.moves, id, own));
      expect(answers.map((r) => [r.statusCode, json(r).detail])).toEqual(answers.map(() => [200, undefined]));
    };
    for (let i = 0; i < plans.length; i += 6) await Promise.all(plans.slice(i, i + 6).map((p, j) => moveAll(p, i + j)));
    const converted = ids[2]!;
    await move('convert', converted, own);

    // Act
    const read = json(await tab(client.id, own));
    const all = await Promise.all(ids.map(async (id) => json(await byId('GET /v1/estimates/{estimateId}', id, own))));

    // Assess
    const expected = estimateBlocksOf(all as Parameters<typeof estimateBlocksOf>[0]);
    expect(Object.fromEntries(read.currencies.map(({ currency, ...blocks }: { currency: string }) => [currency, blocks]))).toEqual(expected);
    expect(expected.CLP!.accepted.count + expected.CLF!.accepted.count).toBe(6);
    expect(read.last.map((e: { id: string }) => e.id)).toEqual(
      [...all]
        .sort((a, b) => b.issueDate.localeCompare(a.issueDate))
        .slice(0, 20)
        .map((e) => e.id),
    );
    expect(read.last[0]).not.toHaveProperty('lines');
  }, 180_000);

  it('lists by status and client with a cursor, oldest issue date first', async () => {
    // Prepare
    const { admin: own } = await newTenant(deps);
    const [a, b] = [await newClient(own, 'Cliente A'), await newClient(own, 'Cliente B')];
    const made = [];
    for (const [client, day] of [
      [a, '01'],
      [b, '02'],
      [a, '03'],
      [a, '04'],
    ] as const) {
      made.push(json(await create({ clientId: client.id, issueDate: `2026-01-${day}`, lines: [line] }, own)).id as string);
    }
    for (const id of [made[0]!, made[1]!, made[3]!]) await move('send', id, own);

    // Act
    const first = json(await call('GET /v1/estimates', own, { query: { status: 'sent', limit: '2' } }));
    const second = json(await call('GET /v1/estimates', own, { query: { status: 'sent', limit: '2', cursor: first.cursor } }));
    const sentOfA = json(await call('GET /v1/estimates', own, { query: { status: 'sent', clientId: a.id } }));
    const everything = json(await call('GET /v1/estimates', own, { query: {} }));

    // Assess
    expect([...first.items, ...second.items].map((e: { id: string }) => e.id)).toEqual([made[0], made[1], made[3]]);
    expect(second.cursor).toBeUndefined();
    expect(sentOfA.items.map((e: { id: string }) => e.id)).toEqual([made[0], made[3]]);
    expect(everything.items.map((e: { id: string }) => e.id)).toEqual(made);
  });
});
