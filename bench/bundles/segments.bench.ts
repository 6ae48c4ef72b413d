/**
 * CPU time of each source file's top-level code in a cold import, which a sampling profile cannot split
 * (esbuild joins every ES module's top level into one function, so zod's work building a schema shows as
 * zod's). Builds the bundle unminified with the deployed options, puts a mark before each top-level file
 * of it, imports it in fresh processes and charges the CPU time between two marks to the file the first
 * opens (schemas, entities, clients built at import). Medians over the runs; compare as shares.
 *   node bench/bundles/segments.bench.ts --only clients-api [--runs 11] [--top 30] [--by source]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { functionCatalogue } from '../../functions/catalogue.ts';
import { sourceOf, writeBundle } from '../../infra/constructs/lambda-bundles.ts';
import { esbuildOptions } from '../../infra/constructs/lambda-bundling.ts';
import { coldStartEnv } from './cold-start-env.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg('runs')) || 11;
const only = arg('only');
const top = Number(arg('top')) || 30;
const bySource = arg('by') === 'source';

/** Marks each file's top-level code (a `// file` line at column 0) with a call that records the CPU clock. */
function marked(code: string): string {
  const lines = code.split('\n').map((line) => {
    const mark = /^\/\/ ((?:node_modules|functions|domain|infra)\/\S+)$/.exec(line);
    if (!mark) return line;
    const key = bySource ? sourceOf(mark[1]!) : mark[1]!.replace(/^node_modules\//, '');
    return `globalThis.__segment?.(${JSON.stringify(key)});\n${line}`;
  });
  return lines.join('\n');
}
const probe = (url: string) =>
  `const marks = []; const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };` +
  ` globalThis.__segment = (key) => marks.push([key, cpu()]); marks.push(['(before the first file)', cpu()]);` +
  ` await import(${JSON.stringify(url)}); marks.push(['(end)', cpu()]);` +
  ` const by = {}; for (let i = 0; i + 1 < marks.length; i++) by[marks[i][0]] = (by[marks[i][0]] ?? 0) + marks[i + 1][1] - marks[i][1];` +
  ` console.log(JSON.stringify(by));`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dir = mkdtempSync(join(tmpdir(), 'cobranza-segments-'));
try {
  for (const spec of functionCatalogue.filter((f) => !only || f.name === only)) {
    const result = await build({ ...esbuildOptions(spec.entry), minify: false, minifySyntax: true, minifyIdentifiers: true, sourcemap: false });
    const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))!;
    const bundle = { name: spec.name, code: new TextEncoder().encode(marked(code.text)), sourceMap: new Uint8Array(), bytesBySource: new Map(), inputs: [] };
    const file = writeBundle(join(dir, spec.name), bundle, spec);
    const samples = new Map<string, number[]>();
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe(pathToFileURL(file).href)], { env: coldStartEnv, encoding: 'utf8' });
      for (const [key, ms] of Object.entries(JSON.parse(out) as Record<string, number>)) samples.set(key, [...(samples.get(key) ?? []), ms]);
    }
    const rows = [...samples].map(([key, xs]) => [key, median([...xs, ...Array(runs - xs.length).fill(0)])] as const).sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((s, [, ms]) => s + ms, 0);
    console.log(`\n${spec.name}: ${total.toFixed(1)} ms of CPU in top-level code (sum of per-file medians of ${runs} imports)`);
    for (const [key, ms] of rows.slice(0, top)) console.log(`  ${ms.toFixed(1).padStart(6)} ms  ${key}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
