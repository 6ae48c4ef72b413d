import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { Permission } from '../../domain/shared/actor.ts';
import { dynamoSuppressionStore } from '../../functions/adapters/dynamodb/suppression.store.ts';
import { envNames } from '../../functions/catalogue.ts';
import { projectRoot } from '../../scripts/local/handlers.ts';
import { seedDemo } from '../../scripts/local/seed.ts';
import { callRoute } from '../support/api.ts';
import { json, type TestUser } from '../support/http.ts';
import { ownTable } from '../support/own-table.ts';
import { inboxOf } from '../support/ses-inbox.ts';

/**
 * The README's collections walk-through (issue 11, "Local use"), its commands run as written: `npm run
 * invoke` is `node scripts/invoke.ts` in a process of its own, reaching the stack through runtime.json as
 * it does under `npm start`. The stack is the run's emulators with a table of this file's own, seeded with
 * the demo tenant as `npm start` seeds it; the HTTP calls go through the catalogued handlers.
 */
const deps = await ownTable();
await seedDemo(deps);
vi.stubEnv(envNames.tableName, deps.config.tableName);
const dataDir = mkdtempSync(join(tmpdir(), 'cobranza-walkthrough-'));
// Stage `local`, as `npm start` records it: only there does `--at` move a function's clock.
const stackEnv: Record<string, string> = { ...inject('env'), [envNames.tableName]: deps.config.tableName, [envNames.stage]: 'local' };
writeFileSync(join(dataDir, 'runtime.json'), JSON.stringify({ apiUrl: 'http://localhost:0', sesUrl: stackEnv[envNames.sesEndpoint], env: stackEnv }));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

const admin: TestUser = {
  tenantId: 'demo',
  id: 'admin',
  email: 'admin@demo.cl',
  accessLevel: 1,
  permissions: [...Permission.options],
  branchId: 'casa-matriz',
  departmentId: 'cobranza',
};

/** `npm run invoke -- <args>`: its exit code and the JSON it prints. */
async function invoke(...args: string[]): Promise<{ code: number | null; result: Record<string, any>; output: string }> {
  const child = spawn(process.execPath, ['scripts/invoke.ts', ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...stackEnv, COBRANZA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const start = output.indexOf('{');
  return { code, result: start >= 0 ? JSON.parse(output.slice(start)) : {}, output };
}

describe('the collections walk-through of the README', () => {
  const address = `pagos-${Date.now()}@ferreteriasur.cl`;
  let messageId = '';

  it('plans the notice "7 días antes" of an invoice due in 7 days at the mail hour, and the dispatcher puts it in the SES inbox', async () => {
    const client = await callRoute({ routeKey: 'POST /v1/clients', as: admin, body: { personType: 'other', name: 'Ferretería Sur', email: address } });
    expect(client.statusCode, client.body).toBe(201);
    const invoice = await callRoute({
      routeKey: 'POST /v1/invoices',
      as: admin,
      body: {
        clientId: json(client).id,
        status: 'issued',
        issueDate: '2026-11-01',
        dueDate: '2026-12-08',
        lines: [{ description: 'Cemento', quantity: '1', unitPrice: '150000', taxRate: '0' }],
      },
    });
    expect(invoice.statusCode, invoice.body).toBe(201);
    const planFile = join(dataDir, 'plan.json');
    writeFileSync(planFile, JSON.stringify({ plan: ['demo'] }));

    const planned = await invoke('collections-planner', '--at', '2026-12-01T09:00:00-03:00', '--event', planFile);
    const again = await invoke('collections-planner', '--at', '2026-12-01T09:00:00-03:00', '--event', planFile);
    const sent = await invoke('outbox-dispatcher', '--at', '2026-12-01T09:01:00-03:00');

    expect(planned.code, planned.output).toBe(0);
    expect(planned.result.tenants).toEqual([expect.objectContaining({ tenantId: 'demo', outcome: 'planned', today: '2026-12-01', pending: 1 })]);
    // Planning the same day again writes nothing new.
    expect(again.result.tenants[0]).toMatchObject({ pending: 0, skipped: 0 });
    expect(sent.result).toMatchObject({ sent: 1, failed: 0 });
    const inbox = await inboxOf(address);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ from: 'cobranza@demo.cl', subject: 'Aviso de vencimiento — Comercial Demo SpA' });
    expect(inbox[0]!.body.text).toContain('8 de diciembre de 2026');
    const log = await callRoute({ routeKey: 'GET /v1/collections/messages', as: admin });
    expect(json(log).items).toEqual([expect.objectContaining({ type: 'notice', conceptId: 'before-7', status: 'sent', to: [address] })]);
    messageId = json(log).items[0].id;
  }, 180_000);

  it('feeds the bounce sample to ses-events: as shipped it names no message and changes nothing; with --message it bounces that one and suppresses its address', async () => {
    const bare = await invoke('ses-events', 'events/samples/ses/bounce.json');
    const aimed = await invoke('ses-events', 'events/samples/ses/bounce.json', '--message', messageId);
    const twice = await invoke('ses-events', 'events/samples/ses/bounce.json', '--message', messageId);
    const missing = await invoke('ses-events', 'events/samples/ses/bounce.json', '--message', 'col_nope');

    expect(bare.code, bare.output).toBe(0);
    expect(bare.result).toEqual({ outcome: 'unknown_message', suppressed: 0, contactsFlagged: 0 });
    expect(aimed.result).toMatchObject({ outcome: 'applied', suppressed: 1 });
    // A second SES event about the same bounce: nothing more changes on the message (a hard bounce stays).
    expect(twice.result.outcome).toBe('applied');
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('No message col_nope in tenant demo');
    expect((await deps.outbox.get('demo', messageId))?.delivery).toMatchObject({ state: 'bounced', bounceType: 'Permanent' });
    expect([...(await dynamoSuppressionStore(deps.document, deps.config.tableName).suppressedAmong('demo', [address]))]).toEqual([address]);
  }, 180_000);

  it('feeds every SES sample as shipped without a failure', async () => {
    for (const name of ['delivery', 'complaint', 'soft-bounce']) {
      const run = await invoke('ses-events', `events/samples/ses/${name}.json`);
      expect(run.code, `${name}: ${run.output}`).toBe(0);
      expect(['unknown_message', 'ignored'], name).toContain(run.result.outcome);
    }
  }, 180_000);
});
