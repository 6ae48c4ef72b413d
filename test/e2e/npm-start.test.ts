import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/local/emulators.ts';
import { projectRoot } from '../../scripts/local/handlers.ts';
import { inboxOf } from '../support/ses-inbox.ts';
import { clientWorkbook } from '../support/workbook.ts';

/**
 * Drives the real `npm start` program (scripts/start.ts) as a user would: start it, read the
 * printed token, use the API, upload a file, run the schedule, stop it with SIGINT, start it again.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'cobranza-e2e-'));
const children: ChildProcess[] = [];
/** The DynamoDB Local JVMs running on this test's data folder, found among all processes (Linux /proc). */
const jvmsOnDataDir = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return command.includes('DynamoDBLocal') && command.includes(dataDir) ? [Number(pid)] : [];
      } catch {
        return [];
      }
    });
const waitFor = async (condition: () => boolean, ms = 5_000) => {
  for (const deadline = Date.now() + ms; !condition() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
  return condition();
};
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const pid of jvmsOnDataDir()) process.kill(pid, 'SIGKILL'); // a JVM left by a failed test
  rmSync(dataDir, { recursive: true, force: true });
});

const ports = { api: await freePort(), ses: await freePort(), s3: await freePort() };
const env = {
  ...process.env,
  COBRANZA_DATA_DIR: dataDir,
  PORT: String(ports.api),
  SES_PORT: String(ports.ses),
  S3_PORT: String(ports.s3),
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

async function start(): Promise<{ child: ChildProcess; output: () => string; token: string; readyMs: number }> {
  const began = Date.now();
  const child = spawn(process.execPath, ['scripts/start.ts'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const token = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${output}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
    child.stdout!.on('data', () => {
      const match = /Demo admin token[^\n]*\n\s+(\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  return { child, output: () => output, token, readyMs: Date.now() - began };
}

/** Runs `npm start` to its end (it refuses or dies): exit code and everything it printed. */
function runToExit(): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['scripts/start.ts'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });

const api = `http://localhost:${ports.api}`;
/** Response bodies of our own API, read loosely: the assertions say what they must hold. */
const body = async (response: Response | Promise<Response>): Promise<any> => (await response).json();

/** The status an import job ends in (waits while it is pending or running). */
async function finalStatus(jobId: string, token: string): Promise<string> {
  let status = 'pending';
  for (let i = 0; i < 100 && (status === 'pending' || status === 'running'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await body(fetch(`${api}/v1/imports/${jobId}`, { headers: { authorization: `Bearer ${token}` } }))).status;
  }
  return status;
}
const sesUrl = `http://127.0.0.1:${ports.ses}`;
const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

// Each start takes 5–10 s on an idle machine; several here start the whole stack.
// Starting the whole stack: room for a loaded machine, not a speed goal (the bench measures that).
describe('npm start on the embedded stack', { timeout: 120_000 }, () => {
  let first: Awaited<ReturnType<typeof start>>;
  const auth = () => ({ authorization: `Bearer ${first.token}` });

  it('starts, prints a working admin token and answers GET /v1/tenant', async () => {
    first = await start();
    const response = await fetch(`${api}/v1/tenant`, { headers: auth() });
    expect(response.status).toBe(200);
    expect(await body(response)).toMatchObject({ id: 'demo', country: 'CL', currency: 'CLP', timeZone: 'America/Santiago' });
    expect(first.output()).toContain(`${api}/docs`);
    expect(first.output()).toContain(sesUrl);
  });

  it('answers problem+json 401 without a token and with a forged one', async () => {
    for (const headers of [{}, { authorization: `Bearer ${first.token.slice(0, -4)}AAAA` }]) {
      const response = await fetch(`${api}/v1/tenant`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect((await body(response)).code).toBe('unauthenticated');
    }
  });

  it('serves the OpenAPI document and the reference page without a token', async () => {
    const doc = await body(fetch(`${api}/v1/openapi.json`));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/v1/users/{userId}');
    const page = await fetch(`${api}/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    // Swagger UI, its files served by the stack itself (rendered in test/integration/docs-browser.test.ts).
    const html = await page.text();
    expect(html).toContain('id="swagger-ui"');
    for (const [, path] of html.matchAll(/src="(\/docs\/assets\/[^"]+)"/g)) expect((await fetch(`${api}${path}`)).status, path).toBe(200);
  });

  it('sends the welcome e-mail of a new user when the schedule runs (npm run invoke)', async () => {
    const created = await fetch(`${api}/v1/users`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'e2e@demo.cl', name: 'E2E', accessLevel: 4 }),
    });
    expect(created.status).toBe(201);
    const invoke = spawn(process.execPath, ['scripts/invoke.ts', 'outbox-dispatcher'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    invoke.stdout!.on('data', (d) => (out += d));
    invoke.stderr!.on('data', (d) => (out += d));
    expect(await new Promise((r) => invoke.once('exit', r))).toBe(0);
    expect(JSON.parse(out.slice(out.indexOf('{')))).toMatchObject({ sent: expect.any(Number) });
    const inbox = await inboxOf('e2e@demo.cl', sesUrl);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.from).toBe('cobranza@demo.cl');
  });

  it('delivers an upload to the import function, which runs the job to an end', async () => {
    const file = await clientWorkbook(3);
    const created = await fetch(`${api}/v1/imports`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'clients', fileName: 'clientes.xlsx', sizeBytes: file.length }),
    });
    const { job, upload } = await body(created);
    expect((await fetch(upload.url, { method: 'PUT', body: file, headers: { 'content-type': upload.contentType } })).status).toBe(200);
    expect(await finalStatus(job.id, first.token)).toMatch(/^(completed|completed_with_errors|failed)$/);
  });

  it('creates a second business with npm run tenant, whose printed token works; a suspended business is refused', async () => {
    const tenantCli = async (...args: string[]) => {
      const child = spawn(process.execPath, ['scripts/tenant.ts', ...args], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      return { code: await new Promise((r) => child.once('exit', r)), out };
    };
    const created = await tenantCli('create', '--name', 'Ferretería Sur', '--country', 'AR', '--admin-email', 'ana@sur.com.ar');
    expect(created.code, created.out).toBe(0);
    expect(created.out).toContain('tenant "ferreteria-sur"');
    expect(created.out).toContain('currency ARS, time zone America/Argentina/Buenos_Aires');
    const tokenOf = (out: string) => /Token for the administrator[^\n]*\n\s+(\S+)/.exec(out)![1]!;
    const tenant = await fetch(`${api}/v1/tenant`, { headers: { authorization: `Bearer ${tokenOf(created.out)}` } });
    expect(tenant.status).toBe(200);
    expect(await body(tenant)).toMatchObject({ id: 'ferreteria-sur', currency: 'ARS', taxIdScheme: 'AR_CUIT', status: 'active' });

    // A currency the country does not use needs --allow-foreign-currency, and is then kept on the tenant.
    const dollars = ['create', '--name', 'Dólar Austral', '--country', 'CL', '--currency', 'USD', '--admin-email', 'ana@austral.cl'];
    const foreign = await tenantCli(...dollars);
    expect(foreign.code, foreign.out).toBe(1);
    expect(foreign.out).toContain('/currency: La moneda «USD» no se usa en Chile: usa CLP o CLF');
    const allowed = await tenantCli(...dollars, '--allow-foreign-currency');
    expect(allowed.code, allowed.out).toBe(0);
    expect(allowed.out).toContain('currency USD');

    // Another business, suspended before its token is first used (so no cached status stands in the way).
    const other = await tenantCli('create', '--name', 'Ferretería Norte', '--country', 'CL', '--admin-email', 'ana@sur.com.ar');
    expect(other.code, other.out).toBe(0);
    const suspended = await tenantCli('suspend', '--tenant', 'ferreteria-norte');
    expect(suspended.code, suspended.out).toBe(0);
    const refused = await fetch(`${api}/v1/tenant`, { headers: { authorization: `Bearer ${tokenOf(other.out)}` } });
    expect(refused.status).toBe(403);
    expect((await body(refused)).code).toBe('tenant_suspended');
    expect((await fetch(`${api}/v1/tenant`, { headers: auth() })).status).toBe(200); // the demo tenant is untouched
  });

  let second: Awaited<ReturnType<typeof start>>;
  let uploadBeforeRestart: { jobId: string; url: string; contentType: string };

  it('stops every child on SIGINT, then restarts with the data kept and the seed not repeated', async () => {
    const created = await body(
      fetch(`${api}/v1/imports`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'clients', fileName: 'despues.xlsx', sizeBytes: (await clientWorkbook(2)).length }),
      }),
    );
    uploadBeforeRestart = { jobId: created.job.id, url: created.upload.url, contentType: created.upload.contentType };
    expect(jvmsOnDataDir()).toHaveLength(1);
    expect(await stop(first.child)).toBe(0);
    expect(await portOpen(ports.api)).toBe(false);
    expect(await portOpen(ports.ses)).toBe(false);
    expect(await portOpen(ports.s3)).toBe(false);
    expect(await waitFor(() => jvmsOnDataDir().length === 0)).toBe(true);

    second = await start();
    expect(second.output()).toMatch(/seed: 0 created, 5 already there/);
    const users = await body(fetch(`${api}/v1/users?limit=100`, { headers: { authorization: `Bearer ${second.token}` } }));
    expect(users.items.map((u: { email: string }) => u.email)).toContain('e2e@demo.cl');
    expect(users.items.filter((u: { email: string }) => u.email === 'admin@demo.cl')).toHaveLength(1);
  });

  it('accepts an upload URL handed out before the restart (the S3 emulator keeps its port)', async () => {
    expect(uploadBeforeRestart.url).toContain(`:${ports.s3}/`);
    const put = await fetch(uploadBeforeRestart.url, {
      method: 'PUT',
      body: await clientWorkbook(2),
      headers: { 'content-type': uploadBeforeRestart.contentType },
    });
    expect(put.status).toBe(200);
    expect(await finalStatus(uploadBeforeRestart.jobId, second.token)).toMatch(/^(completed|completed_with_errors|failed)$/);
  });

  it('refuses a second npm start on the same data folder while one runs, naming its pid', async () => {
    const refused = await runToExit();
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`already running at ${api}`);
    expect(refused.output).toContain(`pid ${second.child.pid}`);
    expect((await fetch(`${api}/v1/tenant`, { headers: { authorization: `Bearer ${second.token}` } })).status).toBe(200);
  });

  let third: Awaited<ReturnType<typeof start>>;

  it('after a SIGKILL, the next npm start stops the DynamoDB Local left running on the data folder, then starts its own', async () => {
    const [orphan] = jvmsOnDataDir();
    second.child.kill('SIGKILL');
    await exited(second.child);
    expect(jvmsOnDataDir()).toEqual([orphan]); // the JVM outlives its SIGKILLed parent, holding the folder

    third = await start();

    expect(third.output()).toContain(`Stopped DynamoDB Local (pid ${orphan})`);
    const running = jvmsOnDataDir();
    expect(running).toHaveLength(1);
    expect(running).not.toContain(orphan);
    const users = await body(fetch(`${api}/v1/users?limit=100`, { headers: { authorization: `Bearer ${third.token}` } }));
    expect(users.items.map((u: { email: string }) => u.email)).toContain('e2e@demo.cl');
  });

  it('says at once that DynamoDB Local died and exits, instead of answering 500s', async () => {
    const killedAt = Date.now();
    process.kill(jvmsOnDataDir()[0]!, 'SIGKILL');
    const code = await exited(third.child);
    const tookMs = Date.now() - killedAt;

    expect(code).toBe(1);
    expect(third.output()).toContain('DynamoDB Local stopped unexpectedly (SIGKILL)');
    expect(tookMs).toBeLessThan(10_000);
    expect(await portOpen(ports.api)).toBe(false);
    console.info(`npm start noticed the dead DynamoDB Local and exited in ${tookMs} ms`);
  });
});
