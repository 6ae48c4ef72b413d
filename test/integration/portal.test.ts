import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SignJWT } from 'jose';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { signInToPortal } from '../../domain/portal/portal-access.use-cases.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { EMAIL_ATTEMPTS, SOURCE_ATTEMPTS } from '../../domain/portal/sign-in-limits.ts';
import { portalAccessRecords, portalSessions } from '../../functions/wiring/portal.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { inboxOf } from '../support/ses-inbox.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const portalApi = (await import('../../functions/http/portal-api.handler.ts')).handler;
const accessApi = (await import('../../functions/http/portal-access-api.handler.ts')).handler;
const receivables = (await import('../../functions/http/receivables-api.handler.ts')).handler;
const dispatcher = (await import('../../functions/schedule/outbox-dispatcher.handler.ts')).handler;
const scheduled = (await import('../../events/samples/eventbridge/scheduled.json', { with: { type: 'json' } })).default;

type Extra = Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'>;
const deps = testDeps();
const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });

/** A portal request: the portal token in Authorization, no authorizer claims (portal routes have no gateway authorizer). */
const portal = (routeKey: string, token: string | undefined, extra: Extra = {}) =>
  portalApi(httpEvent({ routeKey, ...extra, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra.headers } }), contextOf('portal-api'));
const signIn = (tenantId: string, email: string, password: string, sourceIp = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) => {
  const event = httpEvent({ routeKey: 'POST /v1/portal/{tenantId}/sign-in', pathParameters: { tenantId }, body: { email, password } });
  event.requestContext.http.sourceIp = sourceIp;
  return portalApi(event, contextOf('portal-api'));
};
const regenerate = (as: TestUser, clientId: string, headers: Record<string, string> = {}) =>
  accessApi(httpEvent({ routeKey: 'POST /v1/clients/{clientId}/portal/password', as, pathParameters: { clientId }, headers }), contextOf('portal-access-api'));

