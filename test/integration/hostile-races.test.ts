import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, deps, hostileCall, localDay, settingsBody, Tally, unknownMessage, type World } from '../support/hostile-world.ts';

/**
 * The same request twice at once on the collections, send-log and notes routes (issues 11 and 12): one
 * message, one decision, one change per version; the loser gets a problem+json it can act on (409, 412),
 * never a 5xx, and nothing is doubled or lost.
 */
const tally = new Tally();
let w: World;
beforeAll(async () => {
  w = await buildWorld();
}, 60_000);
afterAll(() => {
  tally.print('hostile races');
  expect(tally.serverErrors).toEqual([]);
});

const messagesOfInvoice = async (tenantId: string, invoiceId: string) =>
  (await deps.data.entities.outboundEmail.query.byId({ tenantId }).go({ pages: 'all' })).data.filter((m) => m.collection?.invoiceIds.includes(invoiceId));

async function freshInvoice(dueInDays: number) {
  const res = await hostileCall(tally, {
    routeKey: 'POST /v1/invoices',
    as: w.admin,
    body: {
      clientId: w.clientId,
      status: 'issued',
      issueDate: localDay(-1),
      dueDate: localDay(dueInDays),
      lines: [{ description: 'Fierro', quantity: '1', unitPrice: '500', taxRate: '0' }],
    },
  });
  expect(res.statusCode).toBe(201);
  return JSON.parse(res.body!).id as string;
}

describe('send now twice at once', () => {
  it('without an Idempotency-Key (a double click): one message, the other call is told a reminder was just queued', async () => {
    const invoiceId = await freshInvoice(20);
    const send = () => hostileCall(tally, { routeKey: 'POST /v1/invoices/{invoiceId}/collections/send-now', as: w.admin, pathParameters: { invoiceId } });
    const answers = await Promise.all([send(), send()]);
    const statuses = answers.map((r) => r.statusCode).sort();
    const messages = await messagesOfInvoice(w.tenantId, invoiceId);
    console.log(`send-now ×2 at once without a key: ${statuses.join(', ')}; messages ${messages.map((m) => m.collection!.type).join(', ')}`);
    expect(messages).toHaveLength(1);
    expect(statuses).toEqual([202, 409]);
    const loser = answers.find((r) => r.statusCode === 409)!;
    expect(loser.problem).toMatchObject({ code: 'invalid_state', reason: 'reminder_just_queued' });
  });

  it('with the same Idempotency-Key: one message; the second call is refused while the first runs or replays it', async () => {
    const invoiceId = await freshInvoice(25);
    const send = () =>
      hostileCall(tally, {
        routeKey: 'POST /v1/invoices/{invoiceId}/collections/send-now',
        as: w.admin,
        pathParameters: { invoiceId },
        headers: { 'idempotency-key': `twice-${invoiceId}` },
      });
    const answers = await Promise.all([send(), send()]);
    const messages = await messagesOfInvoice(w.tenantId, invoiceId);
    expect(messages).toHaveLength(1);
    for (const res of answers) {
      if (res.statusCode === 202) expect(JSON.parse(res.body!).id).toBe(messages[0]!.id);
      else expect(res.problem).toMatchObject({ code: 'idempotency_in_progress' });
    }
    expect(answers.some((r) => r.statusCode === 202)).toBe(true);
  });
});

