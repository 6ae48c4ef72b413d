import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createInvoice } from '../../domain/receivables/invoice.use-cases.ts';
import { NewInvoice } from '../../domain/receivables/invoice.ts';
import { envNames } from '../../functions/catalogue.ts';
import { escalationDependencies } from '../../functions/wiring/escalations.ts';
import { type AgencyReceiver, startAgencyReceiver } from '../../scripts/local/agency-receiver.ts';
import { readAgencyKeyFile } from '../../scripts/local/agency-key.ts';
import { contextOf, httpEvent, type TestUser } from '../support/http.ts';
import { ownTable } from '../support/own-table.ts';
import { newTenant } from '../support/tenants.ts';

// A table of this file's own (the dispatcher drains every tenant's queue), and a deployment without the agency's URL.
const deps = await ownTable();
vi.stubEnv(envNames.tableName, deps.config.tableName);
vi.stubEnv(envNames.agencyWebhookUrl, '');
// Warnings on, through the global console, so the dispatcher's reason can be read.
vi.stubEnv('POWERTOOLS_DEV', 'true');
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN');
afterAll(() => vi.unstubAllEnvs());
const escalationsApi = (await import('../../functions/http/escalations-api.handler.ts')).handler;
type Dispatcher = typeof import('../../functions/schedule/escalation-dispatcher.handler.ts')['handler'];
/** The dispatcher as a cold start with the environment of now. */
const coldDispatcher = async (): Promise<Dispatcher> => {
  vi.resetModules();
  return (await import('../../functions/schedule/escalation-dispatcher.handler.ts')).handler;
};
const queue = escalationDependencies(deps).queue;

let admin: TestUser;
let receiver: AgencyReceiver;
beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  receiver = await startAgencyReceiver({ platformSecret: () => readAgencyKeyFile(deps.config.agencyKeyFile!) });
});
afterAll(() => receiver?.stop());

/** One escalated overdue invoice: one webhook queued. */
async function anEscalation() {
  const actor = { tenantId: admin.tenantId, userId: admin.id, accessLevel: admin.accessLevel, permissions: admin.permissions };
  const client = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Ferretería Sur', email: 'pagos@ferreteria.cl' }));
  const invoice = await createInvoice(deps)(
    actor,
    NewInvoice.parse({
      clientId: client.id,
      status: 'issued',
      issueDate: '2026-09-01',
      dueDate: '2026-10-31',
      lines: [{ description: 'Clavos', quantity: 1, unitPrice: 5000, taxRate: 0 }],
    }),
  );
  const escalated = await escalationsApi(
    httpEvent({
      routeKey: 'POST /v1/clients/{clientId}/escalations',
      as: admin,
      pathParameters: { clientId: client.id },
      body: { invoiceIds: [invoice.id] },
      headers: { 'Idempotency-Key': `e-${client.id}` },
    }),
    contextOf('escalations-api'),
  );
  expect(escalated.statusCode).toBe(201);
}

describe('the escalation dispatcher deployed without AGENCY_WEBHOOK_URL', () => {
  it('refuses to send with a logged reason, and the deliveries stay queued (not tried, not dead) until a URL is deployed', async () => {
    // Prepare
    await anEscalation();
    const warn = vi.spyOn(console, 'warn');
    const noUrl = await coldDispatcher();

    // Act: two runs without a URL
    const runs = [await noUrl(), await noUrl()];

    // Assess
    for (const run of runs) expect(run).toMatchObject({ delivered: 0, retried: 0, dead: 0, waiting: 'no_agency_url' });
    const logged = warn.mock.calls.map((args) => JSON.parse(String(args[0])) as { message: string; waiting?: string });
    const refusals = logged.filter((line) => line.waiting === 'no_agency_url');
    expect(refusals).toHaveLength(2);
    expect(refusals[0]!.message).toContain('AGENCY_WEBHOOK_URL is not set');
    warn.mockRestore();
    const pending = (await queue.listByStatus(admin.tenantId, 'pending', { limit: 10 })).items;
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ attempts: 0, type: 'escalation.created' });
    expect(pending[0]!.lastError).toBeUndefined();
    expect((await queue.listByStatus(admin.tenantId, 'dead', { limit: 10 })).items).toEqual([]);
    expect(receiver.received()).toEqual([]);

    // Act: the URL deployed (a new cold start)
    vi.stubEnv(envNames.agencyWebhookUrl, receiver.webhookUrl);
    const withUrl = await coldDispatcher();
    const sent = await withUrl();

    // Assess: the waiting delivery goes out, signed with the agency secret's key, which the agency verifies
    expect(sent).toMatchObject({ delivered: 1, dead: 0 });
    expect(receiver.accepted().map((r) => r.idempotencyKey)).toEqual([pending[0]!.id]);
    expect(receiver.received().every((r) => r.signatureValid)).toBe(true);
    expect((await queue.listByStatus(admin.tenantId, 'pending', { limit: 10 })).items).toEqual([]);
  });
});