/** Runs the outbox dispatcher until the recipient's newest e-mail arrives, and answers the password it carries. */
async function passwordMailedTo(recipient: string, after = 0): Promise<{ password: string; subject: string; text: string }> {
  for (let i = 0; i < 20; i++) {
    await dispatcher(scheduled as never, contextOf('outbox-dispatcher'));
    const inbox = await inboxOf(recipient);
    if (inbox.length > after) {
      const mail = inbox.at(-1)!;
      const text = mail.body.text ?? '';
      const password = /(?:Contraseña|Password): (\S+)/.exec(text)?.[1];
      if (password) return { password, subject: mail.subject, text };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no portal e-mail reached ${recipient}`);
}

async function issuedInvoice(as: TestUser, clientId: string, thousands: number, dueDate = '2026-02-04') {
  const created = await receivables(
    httpEvent({
      routeKey: 'POST /v1/invoices',
      as,
      body: {
        clientId,
        status: 'issued',
        issueDate: '2026-01-05',
        dueDate,
        lines: [{ description: 'Cemento', quantity: String(thousands), unitPrice: '1000', taxRate: '0' }],
      },
    }),
    contextOf('receivables-api'),
  );
  expect(created.statusCode).toBe(201);
  return json(created) as { id: string };
}

let admin: TestUser;
let otherAdmin: TestUser;
let mine: Client;
let theirs: Client;
let noEmail: Client;
const run = ulid().toLowerCase();
const mineEmail = `pagos-${run}@ferreteria.test`;
let mineInvoices: string[];
let theirInvoice: string;
let paymentId: string;

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: otherAdmin } = await newTenant(deps, { locale: 'en' }));
  const create = (name: string, extra: Record<string, unknown> = {}) =>
    createClient(deps)(actorOf(admin), NewClient.parse({ personType: 'other', name, ...extra }));
  mine = await create('Ferretería Sur', { email: mineEmail.toUpperCase() });
  theirs = await create('Panadería Norte', { email: `norte-${run}@panaderia.test` });
  noEmail = await create('Kiosco Sin Correo');
  mineInvoices = [(await issuedInvoice(admin, mine.id, 100)).id, (await issuedInvoice(admin, mine.id, 50, '2026-03-30')).id];
  theirInvoice = (await issuedInvoice(admin, theirs.id, 70)).id;
  const paid = await receivables(
    httpEvent({
      routeKey: 'POST /v1/payments',
      as: admin,
      body: { clientId: mine.id, amount: 30000, method: 'transfer', reference: 'TEF 1', allocations: [{ invoiceId: mineInvoices[0], amount: 30000 }] },
    }),
    contextOf('receivables-api'),
  );
  expect(paid.statusCode).toBe(201);
  paymentId = json(paid).id;
}, 60_000);

describe('portal password', () => {
  it('stores a hash, mails the password to the main e-mail in the tenant language, and never answers it', async () => {
    const issued = await regenerate(admin, mine.id);
    expect(issued.statusCode).toBe(202);
    const body = json(issued);
    expect(body).toEqual({ clientId: mine.id, email: mineEmail, version: 1, issuedAt: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/password|contraseña/i);

    const mail = await passwordMailedTo(mineEmail);
    expect(mail.subject).toContain('portal de clientes');
    expect(mail.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const stored = await portalAccessRecords(deps).portalAccess.get(admin.tenantId, mine.id);
    expect(stored?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored?.passwordHash).not.toContain(mail.password.replaceAll('-', ''));
    // The outbox keeps no copy of the password once the e-mail is sent.
    const outbox = await deps.document.send(
      new QueryCommand({
        TableName: deps.config.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': `T#${admin.tenantId}`, ':sk': 'OUTBOX#' },
        ConsistentRead: true,
      }),
    );
    const sent = (outbox.Items ?? []).filter((i) => i.kind === 'portal.password');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((i) => i.status === 'sent')).toBe(true);
    expect(JSON.stringify(sent)).not.toContain(mail.password);
  });

  it('refuses a client without a main e-mail with a 409 that says why, in Spanish and English', async () => {
    const es = await regenerate(admin, noEmail.id);
    expect(es.statusCode).toBe(409);
    expect(json(es)).toMatchObject({ code: 'invalid_state', reason: 'portal_client_without_email' });
    expect(json(es).detail).toContain('no tiene e-mail principal');
    const en = await regenerate(admin, noEmail.id, { 'accept-language': 'en' });
    expect(json(en).detail).toContain('has no main e-mail');
  });

  it("answers 404 for another tenant's client and 403 without the portal.manage permission", async () => {
    const foreign = await regenerate(otherAdmin, mine.id);
    expect(foreign.statusCode).toBe(404);
    expect(json(foreign).code).toBe('not_found');
    const seller = await newUser(deps, admin.tenantId, { accessLevel: 1, permissions: ['invoices.manage'] });
    const refused = await regenerate(seller, mine.id);
    expect(refused.statusCode).toBe(403);
    expect(json(refused)).toMatchObject({ code: 'forbidden', reason: 'requires_permission', permission: 'portal.manage' });
  });
});

