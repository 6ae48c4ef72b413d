/**
 * The import function end to end against raw BatchWriteItem of the same items, side by side (issue 10,
 * "Performance"): on this shared machine the load drifts 2× within minutes, so the arms alternate round by round
 * (the order rotating) and each is timed on its own; only ratios taken this way mean anything.
 *   raw      — BatchWriteItem (25 puts a request, 8 in flight) of every item a create writes (the client, its
 *              guards, history and search terms, planned by the API's own code from the same workbook's rows),
 *              timed on the sends alone (the strict ceiling) and with parsing and planning;
 *   function — the import function's handler on the S3 event of the same workbook uploaded to s3rver for a
 *              pending job (package check, streaming parse, header mapping, validation, matching, the writer,
 *              failed rows and a checkpoint per batch, the closing e-mail), then the sweeper while it hands on.
 * Each round both arms import --rows new clients into fresh tenants of their own, so both write creates. Each arm
 * runs in a long-lived child process (a warm Lambda): the function arm's peak RSS is its own, and
 * `--cpu-prof <dir>` profiles it alone.
 *   node bench/import/function-ab.bench.ts [--rounds 10 --rows 500 --warmup-rows 100 --lambda-seconds 300 --cpu-prof /tmp/prof]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { planClientCreate } from '../../domain/clients/client.use-cases.ts';
import { importRecordId } from '../../domain/imports/rows.ts';
import { createItems, type TransactItem } from '../../functions/adapters/dynamodb/client-import-items.ts';
import { readingReferencesOnce } from '../../functions/adapters/dynamodb/client-import.writer.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';
import { clientOf, generate, readRows } from './clients-workbook.ts';
import { actorOf, runImportFunction, startStack, tenantWithRefs, uploadedJob, type BenchDeps, type Refs } from './import-stack.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const ROUNDS = Number(arg('rounds', '10'));
const ROWS = Number(arg('rows', '500'));
const ARM = arg('arm', '');
/** Rows of the untimed first round of each arm (module loading, JIT, connections: a warm Lambda has them). */
const WARMUP_ROWS = Number(arg('warmup-rows', '100'));
const CPU_PROF = arg('cpu-prof', '');
const LAMBDA_SECONDS = process.argv.includes('--lambda-seconds') ? Number(arg('lambda-seconds', '300')) : undefined;

type ArmName = 'raw' | 'function';
interface Task {
  refs: Refs;
  file: string;
}
interface Answer {
  ms: number;
  /** raw: the sends alone. */
  sendMs?: number;
  items?: number;
  outcomes?: Record<string, unknown>;
  maxRssMb: number;
}

