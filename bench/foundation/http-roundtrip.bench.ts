/**
 * Foundation figures on the embedded stack (in-memory DynamoDB Local): start-up time, handler
 * cold-start (module import) time, and request latency through the local gateway for a read, a
 * conditional write and an idempotent create. Prints p50/p95; compare runs as ratios, not absolutes.
 *   npm run bench:foundation [-- --requests 300]
 */
import { claimsForUser } from '../../functions/auth/claims.ts';
import { functionCatalogue } from '../../functions/catalogue.ts';
import { loadHandler } from '../../scripts/local/handlers.ts';
import { startLocalRuntime } from '../../scripts/local/runtime.ts';
import { DEMO_ADMIN, DEMO_TENANT } from '../../scripts/local/seed.ts';

const requests = Number(process.argv[process.argv.indexOf('--requests') + 1]) || 300;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const summary = (label: string, samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} n=${String(s.length).padStart(4)}  p50 ${quantile(s, 0.5).toFixed(1).padStart(6)} ms  p95 ${quantile(s, 0.95).toFixed(1).padStart(6)} ms`,
  );
};

const t0 = performance.now();
const runtime = await startLocalRuntime({ port: 0, schedules: false, log: () => undefined });
console.log(`stack start-up (emulators, table, seed, API)  ${((performance.now() - t0) / 1000).toFixed(2)} s`);

for (const spec of functionCatalogue) {
  const t = performance.now();
  await loadHandler(spec);
  console.log(`first import ${spec.name.padEnd(21)} ${(performance.now() - t).toFixed(0).padStart(5)} ms (modules shared with earlier imports count once)`);
}

const admin = (await runtime.deps.users.get(DEMO_TENANT, DEMO_ADMIN))!;
const headers = { authorization: `Bearer ${await runtime.issuer.sign(claimsForUser(admin))}`, 'content-type': 'application/json' };
const time = async (fn: () => Promise<Response>) => {
  const t = performance.now();
  const response = await fn();
  await response.arrayBuffer();
  if (response.status >= 400) throw new Error(`HTTP ${response.status}`);
  return performance.now() - t;
};

for (let i = 0; i < 20; i++) await time(() => fetch(`${runtime.apiUrl}/v1/tenant`, { headers })); // warm-up

const reads: number[] = [];
for (let i = 0; i < requests; i++) reads.push(await time(() => fetch(`${runtime.apiUrl}/v1/tenant`, { headers })));
summary('GET /v1/tenant', reads);

const creates: number[] = [];
for (let i = 0; i < requests; i++) {
  creates.push(
    await time(() =>
      fetch(`${runtime.apiUrl}/v1/users`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': `bench-${i}` },
        body: JSON.stringify({ email: `bench-${Date.now()}-${i}@demo.cl`, name: `Bench ${i}`, accessLevel: 4 }),
      }),
    ),
  );
}
summary('POST /v1/users (Idempotency-Key)', creates);

const patches: number[] = [];
let version = ((await (await fetch(`${runtime.apiUrl}/v1/tenant`, { headers })).json()) as { version: number }).version;
for (let i = 0; i < requests; i++) {
  patches.push(
    await time(() =>
      fetch(`${runtime.apiUrl}/v1/tenant`, {
        method: 'PATCH',
        headers: { ...headers, 'if-match': `"${version}"` },
        body: JSON.stringify({ mailHour: i % 24 }),
      }),
    ),
  );
  version++;
}
summary('PATCH /v1/tenant (If-Match)', patches);

const pages: number[] = [];
for (let i = 0; i < requests; i++) pages.push(await time(() => fetch(`${runtime.apiUrl}/v1/users?limit=25`, { headers })));
summary('GET /v1/users?limit=25', pages);

const rss = process.memoryUsage().rss / 1024 / 1024;
console.log(`runtime process RSS after run                   ${rss.toFixed(0)} MB (the JVM is separate, capped at -Xmx768m)`);
await runtime.stop();
