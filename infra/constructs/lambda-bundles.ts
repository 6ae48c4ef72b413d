import { build, type Metafile } from 'esbuild';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionSpec } from '../../functions/catalogue.ts';
import { esbuildOptions, projectRoot } from './lambda-bundling.ts';

/** Every HTTP function's bundle stays at or under this (design principle 9; checked by test/infra/bundles.test.ts). */
export const HTTP_BUNDLE_BUDGET_BYTES = 800 * 1024;
/**
 * An HTTP function that declares `workbooks` (exceljs's streaming writer, ≈ 350 KB with archiver) stays at
 * or under this instead: measured 1,130 KB for import-templates (decision "Import templates").
 */
export const WORKBOOK_HTTP_BUNDLE_BUDGET_BYTES = 1_200 * 1024;

export interface LambdaBundle {
  name: string;
  /** The deployed `index.mjs` and its source map, as CDK writes them. */
  code: Uint8Array;
  sourceMap: Uint8Array;
  /** Bytes of the minified output by package (`node_modules/<pkg>`) or project folder. */
  bytesBySource: Map<string, number>;
  /** Every file that contributed to the output, relative to the project root. */
  inputs: string[];
}

/** `node_modules/@aws-sdk/client-s3/dist-es/…` → `@aws-sdk/client-s3`; `functions/http/x.ts` → `functions/http`. */
export function sourceOf(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return pkg ? pkg[1]! : input.split('/').slice(0, -1).join('/') || input;
}

/** Builds one catalogued function in memory with exactly the options CDK uses (lambda-bundling.ts). */
export async function bundleFunction(spec: Pick<FunctionSpec, 'name' | 'entry' | 'nativeModules'>): Promise<LambdaBundle> {
  const result = await build(esbuildOptions(spec.entry, spec.nativeModules));
  const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))!;
  const map = result.outputFiles.find((f) => f.path.endsWith('.mjs.map'))!;
  const output = Object.entries((result.metafile as Metafile).outputs).find(([path]) => path.endsWith('.mjs'))![1];
  const bytesBySource = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const source = sourceOf(input);
    bytesBySource.set(source, (bytesBySource.get(source) ?? 0) + bytesInOutput);
  }
  return { name: spec.name, code: code.contents, sourceMap: map.contents, bytesBySource, inputs: Object.keys(output.inputs) };
}

/**
 * Lays a bundle out in `dir` as the deployed asset holds it: `index.mjs`, its map, and the package files
 * the function ships beside it (docs-api's Swagger UI, copied by AppFunction's afterBundling hook).
 */
export function writeBundle(dir: string, bundle: LambdaBundle, spec: Pick<FunctionSpec, 'packageFiles' | 'nativeModules'>): string {
  mkdirSync(dir, { recursive: true });
  // Native modules are installed beside the deployed bundle (node_modules/); here the project's stand in.
  if (spec.nativeModules?.length) symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'index.mjs'), bundle.code);
  writeFileSync(join(dir, 'index.mjs.map'), bundle.sourceMap);
  const shipped = spec.packageFiles;
  if (shipped) {
    mkdirSync(join(dir, shipped.into), { recursive: true });
    for (const file of shipped.files) copyFileSync(join('node_modules', shipped.package, file), join(dir, shipped.into, file));
  }
  return join(dir, 'index.mjs');
}