/** The raw arm's round: every item of the workbook's creates planned (untimed apart), then sent 25 a request, 8 in flight. */
async function rawRound(deps: BenchDeps, { refs, file }: Task): Promise<Omit<Answer, 'maxRssMb'>> {
  const started = performance.now();
  const actor = actorOf(refs.tenantId);
  const jobId = ulid();
  const plan = planClientCreate(readingReferencesOnce(deps));
  const puts: TransactItem[] = [];
  for await (const { row, cells } of readRows(file)) {
    const { client, history } = await plan(actor, clientOf(cells, refs), { source: 'import', importJobId: jobId }, importRecordId(jobId, row));
    puts.push(...createItems(deps.data, client, history).items.filter((i) => i.Put));
  }
  const sendStart = performance.now();
  let next = 0;
  const sender = async () => {
    while (next < puts.length) {
      const chunk = puts.slice(next, next + 25);
      next += 25;
      let requests = chunk.map((p) => ({ PutRequest: { Item: p.Put!.Item! } }));
      for (let attempt = 0; requests.length; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, 20 * attempt));
        const answer = await deps.document.send(new BatchWriteCommand({ RequestItems: { [deps.config.tableName]: requests } }));
        requests = (answer.UnprocessedItems?.[deps.config.tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, sender));
  const ended = performance.now();
  return { ms: ended - started, sendMs: ended - sendStart, items: puts.length };
}

/** A child process running one arm's rounds as the parent sends them. */
async function armProcess(arm: ArmName) {
  const deps = createDependencies(readConfig());
  process.on('message', async (message: Task | 'exit') => {
    if (message === 'exit') {
      process.send!({ maxRssMb: process.resourceUsage().maxRSS / 1024 }, undefined, {}, () => process.exit(0));
      return;
    }
    try {
      let answer: Omit<Answer, 'maxRssMb'>;
      if (arm === 'raw') answer = await rawRound(deps, message);
      else {
        const started = performance.now();
        const outcomes = await runImportFunction(message.refs, LAMBDA_SECONDS);
        answer = { ms: performance.now() - started, outcomes };
      }
      process.send!({ ...answer, maxRssMb: process.resourceUsage().maxRSS / 1024 });
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  });
  process.send!('ready');
}

function spawnArm(arm: ArmName): Promise<ChildProcess> {
  const execArgv = [...process.execArgv, ...(arm === 'function' && CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [])];
  const child = fork(process.argv[1]!, [...process.argv.slice(2), '--arm', arm], { env: process.env, execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${arm} exited ${code}`)));
  });
}

function ask(child: ChildProcess, message: Task | 'exit'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`arm exited ${code}`));
    child.once('exit', onExit);
    child.once('message', (answer: Answer) => {
      child.off('exit', onExit);
      resolve(answer);
    });
    child.send(message);
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const pct = (v: number) => `${(v * 100).toFixed(0)} %`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-function-ab-'));
  const stack = await startStack(dir, 'bench-function-ab');
  const children: Partial<Record<ArmName, ChildProcess>> = {};
  try {
    const file = join(dir, `clients-${ROWS}.xlsx`);
    await generate(file, ROWS);
    children.raw = await spawnArm('raw');
    children.function = await spawnArm('function');
    if (WARMUP_ROWS) {
      const warmup = join(dir, 'warmup.xlsx');
      await generate(warmup, WARMUP_ROWS);
      await ask(children.raw, { refs: await tenantWithRefs(stack.deps), file: warmup });
      await ask(children.function, { refs: await uploadedJob(stack.deps, await tenantWithRefs(stack.deps), warmup), file: warmup });
    }
    const rates: Record<'raw' | 'rawTotal' | 'function' | 'ratio' | 'ratioTotal' | 'load', number[]> = {
      raw: [],
      rawTotal: [],
      function: [],
      ratio: [],
      ratioTotal: [],
      load: [],
    };
    let functionRss = 0;
    console.log(`${ROUNDS} rounds of ${ROWS} rows an arm, order rotating; load average (1 min) before each arm`);
    for (let round = 0; round < ROUNDS; round++) {
      const order: ArmName[] = round % 2 ? ['function', 'raw'] : ['raw', 'function'];
      const answers: Partial<Record<ArmName, Answer & { load: number }>> = {};
      for (const arm of order) {
        const refs = await tenantWithRefs(stack.deps);
        const task = { refs: arm === 'function' ? await uploadedJob(stack.deps, refs, file) : refs, file };
        const load = loadavg()[0]!;
        answers[arm] = { ...(await ask(children[arm]!, task)), load };
      }
      const raw = answers.raw!;
      const fn = answers.function!;
      const outcomes = fn.outcomes as { status: string; created: number; failed: number; continuations: number };
      if (outcomes.status !== 'completed' || outcomes.created !== ROWS) throw new Error(`function arm: ${JSON.stringify(outcomes)}`);
      functionRss = Math.max(functionRss, fn.maxRssMb);
      const r = { raw: (ROWS / raw.sendMs!) * 1000, rawTotal: (ROWS / raw.ms) * 1000, function: (ROWS / fn.ms) * 1000 };
      rates.raw.push(r.raw);
      rates.rawTotal.push(r.rawTotal);
      rates.function.push(r.function);
      rates.ratio.push(r.function / r.raw);
      rates.ratioTotal.push(r.function / r.rawTotal);
      rates.load.push(raw.load, fn.load);
      console.log(
        `round ${String(round + 1).padStart(2)} (${order.join(' → ')}): raw ${r.raw.toFixed(1)} rows/s (${((raw.items! / raw.sendMs!) * 1000).toFixed(0)} items/s; ${r.rawTotal.toFixed(1)} with parse and planning), function ${r.function.toFixed(1)} rows/s (${outcomes.continuations} continuations) → ${pct(r.function / r.raw)} (${pct(r.function / r.rawTotal)}); load ${raw.load.toFixed(1)} / ${fn.load.toFixed(1)}`,
      );
    }
    const fnExit = await ask(children.function, 'exit');
    await ask(children.raw, 'exit');
    // The CPU profile is written as the process exits.
    await Promise.all(Object.values(children).map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    functionRss = Math.max(functionRss, fnExit.maxRssMb);
    const spread = (v: number[]) => `${pct(Math.min(...v))}–${pct(Math.max(...v))}`;
    console.log(
      `\nmedian: raw ${median(rates.raw).toFixed(1)} rows/s (${median(rates.rawTotal).toFixed(1)} with parse and planning), function ${median(rates.function).toFixed(1)} rows/s`,
    );
    console.log(
      `function / raw sends: median of rounds ${pct(median(rates.ratio))} (spread ${spread(rates.ratio)}), of all rows ${pct(rates.function.length / rates.function.reduce((n, v) => n + 1 / v, 0) / (rates.raw.length / rates.raw.reduce((n, v) => n + 1 / v, 0)))}`,
    );
    console.log(`function / raw with parse and planning: median ${pct(median(rates.ratioTotal))} (spread ${spread(rates.ratioTotal)})`);
    console.log(
      `function arm peak RSS ${functionRss.toFixed(0)} MB; load average ${Math.min(...rates.load).toFixed(1)}–${Math.max(...rates.load).toFixed(1)} (median ${median(rates.load).toFixed(1)})`,
    );
  } finally {
    for (const child of Object.values(children)) if (child.exitCode === null) child.kill();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (ARM) await armProcess(ARM as ArmName);
else await main();
