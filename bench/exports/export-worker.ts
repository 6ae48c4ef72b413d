/**
 * One run of the export-runner function in a process of its own (as its Lambda would be), so its peak
 * memory is its own, not the bench's, s3rver's or the seeding's. Reads the function environment as JSON on
 * stdin, loads the catalogued handler (timed apart, as Lambda's init), invokes it once, prints the report, times and
 * `maxRSS` as one JSON line.
 */
import { findFunction } from '../../functions/catalogue.ts';
import { invokeFunction, loadHandler } from '../../scripts/local/handlers.ts';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
Object.assign(process.env, JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>);
const spec = findFunction('export-runner');
// The cold start apart (module load, as Lambda's init phase), so `ms` is the export itself.
const loading = performance.now();
await loadHandler(spec);
const coldStartMs = performance.now() - loading;
const started = performance.now();
const report = await invokeFunction(spec, { time: new Date().toISOString() });
const ms = performance.now() - started;
console.log(JSON.stringify({ report, ms, coldStartMs, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
