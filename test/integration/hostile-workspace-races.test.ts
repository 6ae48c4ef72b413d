import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Client } from '../../functions/adapters/aws-clients.ts';
import { escalationDependencies } from '../../functions/wiring/escalations.ts';
import { deps, localDay, Tally } from '../support/hostile-world.ts';
import {
  agencyEvent,
  aPng,
  buildWorkspaceWorld,
  hostileInvoke,
  imageArrived,
  portalMails,
  portalPasswords,
  putImage,
  type Request,
  signIn,
  type WorkspaceWorld,
} from '../support/hostile-workspace-world.ts';
import type { TestUser } from '../support/http.ts';

/**
 * The same request twice at once on the workspace routes (issue 12): complete and copy a task, regenerate
 * a portal password, escalate an invoice, withdraw an escalation, the agency's event delivered twice, the
 * image's upload event twice. The loser gets a problem+json it can act on (409, 412), never a 5xx, and
 * nothing is doubled: one completion, one copy, one working password, one escalation, one withdrawal and
 * its one webhook, one objection, one thumbnail.
 */
const tally = new Tally();
let w: WorkspaceWorld;
beforeAll(async () => {
  w = await buildWorkspaceWorld();
}, 120_000);
afterAll(() => {
  tally.print('hostile races (workspace)');
  expect(tally.serverErrors).toEqual([]);
});

const call = (request: Request, as: TestUser = w.admin) => hostileInvoke(tally, { user: as }, request);
const twice = <T>(work: () => Promise<T>) => Promise.all([work(), work()]);
const statuses = (answers: Array<{ statusCode?: number }>) => answers.map((r) => r.statusCode).sort();
const escalation = escalationDependencies(deps);

