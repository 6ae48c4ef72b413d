import { beforeAll, describe, expect, it } from 'vitest';
import { verifiedMailbox } from '../../domain/collections/mailbox.use-cases.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { collectionsRepositories } from '../../functions/wiring/collections.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/collections-api.handler.ts');
const receivables = await import('../../functions/http/receivables-api.handler.ts');
const workspace = await import('../../functions/http/workspace-api.handler.ts');
type Extra = Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'>;
const call = (routeKey: string, as: TestUser, extra: Extra = {}) => handler(httpEvent({ routeKey, as, ...extra }), contextOf('collections-api'));

const deps = testDeps();
const stores = collectionsRepositories(deps);
let admin: TestUser;
let stranger: TestUser;
let collector: TestUser;
let theirs: Client;
let others: Client;
let strangers: Client;

const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });
const newClient = (as: TestUser, name: string, extra: Record<string, unknown> = {}) =>
  createClient(deps)(actorOf(as), NewClient.parse({ personType: 'other', name, ...extra }));

/** An issued CLP invoice without tax, due on `dueDate`. */
async function invoice(clientId: string, amount: number, dueDate: string, as = admin) {
  const created = await receivables.handler(
    httpEvent({
      routeKey: 'POST /v1/invoices',
      as,
      body: {
        clientId,
        status: 'issued',
        issueDate: '2026-01-02',
        dueDate,
        lines: [{ description: 'Cemento', quantity: '1', unitPrice: String(amount), taxRate: '0' }],
      },
    }),
    contextOf('receivables-api'),
  );
  expect(created.statusCode).toBe(201);
  return json(created) as { id: string; number: string };
}

const settingsBody = (overdue: Record<string, unknown> = {}) => ({
  reminders: {
    due_soon: { enabled: true, daysBefore: 5 },
    due_today: { enabled: false },
    overdue: { enabled: true, daysAfter: 2, everyDays: 10, maxTimes: 3, ...overdue },
    statement: { enabled: true, frequency: 'weekly', weekday: 1 },
    payment_received: { enabled: true },
  },
  businessDaysOnly: false,
});

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: stranger } = await newTenant(deps, { locale: 'en' }));
  collector = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['collections.manage'], name: 'Ana Cobradora' });
  theirs = await newClient(admin, '<script>alert(1)</script> & "Sur"', { collectorId: collector.id });
  others = await newClient(admin, 'Panadería Norte');
  strangers = await newClient(stranger, 'Foreign Client');
});

