/**
 * Client book figures on the embedded stack (in-memory DynamoDB Local).
 *
 * Seeds a tenant with 50,000 clients and one with 5,000 (with their search-term items), then measures
 * through the local HTTP API: quick search by name words, by surname word, by tax id, by RUT without
 * check digit and by phone digits, a category filter, a page of the default list (p50/p95),
 * a page of the list as a level-4 collector, a level-2 branch user and a level-3 department user
 * (each served by its scope's indexes), and one mass update of 1,000 clients. Reads should cost the same in both tenants: the ratio
 * big/small is the figure that shows they touch a number of items proportional to the page.
 *   npm run bench:clients [-- --clients 50000 --requests 200]
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Client } from '../../domain/clients/client.schema.ts';
import { termRecords } from '../../functions/adapters/dynamodb/client-search-items.ts';
import { claimsForUser } from '../../functions/auth/claims.ts';
import { fold } from '../../domain/shared/text.ts';
import { startLocalRuntime } from '../../scripts/local/runtime.ts';
import { createBenchTenant } from '../support/local-api.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const BIG = arg('clients', 50_000);
const SMALL = Math.max(1_000, Math.round(BIG / 10));
const REQUESTS = arg('requests', 200);

const runtime = await startLocalRuntime({ port: 0, schedules: false, log: () => undefined });
const { deps } = runtime;
const table = runtime.env.TABLE_NAME!;

const FIRST = ['Ana', 'Luis', 'María', 'José', 'Carmen', 'Pedro', 'Lucía', 'Jorge', 'Sofía', 'Ñandú', 'Álvaro', 'Elena'];
const LAST = ['Pérez', 'González', 'Muñoz', 'Rojas', 'Díaz', 'Soto', 'Contreras', 'Silva', 'Martínez', 'Sepúlveda'];
const rutFor = (n: number) => {
  const body = 10_000_000 + n;
  const sum = [...String(body)].reverse().reduce((total, d, i) => total + Number(d) * ((i % 6) + 2), 0);
  const r = 11 - (sum % 11);
  return `${body}-${r === 11 ? '0' : r === 10 ? 'K' : r}`;
};
/** A Chilean mobile per client, written the international way: `+56 9 3000 0123`. */
const mobileFor = (n: number) => {
  const digits = String(30_000_000 + n);
  return `+56 9 ${digits.slice(0, 4)} ${digits.slice(4)}`;
};

