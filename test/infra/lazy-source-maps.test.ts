import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { findFunction } from '../../functions/catalogue.ts';
import { bundleFunction } from '../../infra/constructs/lambda-bundles.ts';
import { esbuildOptions } from '../../infra/constructs/lambda-bundling.ts';

const entry = 'test/infra/fixtures/throwing-entry.ts';
/** The fixture's bundle built as every function's is (the mapper comes with config.ts). */
const lazyBuild = () => build(esbuildOptions(entry));
const dir = mkdtempSync(join(tmpdir(), 'cobranza-lazy-maps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a build's bundle (as `codeFile`; and, unless told not to, its map) into `dir/<name>/`. */
function write(name: string, files: { path: string; contents: Uint8Array }[], withMap = true, codeFile = 'index.mjs') {
  mkdirSync(join(dir, name), { recursive: true });
  for (const file of files) {
    const isMap = file.path.endsWith('.map');
    if (!isMap || withMap) writeFileSync(join(dir, name, isMap ? 'index.mjs.map' : codeFile), file.contents);
  }
  return join(dir, name, codeFile);
}

/** The stack of the fixture's failure, imported in a fresh Node; `beforeStack` runs after the import, before the stack is formatted. */
function stackOf(bundle: string, nodeFlags: string[], beforeStack = '') {
  const probe =
    `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)}); ${beforeStack}` +
    ' try { await handler([1, 20]); } catch (error) { console.log(error.stack); }';
  return execFileSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', probe], { encoding: 'utf8', env: { PATH: process.env.PATH } }).trim();
}

/** Minified names (two characters at most) differ between two builds; the rest of a frame must not. */
const unminified = (stack: string) => stack.replace(/^(\s+at (?:async |new )?)[\w$]{1,2}(?=[. ])/gm, '$1<min>');

describe('stack traces mapped on first use (lazy-source-maps.ts)', () => {
  it('deploys bundles that do not link their map, with the map beside them and the mapper in them', async () => {
    const bundle = await bundleFunction(findFunction('clients-api'));
    const code = new TextDecoder().decode(bundle.code);
    expect(bundle.inputs).toContain('functions/adapters/lazy-source-maps.ts');
    expect(code).not.toContain('sourceMappingURL');
    expect(JSON.parse(new TextDecoder().decode(bundle.sourceMap)).sources).toEqual(expect.arrayContaining(['../../functions/http/clients-api.handler.ts']));
  }, 60_000);

  it('writes the stack Node writes under --enable-source-maps for a linked map, frame by frame', async () => {
    const lazy = await lazyBuild();
    // The same code as Node maps it itself: map linked, the flag on, and the file named `.js` (an ES module
    // all the same), which the mapper takes for sources and leaves to Node; `bb` keeps the probe's length.
    const linked = await build({ ...esbuildOptions(entry), sourcemap: 'linked' });
    const ours = stackOf(write('a', lazy.outputFiles), []);
    const nodes = stackOf(write('bb', linked.outputFiles, true, 'index.js'), ['--enable-source-maps']);
    expect(ours).toContain(`throwing-entry.ts:10:`);
    expect(ours.split('\n')).toHaveLength(nodes.split('\n').length);
    expect(unminified(ours)).toBe(unminified(nodes));
  });

  it('reads the map when a stack is formatted, not when the bundle loads', async () => {
    const lazy = await lazyBuild();
    const bundle = write('c', lazy.outputFiles, false);
    const map = lazy.outputFiles.find((f) => f.path.endsWith('.map'))!;
    // The map appears only after the import: a mapper that read it at load would have found none.
    const stack = stackOf(bundle, [], `(await import('node:fs')).writeFileSync(${JSON.stringify(`${bundle}.map`)}, ${JSON.stringify(map.text)});`);
    expect(stack).toMatch(/at postAll \(.*throwing-entry\.ts:17:\d+\)/);
  });

  it('writes V8 frames unchanged when the map is missing', async () => {
    const lazy = await lazyBuild();
    const stack = stackOf(write('d', lazy.outputFiles, false), []);
    expect(stack).toMatch(/^RangeError: amount 20 over 10\n\s+at \S+ \(file:\/\/.*index\.mjs:\d+:\d+\)/);
    expect(stack).not.toContain('.ts:');
  });
});