describe('collections settings over HTTP', () => {
  it('shows a new tenant the defaults (version 0), saves on If-Match 0, then refuses a stale version with 412', async () => {
    // Prepare
    const { admin: fresh } = await newTenant(deps);

    // Act
    const before = await call('GET /v1/collections/settings', fresh);
    const saved = await call('PUT /v1/collections/settings', fresh, { body: settingsBody(), headers: { 'if-match': before.headers!.etag! } });
    const stale = await call('PUT /v1/collections/settings', fresh, { body: settingsBody({ maxTimes: 5 }), headers: { 'if-match': '"0"' } });
    const after = await call('GET /v1/collections/settings', fresh);

    // Assess
    expect(before.statusCode).toBe(200);
    expect(before.headers!.etag).toBe('"0"');
    expect(json(before)).toMatchObject({
      version: 0,
      businessDaysOnly: true,
      reminders: {
        due_soon: { enabled: true, daysBefore: 3 },
        due_today: { enabled: true },
        overdue: { enabled: true, daysAfter: 1, everyDays: 7, maxTimes: 4 },
        statement: { enabled: false, frequency: 'monthly', dayOfMonth: 1 },
        payment_received: { enabled: true },
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(json(saved)).toMatchObject({ version: 1, businessDaysOnly: false });
    expect(stale.statusCode).toBe(412);
    expect(json(after)).toMatchObject({ version: 1, reminders: { overdue: { maxTimes: 3 }, statement: { frequency: 'weekly', weekday: 1 } } });
    expect((await stores.settings.get(fresh.tenantId)).reminders.due_soon.daysBefore).toBe(5);
  });

  it('refuses an unknown placeholder naming it, in Spanish and in English, and a weekly statement without its weekday', async () => {
    // Prepare
    const body = settingsBody({ template: { es: { subject: 'Hola {{cliente}}', text: 'Debe {{saldo_total}}' } } });
    const noWeekday = settingsBody();
    delete (noWeekday.reminders.statement as { weekday?: number }).weekday;

    // Act
    const es = await call('PUT /v1/collections/settings', admin, { body, headers: { 'if-match': '*' } });
    const en = await call('PUT /v1/collections/settings', admin, { body, headers: { 'if-match': '*', 'accept-language': 'en' } });
    const weekly = await call('PUT /v1/collections/settings', admin, { body: noWeekday, headers: { 'if-match': '*' } });

    // Assess
    expect(es.statusCode).toBe(400);
    expect(json(es).errors).toEqual([expect.objectContaining({ pointer: '/body/reminders/overdue/template/es/text', code: 'unknown_placeholder' })]);
    expect(json(es).errors[0].message).toContain('«{{saldo_total}}»');
    expect(json(en).errors[0].message).toMatch(/^The template uses "\{\{saldo_total\}\}" \(in the text, Spanish\), which does not exist/);
    expect(weekly.statusCode).toBe(400);
    expect(json(weekly).errors[0]).toMatchObject({ code: 'statement_day_missing', pointer: '/body/reminders/statement/weekday' });
  });

  it('takes odd and long Unicode without a 5xx: a 200,000-character text is a 400, emoji and accents are kept', async () => {
    // Prepare
    const odd = 'Estimado(a) {{cliente}} 🙂 ñandú — 東京 ́ \u200d';

    // Act
    const long = await call('PUT /v1/collections/settings', admin, {
      body: settingsBody({ template: { es: { subject: 'x', text: 'á'.repeat(200_000) } } }),
      headers: { 'if-match': '*' },
    });
    const kept = await call('PUT /v1/collections/settings', admin, {
      body: settingsBody({ template: { es: { subject: 'Aviso 🙂', text: odd } } }),
      headers: { 'if-match': '*' },
    });
    const broken = await call('PUT /v1/collections/settings', admin, {
      rawBody: JSON.stringify(settingsBody({ template: { es: { subject: 'x', text: 'a' } } })).replace('"a"', '"\\ud800"'),
      headers: { 'if-match': '*', 'content-type': 'application/json' },
    });

    // Assess
    expect(long.statusCode).toBe(400);
    expect(kept.statusCode).toBe(200);
    expect(json(kept).reminders.overdue.template.es.text).toBe(odd.trim());
    expect(broken.statusCode).toBe(400);
  });

  it('lets only level 1 with collections.manage change the settings; anyone who works collections reads them', async () => {
    // Prepare
    const bareAdmin = await newUser(deps, admin.tenantId, { accessLevel: 1, permissions: [] });

    // Act
    const byCollector = await call('PUT /v1/collections/settings', collector, { body: settingsBody(), headers: { 'if-match': '*' } });
    const byBareAdmin = await call('PUT /v1/collections/settings', bareAdmin, { body: settingsBody(), headers: { 'if-match': '*' } });
    const read = await call('GET /v1/collections/settings', collector);

    // Assess
    expect(byCollector.statusCode).toBe(403);
    expect(byBareAdmin.statusCode).toBe(403);
    expect(json(byBareAdmin).detail).toContain('collections.manage');
    expect(read.statusCode).toBe(200);
  });
});

describe('notice catalogue over HTTP', () => {
  it('starts every tenant with "7 días antes" and "7 días después" (in English for an English tenant), without writing them', async () => {
    // Act
    const es = json(await call('GET /v1/collections/notice-concepts', admin));
    const en = json(await call('GET /v1/collections/notice-concepts', stranger));

    // Assess
    expect(es.items.map((c: { id: string; description: string }) => [c.id, c.description])).toEqual([
      ['before-7', '7 días antes'],
      ['after-7', '7 días después'],
    ]);
    expect(en.items.map((c: { description: string }) => c.description)).toEqual(['7 days before', '7 days after']);
  });

  it('keeps the built-ins when the first concept is added, deletes one for good, and refuses a stale PATCH', async () => {
    // Prepare
    const { admin: fresh } = await newTenant(deps);

    // Act
    const created = await call('POST /v1/collections/notice-concepts', fresh, { body: { description: '15 días después', days: 15, relation: 'after' } });
    const concept = json(created);
    const patched = await call('PATCH /v1/collections/notice-concepts/{conceptId}', fresh, {
      pathParameters: { conceptId: concept.id },
      body: { days: 20 },
      headers: { 'if-match': '"1"' },
    });
    const stale = await call('PATCH /v1/collections/notice-concepts/{conceptId}', fresh, {
      pathParameters: { conceptId: concept.id },
      body: { days: 25 },
      headers: { 'if-match': '"1"' },
    });
    const deleted = await call('DELETE /v1/collections/notice-concepts/{conceptId}', fresh, {
      pathParameters: { conceptId: 'before-7' },
      headers: { 'if-match': '*' },
    });
    const again = await call('DELETE /v1/collections/notice-concepts/{conceptId}', fresh, {
      pathParameters: { conceptId: 'before-7' },
      headers: { 'if-match': '*' },
    });
    const list = json(await call('GET /v1/collections/notice-concepts', fresh));

    // Assess
    expect(created.statusCode).toBe(201);
    expect(concept).toMatchObject({ description: '15 días después', days: 15, relation: 'after', version: 1 });
    expect(patched.statusCode).toBe(200);
    expect(json(patched)).toMatchObject({ days: 20, version: 2 });
    expect(stale.statusCode).toBe(412);
    expect(deleted.statusCode).toBe(204);
    expect(again.statusCode).toBe(404);
    expect(list.items.map((c: { id: string; days: number }) => [c.id, c.days])).toEqual([
      [concept.id, 20],
      ['after-7', 7],
    ]);
  });

  it('answers 404 for a concept of another tenant and 403 to a collector who changes the catalogue', async () => {
    // Prepare
    const foreign = json(await call('POST /v1/collections/notice-concepts', stranger, { body: { description: '3 days before', days: 3, relation: 'before' } }));

    // Act
    const cross = await call('PATCH /v1/collections/notice-concepts/{conceptId}', admin, {
      pathParameters: { conceptId: foreign.id },
      body: { days: 1 },
      headers: { 'if-match': '*' },
    });
    const lower = await call('POST /v1/collections/notice-concepts', collector, { body: { description: 'x', days: 1, relation: 'before' } });

    // Assess
    expect(cross.statusCode).toBe(404);
    expect(lower.statusCode).toBe(403);
  });
});

describe("clients' notice settings over HTTP", () => {
  it('gives a client that never set them the defaults: on, not to contacts, every concept', async () => {
    // Act
    const read = await call('GET /v1/clients/{clientId}/notice-settings', admin, { pathParameters: { clientId: others.id } });

    // Assess
    expect(read.statusCode).toBe(200);
    expect(read.headers!.etag).toBe('"0"');
    expect(json(read)).toMatchObject({
      clientId: others.id,
      enabled: true,
      toContacts: false,
      beforeConceptIds: ['before-7'],
      afterConceptIds: ['after-7'],
      version: 0,
    });
  });

  it('saves a client’s settings, checks the concepts against the catalogue, and drops a concept deleted later', async () => {
    // Prepare
    const { admin: fresh } = await newTenant(deps);
    const client = await newClient(fresh, 'Constructora Andes');
    const extra = json(await call('POST /v1/collections/notice-concepts', fresh, { body: { description: '30 días después', days: 30, relation: 'after' } }));
    const put = (body: Record<string, unknown>, ifMatch = '*') =>
      call('PUT /v1/clients/{clientId}/notice-settings', fresh, { pathParameters: { clientId: client.id }, body, headers: { 'if-match': ifMatch } });
    const body = { enabled: true, toContacts: true, beforeConceptIds: ['before-7'], afterConceptIds: [extra.id] };

    // Act
    const unknown = await put({ ...body, afterConceptIds: ['after-99'] });
    const wrongSide = await put({ ...body, beforeConceptIds: ['after-7'] });
    const placeholder = await put({ ...body, template: { es: { subject: '{{asunto}}', text: 'x' } } });
    const saved = await put(body, '"0"');
    const stale = await put({ ...body, toContacts: false }, '"0"');
    await call('DELETE /v1/collections/notice-concepts/{conceptId}', fresh, { pathParameters: { conceptId: extra.id }, headers: { 'if-match': '*' } });
    const after = json(await call('GET /v1/clients/{clientId}/notice-settings', fresh, { pathParameters: { clientId: client.id } }));

    // Assess
    expect(unknown.statusCode).toBe(400);
    expect(json(unknown).errors[0]).toMatchObject({ pointer: '/body/afterConceptIds/0', code: 'unknown_notice_concept' });
    expect(json(wrongSide).errors[0]).toMatchObject({ pointer: '/body/beforeConceptIds/0', code: 'notice_concept_relation' });
    expect(json(placeholder).errors[0]).toMatchObject({ pointer: '/body/template/es/subject', code: 'unknown_placeholder' });
    expect(saved.statusCode).toBe(200);
    expect(json(saved)).toMatchObject({ toContacts: true, afterConceptIds: [extra.id], version: 1 });
    expect(stale.statusCode).toBe(412);
    expect(after).toMatchObject({ toContacts: true, beforeConceptIds: ['before-7'], afterConceptIds: [], version: 1 });
  });

  it("answers 404 for another tenant's client and for a client outside a level-4 user's scope", async () => {
    // Act
    const foreign = await call('GET /v1/clients/{clientId}/notice-settings', admin, { pathParameters: { clientId: strangers.id } });
    const outOfScope = await call('PUT /v1/clients/{clientId}/notice-settings', collector, {
      pathParameters: { clientId: others.id },
      body: { enabled: false, toContacts: false, beforeConceptIds: [], afterConceptIds: [] },
      headers: { 'if-match': '*' },
    });
    const own = await call('PUT /v1/clients/{clientId}/notice-settings', collector, {
      pathParameters: { clientId: theirs.id },
      body: { enabled: false, toContacts: false, beforeConceptIds: [], afterConceptIds: [] },
      headers: { 'if-match': '*' },
    });

    // Assess
    expect(foreign.statusCode).toBe(404);
    expect(outOfScope.statusCode).toBe(404);
    expect(own.statusCode).toBe(200);
  });

  it('reads 150 clients at once for the planner: stored ones as saved, the rest the defaults', async () => {
    // Prepare
    const ids = Array.from({ length: 150 }, (_, i) => `c-${String(i).padStart(3, '0')}`);
    const { admin: fresh } = await newTenant(deps);
    await stores.clientNotices.save(
      fresh.tenantId,
      {
        clientId: ids[120]!,
        enabled: false,
        toContacts: true,
        beforeConceptIds: [],
        afterConceptIds: ['after-7'],
        version: 1,
        updatedAt: new Date().toISOString(),
      },
      0,
    );

    // Act
    const many = await stores.clientNotices.getMany(fresh.tenantId, ids);

    // Assess
    expect(many.size).toBe(150);
    expect(many.get(ids[120]!)).toMatchObject({ enabled: false, toContacts: true, afterConceptIds: ['after-7'] });
    expect(many.get(ids[0]!)).toMatchObject({ enabled: true, toContacts: false, beforeConceptIds: ['before-7'], afterConceptIds: ['after-7'], version: 0 });
  });
});

describe('template preview over HTTP', () => {
  it("renders the client's real open invoices, with a hostile client name escaped in the HTML part", async () => {
    // Prepare
    const a = await invoice(theirs.id, 1_234_567, '2026-01-15');
    await invoice(theirs.id, 200_000, '2026-02-01');

    // Act
    const preview = await call('POST /v1/collections/templates/preview', admin, { body: { type: 'statement', clientId: theirs.id } });
    const body = json(preview);
    const saved = json(await call('POST /v1/collections/templates/preview', admin, { body: { type: 'overdue', clientId: theirs.id } }));

    // Assess
    expect(preview.statusCode).toBe(200);
    expect(body).toMatchObject({ type: 'statement', language: 'es', invoiceCount: 2 });
    expect(saved.text).toContain('ñandú'); // the tenant's saved overdue template (an earlier test saved it)
    expect(body.text).toContain(a.number);
    expect(body.text).toContain('$1.434.567');
    expect(body.text).toContain('15 de enero de 2026');
    expect(body.text).toContain('Ana Cobradora');
    expect(body.html).not.toContain('<script>');
    expect(body.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sur&quot;');
  });

  it('previews unsaved edits in English, refuses an unknown placeholder, and answers 404 for a foreign client or concept', async () => {
    // Act
    const edited = await call('POST /v1/collections/templates/preview', admin, {
      body: {
        conceptId: 'after-7',
        clientId: theirs.id,
        language: 'en',
        template: { en: { subject: 'Hi {{client}}', text: 'You owe {{total}} ({{invoice_count}} invoices)' } },
      },
    });
    const unknown = await call('POST /v1/collections/templates/preview', admin, {
      body: { type: 'due_soon', clientId: theirs.id, template: { es: { subject: '{{nada}}', text: 'x' } } },
    });
    const foreign = await call('POST /v1/collections/templates/preview', admin, { body: { type: 'due_soon', clientId: strangers.id } });
    const noConcept = await call('POST /v1/collections/templates/preview', admin, { body: { conceptId: 'after-99', clientId: theirs.id } });
    const outOfScope = await call('POST /v1/collections/templates/preview', collector, { body: { type: 'statement', clientId: others.id } });

    // Assess
    expect(edited.statusCode).toBe(200);
    expect(json(edited)).toMatchObject({ type: 'notice', language: 'en', subject: 'Hi <script>alert(1)</script> & "Sur"' });
    expect(json(edited).text).toMatch(/^You owe CLP\s?1,434,567 \(2 invoices\)$/);
    expect(unknown.statusCode).toBe(400);
    expect(foreign.statusCode).toBe(404);
    expect(noConcept.statusCode).toBe(404);
    expect(outOfScope.statusCode).toBe(404);
  });
});

describe("the collector's mailbox", () => {
  it('refuses a user without a mailbox with 409', async () => {
    const result = await call('POST /v1/me/mailbox/verify', collector);
    expect(result.statusCode).toBe(409);
    expect(json(result).detail).toContain('buzón');
  });

  it('starts verification (pending), and GET /v1/me finds it verified and stores it for the planner', async () => {
    // Prepare
    const user = await newUser(deps, admin.tenantId, { accessLevel: 4, name: 'Bruno' });
    const record = (await deps.users.get(admin.tenantId, user.id))!;
    await deps.users.update({ ...record, mailbox: 'bruno@empresa.cl', version: record.version + 1 }, record);

    // Act
    const started = await call('POST /v1/me/mailbox/verify', user);
    const pending = (await deps.users.get(admin.tenantId, user.id))!;
    const me = await workspace.handler(httpEvent({ routeKey: 'GET /v1/me', as: user }), contextOf('workspace-api'));
    const stored = (await deps.users.get(admin.tenantId, user.id))!;

    // Assess
    expect(started.statusCode).toBe(202);
    expect(json(started)).toEqual({ mailbox: 'bruno@empresa.cl', status: 'pending' });
    expect(verifiedMailbox(pending)).toBeUndefined();
    expect(json(me).user.mailboxVerification).toMatchObject({ email: 'bruno@empresa.cl', status: 'verified' });
    expect(verifiedMailbox(stored)).toBe('bruno@empresa.cl');
    expect(verifiedMailbox({ ...stored, mailbox: 'otro@empresa.cl' })).toBeUndefined();
  });
});