/** Writes clients, their guard items and their search-term items with BatchWrite (25 per call, 8 calls in flight). */
async function seedTenant(tenantId: string, count: number, categories: string[]) {
  const at = new Date().toISOString();
  await createBenchTenant(deps, tenantId);
  const items: Array<Record<string, unknown>> = [];
  for (let n = 0; n < count; n++) {
    const first = FIRST[n % FIRST.length]!;
    const last = LAST[Math.floor(n / FIRST.length) % LAST.length]!;
    const displayName = `${first} ${last} ${n}`;
    const rut = rutFor(n);
    const id = `c${String(n).padStart(6, '0')}`;
    const categoryId = n % 5 === 0 ? undefined : categories[n % categories.length];
    // 100 users: each client has a collector, every third one a seller too; 10 branches; user i works
    // in department d(i % 5). A user's book is 1 % of the tenant in both tenants.
    const collectorId = `u${n % USERS}`;
    const sellerId = n % 3 === 0 ? `u${(n + 1) % USERS}` : undefined;
    const branchId = `b${n % 10}`;
    const departments = [...new Set([collectorId, sellerId].filter(Boolean).map((u) => departmentOf(u!)))].sort();
    const client = {
      tenantId,
      id,
      personType: 'other',
      name: displayName,
      displayName,
      email: `c${n}@bench.test`,
      notifyEmails: [],
      taxId: { scheme: 'CL_RUT', value: rut, holder: 'person' },
      mobile: mobileFor(n),
      ...(categoryId ? { categoryId } : {}),
      collectionsEnabled: true,
      status: 'active',
      provenance: { source: 'import' },
      version: 1,
      createdAt: at,
      createdBy: 'bench',
      updatedAt: at,
      updatedBy: 'bench',
      collectorId,
      ...(sellerId ? { sellerId } : {}),
      branchId,
      assignedDepartmentIds: departments,
      nameKey: fold(displayName),
      categoryKey: categoryId ?? 'none',
      collectorKey: collectorId,
      agentKey: 'none',
      sellerKey: sellerId ?? 'none',
      branchKey: branchId,
      department1Key: departments[0] ?? 'none',
      department2Key: departments[1] ?? 'none',
      department3Key: departments[2] ?? 'none',
    };
    items.push(deps.data.entities.client.put(client as never).params().Item as Record<string, unknown>);
    items.push(
      deps.data.entities.uniqueGuard.put({ tenantId, scope: 'client-email', value: client.email, ownerId: id }).params().Item as Record<string, unknown>,
    );
    items.push(
      deps.data.entities.uniqueGuard.put({ tenantId, scope: 'client-taxid', value: `CL_RUT:${rut}`, ownerId: id }).params().Item as Record<string, unknown>,
    );
    // The term items a client write would have written with it (name words, e-mail, tax id, phone).
    for (const term of termRecords(client as unknown as Client, []))
      items.push(deps.data.entities.searchTerm.put(term).params().Item as Record<string, unknown>);
  }
  // The categories themselves and their usage counts, as client writes would have kept them.
  const usage = new Map<string, number>();
  for (const item of items)
    if (item.categoryKey && item.categoryKey !== 'none') usage.set(item.categoryKey as string, (usage.get(item.categoryKey as string) ?? 0) + 1);
  for (const id of [...categories, MOVE_TARGET]) {
    await deps.catalogs.create({ tenantId, kind: 'category', id, name: id, color: '#336699', version: 1, createdAt: at, updatedAt: at }).catch(() => undefined);
    items.push(deps.data.entities.catalogUsage.put({ tenantId, kind: 'category', id, clients: usage.get(id) ?? 0 }).params().Item as Record<string, unknown>);
  }
  const batches: Array<Array<Record<string, unknown>>> = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length) {
          const out = (await deps.dynamoClient.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }) as never)) as {
            UnprocessedItems?: Record<string, typeof pending>;
          };
          pending = out.UnprocessedItems?.[table] ?? [];
        }
      }
    }),
  );
  return items.length;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p95: quantile(s, 0.95) };
};

const USERS = 100;
const departmentOf = (userId: string) => `d${Number(userId.slice(1)) % 5}`;

/** Who reads: the company administrator, or a user whose scope restricts the list. */
type Reader = 'admin' | 'collector' | 'branch' | 'department';
const readers: Record<Reader, { id: string; accessLevel: 1 | 2 | 3 | 4; branchId?: string; departmentId?: string }> = {
  admin: { id: 'bench-admin', accessLevel: 1 },
  collector: { id: 'u7', accessLevel: 4, departmentId: departmentOf('u7') },
  branch: { id: 'bench-branch', accessLevel: 2, branchId: 'b3' },
  department: { id: 'bench-department', accessLevel: 3, departmentId: 'd2' },
};

async function tokenFor(tenantId: string, reader: Reader = 'admin') {
  const at = new Date().toISOString();
  const r = readers[reader];
  const user = {
    tenantId,
    email: `${r.id}@${tenantId}.test`,
    name: r.id,
    permissions: ['clients.mass_update'],
    status: 'active' as const,
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 'b',
    updatedBy: 'b',
    ...r,
  };
  await deps.users.create(user).catch(() => undefined);
  return runtime.issuer.sign(claimsForUser(user));
}