describe('portal sign-in and reads', () => {
  it('signs in with the e-mail and password and sees only its own open invoices, payments and statement', async () => {
    await regenerate(admin, mine.id);
    const before = (await inboxOf(mineEmail)).length - 1;
    const { password } = await passwordMailedTo(mineEmail, before);

    // Typed the way a person might: upper case, spaces instead of hyphens.
    const session = await signIn(admin.tenantId, ` ${mineEmail.toUpperCase()} `, password.toUpperCase().replaceAll('-', ' '));
    expect(session.statusCode).toBe(200);
    const { token, clientId, expiresIn } = json(session);
    expect(clientId).toBe(mine.id);
    expect(expiresIn).toBe(900);

    const invoices = json(await portal('GET /v1/portal/invoices', token));
    expect(invoices.items.map((i: { id: string }) => i.id).sort()).toEqual([...mineInvoices].sort());
    expect(invoices.items.map((i: { id: string }) => i.id)).not.toContain(theirInvoice);
    expect(invoices.items.find((i: { id: string }) => i.id === mineInvoices[0])).toMatchObject({
      balance: 70000,
      status: expect.stringMatching(/overdue|partially_paid/),
    });

    const payments = json(await portal('GET /v1/portal/payments', token));
    expect(payments.items.map((p: { id: string }) => p.id)).toEqual([paymentId]);
    expect(payments.items[0]).not.toHaveProperty('createdBy');

    const statement = await portal('GET /v1/portal/statement', token, { query: { from: '2026-01-01' } });
    expect(statement.statusCode).toBe(200);
    const lines = json(statement).lines as Array<{ documentId: string }>;
    expect(json(statement).clientId).toBe(mine.id);
    expect(lines.map((l) => l.documentId)).toEqual(expect.arrayContaining([...mineInvoices, paymentId]));
    expect(lines.map((l) => l.documentId)).not.toContain(theirInvoice);
  });

  it('regenerating ends the old password and every token it opened', async () => {
    await regenerate(admin, mine.id);
    const first = await passwordMailedTo(mineEmail, (await inboxOf(mineEmail)).length - 1);
    const oldToken = json(await signIn(admin.tenantId, mineEmail, first.password)).token;
    expect((await portal('GET /v1/portal/invoices', oldToken)).statusCode).toBe(200);

    const count = (await inboxOf(mineEmail)).length;
    expect((await regenerate(admin, mine.id)).statusCode).toBe(202);
    const second = await passwordMailedTo(mineEmail, count);
    expect(second.password).not.toBe(first.password);

    const stale = await portal('GET /v1/portal/invoices', oldToken);
    expect(stale.statusCode).toBe(401);
    expect(json(stale)).toMatchObject({ code: 'unauthenticated' });
    expect(json(stale).detail).toContain('se cambió');
    const oldPassword = await signIn(admin.tenantId, mineEmail, first.password);
    expect(oldPassword.statusCode).toBe(401);
    expect(json(oldPassword).code).toBe('invalid_credentials');
    expect((await signIn(admin.tenantId, mineEmail, second.password)).statusCode).toBe(200);
  });

  it('answers an unknown e-mail exactly as a wrong password, and an unknown tenant the same', async () => {
    const unknown = json(await signIn(admin.tenantId, `nadie-${run}@x.test`, 'aaaaa-bbbbb-ccccc-ddddd'));
    const wrong = json(await signIn(admin.tenantId, mineEmail, 'aaaaa-bbbbb-ccccc-ddddd'));
    const noTenant = json(await signIn(`t-none-${run}`, mineEmail, 'aaaaa-bbbbb-ccccc-ddddd'));
    const strip = ({ instance: _i, ...rest }: Record<string, unknown>) => rest;
    expect(strip(unknown)).toEqual(strip(wrong));
    expect(strip(noTenant)).toEqual(strip(wrong));
    expect(wrong).toMatchObject({ status: 401, code: 'invalid_credentials' });
  });

  it('refuses hostile input with 400s and no data', async () => {
    const long = await signIn(admin.tenantId, mineEmail, '𝔭'.repeat(200));
    expect(long.statusCode).toBe(400);
    const bidi = await signIn(admin.tenantId, 'a\u202Eb@x.test', 'x');
    expect(bidi.statusCode).toBe(400);
    const badTenant = await portalApi(
      httpEvent({ routeKey: 'POST /v1/portal/{tenantId}/sign-in', pathParameters: { tenantId: '../T#x' }, body: { email: mineEmail, password: 'x' } }),
      contextOf('portal-api'),
    );
    expect(badTenant.statusCode).toBe(400);
    const extra = await portalApi(
      httpEvent({
        routeKey: 'POST /v1/portal/{tenantId}/sign-in',
        pathParameters: { tenantId: admin.tenantId },
        body: { email: mineEmail, password: 'x', tenantId: 'y' },
      }),
      contextOf('portal-api'),
    );
    expect(extra.statusCode).toBe(400);
    for (const token of ['garbage', 'a.b.c', `${'x'.repeat(5000)}`]) {
      const answer = await portal('GET /v1/portal/invoices', token);
      expect(answer.statusCode).toBe(401);
      expect(json(answer)).not.toHaveProperty('items');
    }
    // Signed with another key, or unsigned: a forged portal token opens nothing.
    const forged = await new SignJWT({ token_use: 'portal', portal_tenant: admin.tenantId, portal_client: mine.id, portal_ver: 1 })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('urn:cobranza:portal')
      .setAudience('cobranza-portal')
      .setSubject(mine.id)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    expect((await portal('GET /v1/portal/invoices', forged)).statusCode).toBe(401);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${forged.split('.')[1]}.`;
    expect((await portal('GET /v1/portal/invoices', none)).statusCode).toBe(401);
    const garbledCursor = await portal('GET /v1/portal/payments', json(await signInAgain()).token, { query: { cursor: '%%%garbled' } });
    expect(garbledCursor.statusCode).toBe(400);
  });

  it('locks an e-mail after 5 wrong passwords, with Retry-After, over HTTP', async () => {
    const target = await createClient(deps)(actorOf(admin), NewClient.parse({ personType: 'other', name: 'Bloqueada', email: `lock-${run}@x.test` }));
    await regenerate(admin, target.id);
    const { password } = await passwordMailedTo(`lock-${run}@x.test`);
    for (let i = 0; i < EMAIL_ATTEMPTS.max; i++) expect((await signIn(admin.tenantId, `lock-${run}@x.test`, 'wrong')).statusCode).toBe(401);
    const locked = await signIn(admin.tenantId, `lock-${run}@x.test`, password);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers?.['retry-after'])).toBeGreaterThan(850);
    expect(json(locked)).toMatchObject({ code: 'too_many_attempts', reason: 'email_locked' });
  });
});

/** A fresh session of the first client (its latest password). */
async function signInAgain() {
  const count = (await inboxOf(mineEmail)).length;
  await regenerate(admin, mine.id);
  const { password } = await passwordMailedTo(mineEmail, count);
  return signIn(admin.tenantId, mineEmail, password);
}

describe('lockout expiry by the clock (use case on the real table)', () => {
  it('lets the right password in again once the lock is over', async () => {
    let offsetMs = 0;
    const clock: Clock = { now: () => new Date(Date.parse('2026-03-02T12:00:00Z') + offsetMs) };
    const email = `clock-${run}@x.test`;
    const client = await createClient(deps)(actorOf(admin), NewClient.parse({ personType: 'other', name: 'Reloj', email }));
    await regenerate(admin, client.id);
    const { password } = await passwordMailedTo(email);
    const use = signInToPortal({ ...deps, ...portalAccessRecords(deps), ...portalSessions(deps), clock });
    const attempt = (pw: string, source = 'clock-source') => use({ tenantId: admin.tenantId, email, password: pw, source });

    for (let i = 0; i < EMAIL_ATTEMPTS.max; i++) await expect(attempt('wrong')).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(attempt(password)).rejects.toMatchObject({ code: 'too_many_attempts', details: { retryAfter: 900 } });
    offsetMs = 14 * 60_000;
    await expect(attempt(password)).rejects.toMatchObject({ code: 'too_many_attempts', details: { retryAfter: 60 } });
    offsetMs = 15 * 60_000 + 1000;
    const session = await attempt(password);
    expect(session.clientId).toBe(client.id);
    // A success clears the e-mail's count: five more wrong ones are needed for the next lock.
    await expect(attempt('wrong')).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect((await attempt(password)).clientId).toBe(client.id);
  }, 60_000);

  it('locks a source address after its limit of failed attempts over many e-mails, and only that source', async () => {
    let offsetMs = 0;
    const clock: Clock = { now: () => new Date(Date.parse('2026-03-03T12:00:00Z') + offsetMs) };
    const use = signInToPortal({ ...deps, ...portalAccessRecords(deps), ...portalSessions(deps), clock });
    const source = `spray-${run}`;
    // One wrong try per e-mail, so no e-mail's own lock is what stops the source.
    const spray = (i: number, from = source) => use({ tenantId: admin.tenantId, email: `spray-${run}-${i}@x.test`, password: 'wrong-password', source: from });
    for (let i = 0; i < SOURCE_ATTEMPTS.max; i++) await expect(spray(i)).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(spray(SOURCE_ATTEMPTS.max)).rejects.toMatchObject({ code: 'too_many_attempts', details: { reason: 'source_locked' } });
    await expect(spray(SOURCE_ATTEMPTS.max + 1, `${source}-other`)).rejects.toMatchObject({ code: 'invalid_credentials' });
    offsetMs = (SOURCE_ATTEMPTS.lockSeconds + 1) * 1000;
    await expect(spray(SOURCE_ATTEMPTS.max + 2)).rejects.toMatchObject({ code: 'invalid_credentials' });
  }, 180_000);
});
