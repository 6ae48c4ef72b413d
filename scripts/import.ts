/**
 * `npm run import -- <file.xlsx> --type clients [--mode upsert|create|update] [--dry-run] [--create-missing]
 *  [--tenant demo] [--user admin] [--lang es|en]`: imports a workbook into the running local stack the way a
 * user does through the API (create the job, PUT the file to its upload URL, follow the job), with a progress
 * line until the job ends, then the summary and, when rows failed, the error workbook saved beside the file.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { localToken } from './local/dev-token.ts';
import { flag, runningStack } from './local/running-stack.ts';

const args = process.argv.slice(2);
const valued = new Set(['--type', '--mode', '--tenant', '--user', '--lang']);
const file = args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
if (!file) {
  console.error('usage: npm run import -- <file.xlsx> --type clients [--mode upsert|create|update] [--dry-run] [--create-missing] [--lang es|en]');
  process.exit(2);
}
const { apiUrl } = runningStack();
const lang = flag(args, 'lang') ?? 'es';
const token = await localToken(flag(args, 'tenant') ?? 'demo', flag(args, 'user') ?? 'admin');
const headers = { authorization: `Bearer ${token}`, 'accept-language': lang, 'content-type': 'application/json' };

const fail = (what: string, status: number, body: unknown) => {
  console.error(`${what}: HTTP ${status}\n${JSON.stringify(body, null, 2)}`);
  process.exit(1);
};

const created = await fetch(`${apiUrl}/v1/imports`, {
  method: 'POST',
  headers: { ...headers, 'idempotency-key': crypto.randomUUID() },
  body: JSON.stringify({
    type: flag(args, 'type') ?? 'clients',
    mode: flag(args, 'mode') ?? 'upsert',
    dryRun: args.includes('--dry-run'),
    createMissingReferences: args.includes('--create-missing'),
    fileName: basename(file),
    sizeBytes: statSync(file).size,
  }),
});
const started = (await created.json()) as {
  job: { id: string };
  upload: { url: string; method: string; contentType: string; headers?: Record<string, string> };
};
if (!created.ok) fail('could not create the import job', created.status, started);

const put = await fetch(started.upload.url, {
  method: started.upload.method,
  headers: { 'content-type': started.upload.contentType, 'content-length': String(statSync(file).size), ...started.upload.headers },
  body: readFileSync(file),
});
if (!put.ok) fail('the upload was refused', put.status, await put.text());

interface JobView {
  status: string;
  progress?: Record<string, number>;
  failure?: { code: string; message: { es: string; en: string } };
  errorWorkbook?: { url: string };
  [key: string]: unknown;
}
const terminal = new Set(['completed', 'completed_with_errors', 'failed']);
const words = lang === 'en' ? ['read', 'created', 'updated', 'unchanged', 'failed'] : ['leídas', 'creadas', 'actualizadas', 'sin cambios', 'con error'];
const counts = (p: Record<string, number> = {}) =>
  ['rowsRead', 'created', 'updated', 'unchanged', 'failed'].map((k, i) => `${words[i]} ${p[k] ?? 0}`).join(' · ');
let job: JobView;
const began = Date.now();
for (;;) {
  const res = await fetch(`${apiUrl}/v1/imports/${started.job.id}`, { headers });
  job = (await res.json()) as JobView;
  if (!res.ok) fail('could not read the job', res.status, job);
  const seconds = ((Date.now() - began) / 1000).toFixed(0);
  process.stdout.write(`\r${job.status.padEnd(22)} ${counts(job.progress)}  ${seconds}s   `);
  if (terminal.has(job.status)) break;
  await new Promise((r) => setTimeout(r, 500));
}
process.stdout.write('\n');
console.log(`job ${started.job.id}: ${job.status}${job.failure ? ` — ${job.failure.message[lang === 'en' ? 'en' : 'es']}` : ''}\n${counts(job.progress)}`);
if (job.errorWorkbook?.url) {
  const res = await fetch(job.errorWorkbook.url);
  const out = join(dirname(file), `${basename(file, '.xlsx')}.errores-${started.job.id}.xlsx`);
  writeFileSync(out, Buffer.from(await res.arrayBuffer()));
  console.log(`${lang === 'en' ? 'rows that failed, with the reason for each' : 'filas con error, con el motivo de cada una'}: ${out}`);
}
process.exit(job.status === 'failed' ? 1 : 0);