describe('a decision on an unknown message twice at once', () => {
  it.each(['resend', 'drop', 'delivered'])('%s: one decision is recorded, the other call gets 409, and a resend is queued once', async (decision) => {
    const messageId = await unknownMessage(w.tenantId, w.clientId, 'RACE');
    const decide = (d: string) =>
      hostileCall(tally, { routeKey: 'POST /v1/collections/messages/{messageId}/decision', as: w.admin, pathParameters: { messageId }, body: { decision: d } });
    const answers = await Promise.all([decide(decision), decide(decision === 'drop' ? 'resend' : 'drop')]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = answers.find((r) => r.statusCode === 200)!;
    const stored = await deps.outbox.get(w.tenantId, messageId);
    expect(stored!.status).toBe(JSON.parse(winner.body!).status);
    expect(['pending', 'failed', 'sent', 'skipped']).toContain(stored!.status);
    expect(answers.find((r) => r.statusCode === 409)!.problem).toMatchObject({ code: 'invalid_state' });
    // One message under the id, whatever was decided (a resend re-queues that message, not a copy).
    expect(
      (await deps.data.entities.outboundEmail.query.byId({ tenantId: w.tenantId }).go({ pages: 'all' })).data.filter((m) => m.id === messageId),
    ).toHaveLength(1);
  });
});

describe('conditional writes twice at once', () => {
  it('settings: a stale If-Match is 412; two saves on the same version at once, one 200 and one 412, and the version moves by one', async () => {
    const { admin } = await buildWorld('SETTINGS');
    const read = await hostileCall(tally, { routeKey: 'GET /v1/collections/settings', as: admin });
    const etag = read.headers!.etag!;
    const put = (daysBefore: number, ifMatch = etag) => {
      const body = settingsBody();
      body.reminders.due_soon.daysBefore = daysBefore;
      return hostileCall(tally, { routeKey: 'PUT /v1/collections/settings', as: admin, body, headers: { 'if-match': ifMatch, 'accept-language': 'en' } });
    };
    const both = await Promise.all([put(5), put(6)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 412]);
    expect(both.find((r) => r.statusCode === 412)!.problem).toMatchObject({ code: 'version_mismatch', title: 'The record changed since you read it' });
    const stale = await put(7, etag);
    expect(stale.statusCode).toBe(412);
    const after = JSON.parse((await hostileCall(tally, { routeKey: 'GET /v1/collections/settings', as: admin })).body!);
    expect(after.version).toBe(Number(JSON.parse(etag)) + 1);
    expect(after.reminders.due_soon.daysBefore).toBe(JSON.parse(both.find((r) => r.statusCode === 200)!.body!).reminders.due_soon.daysBefore);
  });

  it('a notice concept and a client’s notice settings: one of two changes on the same version wins', async () => {
    const patch = (days: number) =>
      hostileCall(tally, {
        routeKey: 'PATCH /v1/collections/notice-concepts/{conceptId}',
        as: w.admin,
        pathParameters: { conceptId: w.conceptId },
        body: { days },
        headers: { 'if-match': '"1"' },
      });
    const put = (enabled: boolean) =>
      hostileCall(tally, {
        routeKey: 'PUT /v1/clients/{clientId}/notice-settings',
        as: w.admin,
        pathParameters: { clientId: w.clientId },
        body: { enabled, toContacts: false, beforeConceptIds: [], afterConceptIds: [] },
        headers: { 'if-match': '"0"' },
      });
    const concepts = await Promise.all([patch(11), patch(12)]);
    const notices = await Promise.all([put(true), put(false)]);
    expect(concepts.map((r) => r.statusCode).sort()).toEqual([200, 412]);
    expect(notices.map((r) => r.statusCode).sort()).toEqual([200, 412]);
  });

  it('a note: two corrections on the same version, one wins; the same keyed note twice at once is written once', async () => {
    const patch = (text: string) =>
      hostileCall(tally, {
        routeKey: 'PATCH /v1/notes/{noteId}',
        as: w.boss,
        pathParameters: { noteId: w.noteId },
        body: { text },
        headers: { 'if-match': '"1"' },
      });
    const edits = await Promise.all([patch('Primera'), patch('Segunda')]);
    expect(edits.map((r) => r.statusCode).sort()).toEqual([200, 412]);
    const note = JSON.parse((await hostileCall(tally, { routeKey: 'GET /v1/notes/{noteId}', as: w.boss, pathParameters: { noteId: w.noteId } })).body!);
    expect(note.version).toBe(2);
    expect(note.history).toHaveLength(1);

    const write = () =>
      hostileCall(tally, {
        routeKey: 'POST /v1/clients/{clientId}/notes',
        as: w.boss,
        pathParameters: { clientId: w.clientId },
        body: { text: 'Una sola vez' },
        headers: { 'idempotency-key': 'note-twice' },
      });
    const writes = await Promise.all([write(), write()]);
    expect(writes.some((r) => r.statusCode === 201)).toBe(true);
    for (const r of writes) if (r.statusCode !== 201) expect(r.problem).toMatchObject({ code: 'idempotency_in_progress' });
    const listed = JSON.parse(
      (
        await hostileCall(tally, {
          routeKey: 'GET /v1/clients/{clientId}/notes',
          as: w.boss,
          pathParameters: { clientId: w.clientId },
          query: { limit: '100' },
        })
      ).body!,
    );
    expect(listed.items.filter((n: { text: string }) => n.text === 'Una sola vez')).toHaveLength(1);
  });
});