type Reads = Record<string, { as?: Reader; path: (tenantId: string, count: number, i: number) => string }>;
const pick = (count: number, i: number) => (i * 7919) % count;
const reads: Reads = {
  'search by name prefix': {
    path: (_t, _c, i) => `/v1/clients/search?q=${encodeURIComponent(`${FIRST[i % FIRST.length]} ${LAST[i % LAST.length]}`.slice(0, 6))}`,
  },
  'search by tax id (dotted RUT)': {
    path: (_t, count, i) => {
      const [body, dv] = rutFor(pick(count, i)).split('-');
      return `/v1/clients/search?q=${encodeURIComponent(`${Number(body).toLocaleString('es-CL')}-${dv}`)}`;
    },
  },
  'search by surname word': { path: (_t, _c, i) => `/v1/clients/search?q=${encodeURIComponent(LAST[i % LAST.length]!)}` },
  'search by RUT without check digit': {
    path: (_t, count, i) => `/v1/clients/search?q=${encodeURIComponent(Number(rutFor(pick(count, i)).split('-')[0]).toLocaleString('es-CL'))}`,
  },
  'search by phone digits': { path: (_t, count, i) => `/v1/clients/search?q=${mobileFor(pick(count, i)).replace('+56 ', '').replace(/ /g, '')}` },
  // Surnames u7's clients bear (in both tenants).
  'level 4, search by surname word': { as: 'collector', path: (_t, _c, i) => `/v1/clients/search?q=${encodeURIComponent(LAST[[0, 2, 3, 5, 7, 8][i % 6]!]!)}` },
  'filter by category, page of 25': { path: () => `/v1/clients?categoryId=cat-b&limit=25` },
  'default list, page of 25': { path: () => `/v1/clients?limit=25` },
  'level 4 (collector), page of 25': { as: 'collector', path: () => `/v1/clients?limit=25` },
  'level 2 (branch), page of 25': { as: 'branch', path: () => `/v1/clients?limit=25` },
  'level 3 (department), page of 25': { as: 'department', path: () => `/v1/clients?limit=25` },
  // Names u7 holds (as collector: Jorge, Elena, José; as seller: Lucía), typed without accents.
  'level 4, name prefix': { as: 'collector', path: (_t, _c, i) => `/v1/clients?limit=25&name=${['jor', 'jos', 'ele', 'luc'][i % 4]}` },
};

