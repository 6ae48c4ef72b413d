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
import { actorOf, runImportFunction, startStack, tenantWithRefs, uploadedJob, type BenchDeps, type ImportFunctionVariant, type Refs } from './import-stack.ts';

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
/** `--variant '{"writer":{…},"limits":{…}}'`: a third arm, the import function with other writer options or limits. */
const VARIANT = process.argv.includes('--variant') ? (JSON.parse(arg('variant', '{}')) as ImportFunctionVariant) : undefined;
const LAMBDA_SECONDS = process.argv.includes('--lambda-seconds') ? Number(arg('lambda-seconds', '300')) : undefined;

type ArmName = 'raw' | 'function' | 'variant';
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
        const outcomes = await runImportFunction(message.refs, LAMBDA_SECONDS, arm === 'variant' ? VARIANT : {});
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
  const arms: ArmName[] = VARIANT ? ['raw', 'function', 'variant'] : ['raw', 'function'];
  const imports = arms.filter((a) => a !== 'raw');
  const children: Partial<Record<ArmName, ChildProcess>> = {};
  try {
    const file = join(dir, `clients-${ROWS}.xlsx`);
    await generate(file, ROWS);
    for (const arm of arms) children[arm] = await spawnArm(arm);
    const taskOf = async (arm: ArmName, workbook: string): Promise<Task> => {
      const refs = await tenantWithRefs(stack.deps);
      return { refs: arm === 'raw' ? refs : await uploadedJob(stack.deps, refs, workbook), file: workbook };
    };
    if (WARMUP_ROWS) {
      const warmup = join(dir, 'warmup.xlsx');
      await generate(warmup, WARMUP_ROWS);
      for (const arm of arms) await ask(children[arm]!, await taskOf(arm, warmup));
    }
    /** Per round: raw rows/s on its sends and with parse and planning; each import arm's rows/s and its ratios to both. */
    const rates = { raw: [] as number[], rawTotal: [] as number[], load: [] as number[] };
    const imported = Object.fromEntries(imports.map((a) => [a, { rate: [] as number[], ratio: [] as number[], ratioTotal: [] as number[], rss: 0 }]));
    console.log(
      `${ROUNDS} rounds of ${ROWS} rows an arm, order rotating; load average (1 min) before each arm${VARIANT ? `; variant ${JSON.stringify(VARIANT)}` : ''}`,
    );
    for (let round = 0; round < ROUNDS; round++) {
      const order = arms.map((_, k) => arms[(round + k) % arms.length]!);
      const answers: Partial<Record<ArmName, Answer & { load: number }>> = {};
      for (const arm of order) {
        const task = await taskOf(arm, file);
        const load = loadavg()[0]!;
        answers[arm] = { ...(await ask(children[arm]!, task)), load };
        rates.load.push(load);
      }
      const raw = answers.raw!;
      const rawRate = (ROWS / raw.sendMs!) * 1000;
      const rawTotal = (ROWS / raw.ms) * 1000;
      rates.raw.push(rawRate);
      rates.rawTotal.push(rawTotal);
      const parts = [
        `raw ${rawRate.toFixed(1)} rows/s (${((raw.items! / raw.sendMs!) * 1000).toFixed(0)} items/s; ${rawTotal.toFixed(1)} with parse and planning)`,
      ];
      for (const arm of imports) {
        const answer = answers[arm]!;
        const outcomes = answer.outcomes as { status: string; created: number; continuations: number };
        if (outcomes.status !== 'completed' || outcomes.created !== ROWS) throw new Error(`${arm} arm: ${JSON.stringify(outcomes)}`);
        const rate = (ROWS / answer.ms) * 1000;
        const figures = imported[arm]!;
        figures.rate.push(rate);
        figures.ratio.push(rate / rawRate);
        figures.ratioTotal.push(rate / rawTotal);
        figures.rss = Math.max(figures.rss, answer.maxRssMb);
        parts.push(`${arm} ${rate.toFixed(1)} rows/s (${outcomes.continuations} continuations) → ${pct(rate / rawRate)} (${pct(rate / rawTotal)})`);
      }
      console.log(
        `round ${String(round + 1).padStart(2)} (${order.join(' → ')}): ${parts.join(', ')}; load ${order.map((a) => answers[a]!.load.toFixed(1)).join(' / ')}`,
      );
    }
    for (const arm of arms) {
      const { maxRssMb } = await ask(children[arm]!, 'exit');
      if (imported[arm]) imported[arm].rss = Math.max(imported[arm].rss, maxRssMb);
    }
    // The CPU profile is written as the process exits.
    await Promise.all(Object.values(children).map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    const spread = (v: number[]) => `${pct(Math.min(...v))}–${pct(Math.max(...v))}`;
    /** Rows over time summed across rounds: the harmonic mean of equal-sized rounds' rates. */
    const overall = (v: number[]) => v.length / v.reduce((n, r) => n + 1 / r, 0);
    console.log(`\nmedian: raw ${median(rates.raw).toFixed(1)} rows/s (${median(rates.rawTotal).toFixed(1)} with parse and planning)`);
    for (const arm of imports) {
      const f = imported[arm]!;
      console.log(
        `${arm}: median ${median(f.rate).toFixed(1)} rows/s; / raw sends: median of rounds ${pct(median(f.ratio))} (spread ${spread(f.ratio)}), of all rows ${pct(overall(f.rate) / overall(rates.raw))}; / raw with parse and planning: median ${pct(median(f.ratioTotal))} (spread ${spread(f.ratioTotal)}); peak RSS ${f.rss.toFixed(0)} MB`,
      );
    }
    console.log(`load average ${Math.min(...rates.load).toFixed(1)}–${Math.max(...rates.load).toFixed(1)} (median ${median(rates.load).toFixed(1)})`);
  } finally {
    for (const child of Object.values(children)) if (child.exitCode === null) child.kill();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (ARM) await armProcess(ARM as ArmName);
else await main();
