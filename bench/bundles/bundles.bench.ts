/**
 * Per catalogued function: the size of the bundle CDK deploys (built with the same esbuild options,
 * infra/constructs/lambda-bundling.ts) and the median time to import it in a fresh Node process, with
 * and without `--enable-source-maps` (Lambda ran with it until the bundles stopped linking their map: both
 * columns now measure the deployed import; lazy-source-maps.ts), over 11 processes each, next to an empty
 * module's import. Import = load, parse and run the module's top level (clients, Logger, wiring): what
 * a cold start adds to Node's own start. Compare runs on the same machine as ratios.
 *   npm run bench:bundles [-- --runs 11] [--only clients-api] [--why clients-api]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionCatalogue } from '../../functions/catalogue.ts';
import { bundleFunction, HTTP_BUNDLE_BUDGET_BYTES, writeBundle } from '../../infra/constructs/lambda-bundles.ts';
import { coldStartEnv } from './cold-start-env.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg('runs')) || 11;
const why = arg('why');
const only = arg('only');

const env = coldStartEnv;
const dir = mkdtempSync(join(tmpdir(), 'cobranza-bundles-'));

/**
 * Wall and CPU milliseconds (user + system, every thread) from just before `import()` to its settling,
 * in a new process. On a shared machine the wall time swings with load; the CPU time much less.
 */
function importCost(file: string, sourceMaps: boolean): { wall: number; cpu: number } {
  const probe =
    `const t = performance.now(), c = process.cpuUsage(); await import(${JSON.stringify(pathToFileURL(file).href)});` +
    ` const u = process.cpuUsage(c); console.log(performance.now() - t, (u.user + u.system) / 1000);`;
  const args = [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', probe];
  const [wall, cpu] = execFileSync(process.execPath, args, { env, encoding: 'utf8' }).trim().split(' ').map(Number);
  return { wall: wall!, cpu: cpu! };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** `wall ms (cpu ms)`, each the median of `runs` fresh processes. */
function medianImport(file: string, sourceMaps: boolean): string {
  const costs = Array.from({ length: runs }, () => importCost(file, sourceMaps));
  return `${median(costs.map((c) => c.wall)).toFixed(0)} ms (${median(costs.map((c) => c.cpu)).toFixed(0)})`;
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

try {
  const empty = join(dir, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const rows = [['function', 'trigger', 'bundle', 'source map', 'import (cpu)', 'import + maps (cpu)', 'largest parts']];
  rows.push(['(empty module)', '', '0 KB', '', medianImport(empty, false), medianImport(empty, true), '']);
  for (const spec of functionCatalogue.filter((f) => !only || f.name === only)) {
    const bundle = await bundleFunction(spec);
    const fnDir = join(dir, spec.name);
    const file = writeBundle(fnDir, bundle, spec);
    const largest = [...bundle.bytesBySource].sort((a, b) => b[1] - a[1]);
    rows.push([
      spec.name,
      spec.trigger.type,
      kb(bundle.code.byteLength),
      kb(bundle.sourceMap.byteLength),
      medianImport(file, false),
      medianImport(file, true),
      largest
        .slice(0, 4)
        .map(([source, bytes]) => `${source} ${kb(bytes)}`)
        .join(', '),
    ]);
    if (why === spec.name) {
      console.log(`${spec.name}: bytes of the bundle by source`);
      for (const [source, bytes] of largest) console.log(`  ${kb(bytes).padStart(7)}  ${source}`);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(line(rows[0]!));
  console.log(`| ${widths.map((w, i) => (i >= 2 && i <= 5 ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(
    `\nimport: median wall time of ${runs} fresh processes (median CPU time in brackets); Node ${process.version}; HTTP budget ${kb(HTTP_BUNDLE_BUDGET_BYTES)} (test/infra/bundles.test.ts)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