/** Alternates the two tenants request by request, so drift (GC, JIT, machine noise) hits both alike. */
async function measure(tenants: Array<{ id: string; count: number }>) {
  const headersOf = async (reader: Reader) => Promise.all(tenants.map(async (t) => ({ authorization: `Bearer ${await tokenFor(t.id, reader)}` })));
  const get = async (path: string, h: Record<string, string>) => {
    const t = performance.now();
    const response = await fetch(`${runtime.apiUrl}${path}`, { headers: h });
    const body = (await response.json()) as { items: unknown[] };
    if (response.status !== 200 || !body.items.length) throw new Error(`${path}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
    return performance.now() - t;
  };
  const out: Record<string, Array<{ p50: number; p95: number }>> = {};
  for (const [name, read] of Object.entries(reads)) {
    const headers = await headersOf(read.as ?? 'admin');
    const samples = tenants.map(() => [] as number[]);
    for (let i = -10; i < REQUESTS; i++) {
      for (const [k, t] of tenants.entries()) {
        const ms = await get(read.path(t.id, t.count, i + 10), headers[k]!);
        if (i >= 0) samples[k]!.push(ms); // the first ten are warm-up
      }
    }
    out[name] = samples.map(stats);
  }
  return out;
}

/** Items DynamoDB read for one page of an index query (ScannedCount), per tenant. */
async function itemsTouched(tenantId: string) {
  const { client } = deps.data.entities;
  const query = async (params: Record<string, unknown>) => {
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const out = (await deps.dynamoClient.send(new QueryCommand({ ...(params as object), Limit: 25 } as never) as never)) as { ScannedCount?: number };
    return out.ScannedCount ?? 0;
  };
  return {
    'default list': await query(
      client.query
        .byName({ tenantId })
        .between({ status: 'active', nameKey: '' } as never, { status: 'active', nameKey: '\u{10FFFF}' } as never)
        .params() as Record<string, unknown>,
    ),
    'category filter': await query(
      client.query
        .byCategory({ tenantId, categoryKey: 'cat-b' })
        .between({ status: 'active', nameKey: '' } as never, { status: 'active', nameKey: '\u{10FFFF}' } as never)
        .params() as Record<string, unknown>,
    ),
    'name prefix': await query(
      client.query
        .byName({ tenantId })
        .between({ status: 'active', nameKey: 'maria' } as never, { status: 'active', nameKey: 'maria\u{10FFFF}' } as never)
        .params() as Record<string, unknown>,
    ),
    // A level-4 page reads the user's three role indexes, each at most what the page lacks.
    'level 4 (3 indexes)': (
      await Promise.all(
        [
          client.query.bySeller({ tenantId, sellerKey: 'u7' }),
          client.query.byCollector({ tenantId, collectorKey: 'u7' }),
          client.query.byAgent({ tenantId, agentKey: 'u7' }),
        ].map((q) =>
          query(
            q.between({ status: 'active', nameKey: '' } as never, { status: 'active', nameKey: '\u{10FFFF}' } as never).params() as Record<string, unknown>,
          ),
        ),
      )
    ).reduce((a, b) => a + b, 0),
    'search term prefix': await query(
      deps.data.entities.searchTerm.query
        .all({ tenantId, shard: 'm' })
        .between({ status: 'active', term: 'munoz' } as never, { status: 'active', term: 'munoz\u{10FFFF}' } as never)
        .params() as Record<string, unknown>,
    ),
  };
}

const categories = ['cat-a', 'cat-b', 'cat-c', 'cat-d'];
/** The category the second mass update moves 1,000 clients into: every write moves its usage count. */
const MOVE_TARGET = 'cat-move';
const t0 = performance.now();
let seededItems = 0;
seededItems += await seedTenant('bench-big', BIG, categories);
seededItems += await seedTenant('bench-small', SMALL, categories);
const seeded = (performance.now() - t0) / 1000;
console.log(`seeded ${BIG} + ${SMALL} clients (${seededItems} items) in ${seeded.toFixed(1)} s (${Math.round(seededItems / seeded)} items/s)`);

const measured = await measure([
  { id: 'bench-big', count: BIG },
  { id: 'bench-small', count: SMALL },
]);
console.log(
  `\n${'read (through the local HTTP API)'.padEnd(34)} ${`${BIG} clients p50/p95`.padStart(22)} ${`${SMALL} clients p50/p95`.padStart(22)}  ratio p50`,
);
for (const [name, [b, s]] of Object.entries(measured) as Array<[string, Array<{ p50: number; p95: number }>]>) {
  if (!b || !s) continue;
  console.log(
    `${name.padEnd(34)} ${`${b.p50.toFixed(1)} / ${b.p95.toFixed(1)} ms`.padStart(22)} ${`${s.p50.toFixed(1)} / ${s.p95.toFixed(1)} ms`.padStart(22)}  ${(b.p50 / s.p50).toFixed(2)}`,
  );
}

const headers = { authorization: `Bearer ${await tokenFor('bench-big')}`, 'content-type': 'application/json' };
const ids = Array.from({ length: 1000 }, (_, i) => `c${String(i * 37).padStart(6, '0')}`);
type MassAnswer = { counts: Record<string, number>; complete: boolean; remaining: number };
/**
 * A mass update repeated until it reports `complete` (each repeat continues where the time ran out),
 * with each answer's status, counts and what remained, and the total time.
 */
async function massUntilComplete(patch: Record<string, unknown>) {
  const rounds: string[] = [];
  const started = performance.now();
  let last: MassAnswer | undefined;
  for (let round = 0; round < 10 && !last?.complete; round++) {
    const response = await fetch(`${runtime.apiUrl}/v1/clients/mass-update`, { method: 'POST', headers, body: JSON.stringify({ clientIds: ids, patch }) });
    const body = (await response.json()) as MassAnswer;
    rounds.push(`${response.status} ${JSON.stringify(body.counts)} complete: ${body.complete}, remaining: ${body.remaining}`);
    if (response.status !== 200) break;
    last = body;
  }
  return { ms: performance.now() - started, rounds: rounds.join('; then ') };
}
const first = await massUntilComplete({ paymentTermsDays: 45, collectionsEnabled: false });
const again = await massUntilComplete({ paymentTermsDays: 45, collectionsEnabled: false });
const moved = await massUntilComplete({ categoryId: MOVE_TARGET });
const movedCounts = await deps.catalogs.clientCounts('bench-big', 'category', MOVE_TARGET);
// A GetItem reads exactly one item; if its latency still grows with the tenant, the emulator is why.
const getItemTimes = async (tenantId: string, count: number) => {
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    await deps.clients.get(tenantId, `c${String(pick(count, i)).padStart(6, '0')}`);
    samples.push(performance.now() - t);
  }
  return stats(samples);
};
const getBig = await getItemTimes('bench-big', BIG);
const getSmall = await getItemTimes('bench-small', SMALL);
console.log(
  `${'GetItem of one client (no HTTP)'.padEnd(34)} ${`${getBig.p50.toFixed(1)} / ${getBig.p95.toFixed(1)} ms`.padStart(22)} ${`${getSmall.p50.toFixed(1)} / ${getSmall.p95.toFixed(1)} ms`.padStart(22)}  ${(getBig.p50 / getSmall.p50).toFixed(2)}`,
);
// What a search adds: GetItems of keys that do not exist (forms that parse but match nothing) and a
// name-prefix query that starts deep inside the index partition.
const timed = async (fn: () => Promise<unknown>) => {
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return stats(samples);
};
const row = (label: string, b: { p50: number; p95: number }, s: { p50: number; p95: number }) =>
  console.log(
    `${label.padEnd(34)} ${`${b.p50.toFixed(1)} / ${b.p95.toFixed(1)} ms`.padStart(22)} ${`${s.p50.toFixed(1)} / ${s.p95.toFixed(1)} ms`.padStart(22)}  ${(b.p50 / s.p50).toFixed(2)}`,
  );
const missing = (tenantId: string) => timed(() => deps.clients.findBy(tenantId, 'customId', 'no-such-custom-id'));
row('GetItem of a missing key', await missing('bench-big'), await missing('bench-small'));
const deepPrefix = (tenantId: string) =>
  timed(() => deps.clients.list(tenantId, { scope: { kind: 'all' }, status: 'active', namePrefix: 'sofia silva' }, { limit: 10 }));
row('index query, prefix deep in list', await deepPrefix('bench-big'), await deepPrefix('bench-small'));
const earlyPrefix = (tenantId: string) =>
  timed(() => deps.clients.list(tenantId, { scope: { kind: 'all' }, status: 'active', namePrefix: 'alvaro' }, { limit: 10 }));
row('index query, prefix early in list', await earlyPrefix('bench-big'), await earlyPrefix('bench-small'));
const touchedBig = await itemsTouched('bench-big');
const touchedSmall = await itemsTouched('bench-small');
console.log(
  `\nitems read for one page (DynamoDB ScannedCount, Limit 25): ${BIG} clients ${JSON.stringify(touchedBig)}; ${SMALL} clients ${JSON.stringify(touchedSmall)}`,
);
console.log(
  "searches also do one GetItem per exact form tried (e-mail, each tax-id scheme that parses, custom id), all at once, then the term query and one BatchGetItem of the page's clients",
);
console.log('\nmass updates, each repeated until complete (a request that runs short of time answers 200 with what remains):');
console.log(
  `mass update of 1,000 clients: ${(first.ms / 1000).toFixed(2)} s (${first.rounds}); same request again: ${(again.ms / 1000).toFixed(2)} s (${again.rounds})`,
);
console.log(
  `mass move of the same 1,000 clients into one category (each write moves two usage counts): ${(moved.ms / 1000).toFixed(2)} s (${moved.rounds}); its usage counts are now ${JSON.stringify(movedCounts)}`,
);
console.log(`runtime process RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`);
await runtime.stop();
