/**
 * Where a cold import of each bundle spends its CPU. Builds each catalogued function with the deployed
 * esbuild options but whitespace kept (same code, one statement a line, with esbuild's `// <file>` marks),
 * imports it in fresh processes under `--cpu-prof`, and sums the sampled self time by the package
 * (`node_modules/<pkg>`) or project folder each line came from (by file with `--by file`). Node's own
 * frames are grouped by function: `compileSourceTextModule` is parsing the bundle, for example.
 *   node bench/bundles/profile.bench.ts [--only clients-api] [--runs 5] [--by file] [--top 25]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const runs = Number(arg('runs')) || 5;
const only = arg('only');
const byFile = arg('by') === 'file';
const top = Number(arg('top')) || 20;

const env = coldStartEnv;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  positionTicks?: { line: number; ticks: number }[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The source of every line of an unminified bundle, from esbuild's `// path` marks. */
function lineSources(code: string): string[] {
  let current = '(bundle)';
  return code.split('\n').map((line) => {
    const mark = /^\s*\/\/ ((?:node_modules|functions|domain|infra)\/\S+)$/.exec(line);
    if (mark) current = byFile ? mark[1]!.replace(/^node_modules\//, '') : sourceOf(mark[1]!);
    return current;
  });
}

/** Self milliseconds by key over every profile in `profDir`, split by line where V8 recorded lines. */
function selfTimes(profDir: string, url: string, sources: string[]): Map<string, number> {
  const totals = new Map<string, number>();
  const add = (key: string, ms: number) => totals.set(key, (totals.get(key) ?? 0) + ms);
  for (const name of readdirSync(profDir)) {
    const profile = JSON.parse(readFileSync(join(profDir, name), 'utf8')) as Profile;
    const selfMs = new Map<number, number>();
    profile.samples.forEach((id, k) => {
      selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000);
    });
    for (const node of profile.nodes) {
      const ms = selfMs.get(node.id) ?? 0;
      if (!ms) continue;
      const frame = node.callFrame;
      if (frame.url !== url) {
        add(frame.url ? `(node) ${frame.functionName || 'anonymous'}` : frame.functionName || '(anonymous)', ms);
        continue;
      }
      const ticks = node.positionTicks ?? [];
      const all = ticks.reduce((s, t) => s + t.ticks, 0);
      if (!all) add(sources[frame.lineNumber] ?? '(bundle)', ms);
      else for (const t of ticks) add(sources[t.line - 1] ?? '(bundle)', (ms * t.ticks) / all);
    }
  }
  return totals;
}

const dir = mkdtempSync(join(tmpdir(), 'cobranza-profile-'));
try {
  const empty = join(dir, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const targets = [{ name: '(empty module)', file: empty, sources: [] as string[] }];
  for (const spec of functionCatalogue.filter((f) => !only || f.name === only)) {
    const result = await build({ ...esbuildOptions(spec.entry), minify: false, minifySyntax: true, minifyIdentifiers: true, sourcemap: false });
    const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))!;
    // Laid out as deployed (docs-api reads the Swagger UI files shipped beside it); no map: none is linked.
    const bundle = { name: spec.name, code: code.contents, sourceMap: new Uint8Array(), bytesBySource: new Map(), inputs: [] };
    const file = writeBundle(join(dir, spec.name), bundle, spec);
    targets.push({ name: spec.name, file, sources: lineSources(code.text) });
  }
  for (const { name, file, sources } of targets) {
    const url = pathToFileURL(file).href;
    const profDir = join(dir, `${name}-prof`);
    const probe = `await import(${JSON.stringify(url)});`;
    for (let i = 0; i < runs; i++)
      execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', profDir, '--input-type=module', '-e', probe], { env });
    const totals = selfTimes(profDir, url, sources);
    const sum = [...totals.values()].reduce((a, b) => a + b, 0);
    const ms = (x: number) => (x / runs).toFixed(1).padStart(6);
    console.log(`\n${name}: ${ms(sum)} ms sampled per process (mean of ${runs}), self time by ${byFile ? 'file' : 'source'}`);
    for (const [key, x] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(x)} ms  ${key}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