async function newTask(title: string) {
  const res = await call({ routeKey: 'POST /v1/tasks', body: { title, date: localDay(4), clientId: w.clientId, assigneeId: w.users.l4.id } });
  expect(res.statusCode).toBe(201);
  return JSON.parse(res.body!).id as string;
}
const getTask = async (taskId: string) => JSON.parse((await call({ routeKey: 'GET /v1/tasks/{taskId}', pathParameters: { taskId } })).body!);
async function clientTasks() {
  const items: Array<{ id: string; copiedFrom?: string; title: string }> = [];
  let cursor: string | undefined;
  do {
    const res = await call({
      routeKey: 'GET /v1/clients/{clientId}/tasks',
      pathParameters: { clientId: w.clientId },
      query: { limit: '100', ...(cursor ? { cursor } : {}) },
    });
    const page = JSON.parse(res.body!);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

describe('tasks twice at once', () => {
  it.each([
    ['the same version', '"1"'],
    ['any version', '*'],
  ])('complete with %s: one completion; the other call is 412 or 409, the version moves by one', async (_name, ifMatch) => {
    const taskId = await newTask(`Completar ${ifMatch}`);
    const answers = await twice(() => call({ routeKey: 'POST /v1/tasks/{taskId}/complete', pathParameters: { taskId }, headers: { 'if-match': ifMatch } }));
    const task = await getTask(taskId);
    console.log(`complete ×2 (If-Match ${ifMatch}): ${statuses(answers).join(', ')}`);
    // The same version: one wins, one 412. Any version: a completed task is completed already, the second call answers it unchanged.
    expect(statuses(answers)).toEqual(ifMatch === '*' ? [200, 200] : [200, 412]);
    for (const r of answers) if (r.statusCode !== 200) expect(r.problem!.code).toBe('version_mismatch');
    expect(task).toMatchObject({ status: 'completed', version: 2 });
    expect(new Set(answers.filter((r) => r.statusCode === 200).map((r) => JSON.parse(r.body!).completedAt)).size).toBe(1);
    expect(task.history).toHaveLength(1);
  });

  it('copy with the same Idempotency-Key: one copy, the other call replays it or is told it is in progress', async () => {
    const taskId = await newTask('Copiar una vez');
    const answers = await twice(() =>
      call({
        routeKey: 'POST /v1/tasks/{taskId}/copy',
        pathParameters: { taskId },
        body: { date: localDay(6) },
        headers: { 'idempotency-key': `copy-${taskId}` },
      }),
    );
    const copies = (await clientTasks()).filter((t) => t.copiedFrom === taskId);
    console.log(`copy ×2 same key: ${statuses(answers).join(', ')}; ${copies.length} copy`);
    expect(copies).toHaveLength(1);
    for (const r of answers) {
      if (r.statusCode === 201) expect(JSON.parse(r.body!).id).toBe(copies[0]!.id);
      else expect(r.problem).toMatchObject({ code: 'idempotency_in_progress' });
    }
  });

  it('edit and complete at once on the same version: one wins, the task is never both', async () => {
    const taskId = await newTask('Editar o completar');
    const answers = await Promise.all([
      call({ routeKey: 'PATCH /v1/tasks/{taskId}', pathParameters: { taskId }, body: { title: 'Editada' }, headers: { 'if-match': '"1"' } }),
      call({ routeKey: 'POST /v1/tasks/{taskId}/complete', pathParameters: { taskId }, headers: { 'if-match': '"1"' } }),
    ]);
    expect(statuses(answers)).toEqual([200, 412]);
    const task = await getTask(taskId);
    expect(task.version).toBe(2);
    expect(task.status === 'completed').toBe(task.title !== 'Editada');
  });
});

describe('portal password twice at once', () => {
  it('two regenerations: each queues its e-mail, and only the password stored last signs in', async () => {
    const email = w.portal.email;
    const before = (await portalMails(w.tenantId, email)).length;
    const regenerate = () => call({ routeKey: 'POST /v1/clients/{clientId}/portal/password', pathParameters: { clientId: w.clientId } });
    const answers = await twice(regenerate);
    expect(statuses(answers)).toEqual([202, 202]);
    const versions = answers.map((r) => JSON.parse(r.body!).version).sort();
    expect(versions[1]).toBe(versions[0] + 1);
    const mails = await portalMails(w.tenantId, email);
    expect(mails.length - before).toBe(2);
    const passwords = (await portalPasswords(w.tenantId, email)).slice(-2);
    const signIns = await Promise.all(passwords.map((p) => signIn(w.tenantId, email, p)));
    console.log(`regenerate ×2: versions ${versions.join(', ')}; sign-in with each password: ${signIns.map((r) => r.statusCode).join(', ')}`);
    expect(signIns.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });

  it('with the same Idempotency-Key (a retry of one request): one password, one e-mail', async () => {
    const email = w.portal.email;
    const before = (await portalMails(w.tenantId, email)).length;
    const regenerate = () =>
      call({
        routeKey: 'POST /v1/clients/{clientId}/portal/password',
        pathParameters: { clientId: w.clientId },
        headers: { 'idempotency-key': `regen-${w.clientId}` },
      });
    const answers = await twice(regenerate);
    const mails = (await portalMails(w.tenantId, email)).length - before;
    console.log(`regenerate ×2 same key: ${statuses(answers).join(', ')}; ${mails} e-mail(s)`);
    expect(mails).toBe(1);
    expect(answers.some((r) => r.statusCode === 202)).toBe(true);
    for (const r of answers) if (r.statusCode !== 202) expect(r.problem).toMatchObject({ code: 'idempotency_in_progress' });
    // A later retry with the key replays the answer: still one e-mail.
    const replay = await regenerate();
    expect(replay.statusCode).toBe(202);
    expect((await portalMails(w.tenantId, email)).length - before).toBe(1);
  });
});

async function overdueInvoice() {
  const res = await call({
    routeKey: 'POST /v1/invoices',
    body: {
      clientId: w.clientId,
      status: 'issued',
      issueDate: localDay(-60),
      dueDate: localDay(-30),
      lines: [{ description: 'Arena', quantity: '1', unitPrice: '700', taxRate: '0' }],
    },
  });
  expect(res.statusCode).toBe(201);
  return JSON.parse(res.body!).id as string;
}
async function escalationsOfInvoice(invoiceId: string) {
  const res = await call({ routeKey: 'GET /v1/escalations', query: { clientId: w.clientId, limit: '100' } });
  return (JSON.parse(res.body!).items as Array<{ id: string; status: string; invoices: Array<{ id: string }> }>).filter((e) =>
    e.invoices.some((i) => i.id === invoiceId),
  );
}
const escalate = (invoiceId: string, key: string) =>
  call({
    routeKey: 'POST /v1/clients/{clientId}/escalations',
    pathParameters: { clientId: w.clientId },
    body: { invoiceIds: [invoiceId] },
    headers: { 'idempotency-key': key },
  });
const webhooksOf = async (escalationId: string) =>
  (
    await Promise.all(
      (['pending', 'sending', 'delivered', 'dead'] as const).map(async (s) => (await escalation.queue.listByStatus(w.tenantId, s, { limit: 100 })).items),
    )
  )
    .flat()
    .filter((d) => d.escalationId === escalationId);

describe('escalations twice at once', () => {
  it('the same invoice escalated twice at once (two requests): one escalation, the other 409 (at the same moment) or 400 (already escalated); one webhook', async () => {
    const invoiceId = await overdueInvoice();
    const answers = await Promise.all([escalate(invoiceId, `k1-${invoiceId}`), escalate(invoiceId, `k2-${invoiceId}`)]);
    const found = await escalationsOfInvoice(invoiceId);
    console.log(`escalate ×2 (two keys): ${statuses(answers).join(', ')}; ${found.length} escalation`);
    expect(found).toHaveLength(1);
    expect(statuses(answers)[0]).toBe(201);
    const loser = answers.find((r) => r.statusCode !== 201)!;
    if (loser.statusCode === 400) expect(loser.problem!.errors[0]).toMatchObject({ code: 'invoice_already_escalated' });
    else expect(loser.problem).toMatchObject({ code: 'conflict' });
    expect((await webhooksOf(found[0]!.id)).filter((d) => d.type === 'escalation.created')).toHaveLength(1);
  });

  it('the same request twice at once (same key): one escalation', async () => {
    const invoiceId = await overdueInvoice();
    const answers = await twice(() => escalate(invoiceId, `same-${invoiceId}`));
    const found = await escalationsOfInvoice(invoiceId);
    expect(found).toHaveLength(1);
    for (const r of answers) {
      if (r.statusCode === 201) expect(JSON.parse(r.body!).id).toBe(found[0]!.id);
      else expect(r.problem).toMatchObject({ code: 'idempotency_in_progress' });
    }
  });

  it('withdrawn twice at once: one 200, one 409; one withdrawal in the history and one webhook saying so', async () => {
    const invoiceId = await overdueInvoice();
    const created = await escalate(invoiceId, `w-${invoiceId}`);
    const escalationId = JSON.parse(created.body!).id as string;
    const answers = await twice(() =>
      call({ routeKey: 'POST /v1/escalations/{escalationId}/withdraw', pathParameters: { escalationId }, body: { reason: 'Acuerdo de pago' } }),
    );
    console.log(`withdraw ×2: ${statuses(answers).join(', ')}`);
    expect(statuses(answers)).toEqual([200, 409]);
    expect(answers.find((r) => r.statusCode === 409)!.problem).toMatchObject({ code: 'invalid_state' });
    const stored = JSON.parse((await call({ routeKey: 'GET /v1/escalations/{escalationId}', pathParameters: { escalationId } })).body!);
    expect(stored.status).toBe('withdrawn');
    expect((await webhooksOf(escalationId)).filter((d) => d.type === 'escalation.withdrawn')).toHaveLength(1);
    // The invoice is free again: it may be escalated anew.
    expect((await escalate(invoiceId, `again-${invoiceId}`)).statusCode).toBe(201);
  });

  it("the agency's event delivered twice at once: applied once, the copy refused as a replay; one objection", async () => {
    const invoiceId = await overdueInvoice();
    const escalationId = JSON.parse((await escalate(invoiceId, `ev-${invoiceId}`)).body!).id as string;
    const event = await agencyEvent({
      tenantId: w.tenantId,
      escalationId,
      objection: { id: 'obj-dos-veces', date: localDay(0), text: 'El deudor objeta', status: 'open' },
    });
    const answers = await twice(() => hostileInvoke(tally, { nobody: true }, event));
    console.log(`inbound event ×2: ${statuses(answers).join(', ')}`);
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of answers) if (r.statusCode !== 200) expect(r.problem).toMatchObject({ code: 'unauthenticated', detail: expect.stringMatching(/ya llegó/) });
    const stored = JSON.parse((await call({ routeKey: 'GET /v1/escalations/{escalationId}', pathParameters: { escalationId } })).body!);
    expect(stored.objections.filter((o: { id: string }) => o.id === 'obj-dos-veces')).toHaveLength(1);
  });

  it('a stage recorded twice at once by two users: one 200 and the stage moves once, or both agree', async () => {
    const invoiceId = await overdueInvoice();
    const escalationId = JSON.parse((await escalate(invoiceId, `st-${invoiceId}`)).body!).id as string;
    const answers = await twice(() =>
      call({ routeKey: 'POST /v1/escalations/{escalationId}/stage', pathParameters: { escalationId }, body: { stage: 'prejudicial', status: 'in_progress' } }),
    );
    console.log(`stage ×2: ${statuses(answers).join(', ')}`);
    const stored = JSON.parse((await call({ routeKey: 'GET /v1/escalations/{escalationId}', pathParameters: { escalationId } })).body!);
    expect(stored.stage).toBe('prejudicial');
    expect((await webhooksOf(escalationId)).filter((d) => d.type === 'escalation.stage_changed').length).toBe(
      answers.filter((r) => r.statusCode === 200).length,
    );
  });
});

describe('a client image', () => {
  it('its upload event delivered twice at once: one image, one thumbnail, one change in the history', async () => {
    const sent = await putImage(w.admin, w.clientId, await aPng(7));
    const outcomes = (await twice(() => imageArrived(sent.key, sent.size))).flatMap((r) => r.outcomes.map((o) => o.outcome));
    console.log(`image event ×2: ${outcomes.join(', ')}`);
    expect(outcomes.filter((o) => o === 'ready')).toHaveLength(1);
    const folder = sent.key.replace(/original$/, '');
    const listed = await s3Client(deps.config).send(new ListObjectsV2Command({ Bucket: deps.config.uploadsBucket, Prefix: folder }));
    expect((listed.Contents ?? []).map((o) => o.Key!.slice(folder.length)).sort()).toEqual(['original', 'thumbnail.webp']);
    const image = JSON.parse((await call({ routeKey: 'GET /v1/clients/{clientId}/image', pathParameters: { clientId: w.clientId } })).body!);
    expect(image.image.id).toBe(sent.id);
    const history = JSON.parse(
      (await call({ routeKey: 'GET /v1/clients/{clientId}/history', pathParameters: { clientId: w.clientId }, query: { limit: '100' } })).body!,
    );
    expect(
      history.items.filter(
        (h: { operation: string; changes: Array<{ to?: { id?: string } }> }) => /^image\./.test(h.operation) && h.changes[0]?.to?.id === sent.id,
      ),
    ).toHaveLength(1);
  });

  it('two upload requests with the same Idempotency-Key at once: one upload record', async () => {
    const request = () =>
      call({
        routeKey: 'POST /v1/clients/{clientId}/image',
        pathParameters: { clientId: w.clientId },
        body: { contentType: 'image/png', sizeBytes: 1000 },
        headers: { 'idempotency-key': `img-${w.clientId}` },
      });
    const answers = await twice(request);
    const ids = answers.filter((r) => r.statusCode === 201).map((r) => JSON.parse(r.body!).upload.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(1);
    for (const r of answers) if (r.statusCode !== 201) expect(r.problem).toMatchObject({ code: 'idempotency_in_progress' });
  });
});
