import { App, Stack } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findFunction, functionCatalogue, type FunctionSpec } from '../../functions/catalogue.ts';
import { AppFunction } from '../../infra/constructs/app-function.ts';
import {
  bundleFunction,
  HTTP_BUNDLE_BUDGET_BYTES,
  type LambdaBundle,
  WORKBOOK_HTTP_BUNDLE_BUDGET_BYTES,
  writeBundle,
} from '../../infra/constructs/lambda-bundles.ts';
import { esbuildOptions } from '../../infra/constructs/lambda-bundling.ts';

/**
 * The bundles CDK deploys, built in memory with the same options (lambda-bundling.ts). Sizes are
 * deterministic, so they are asserted here; import times are measured by `npm run bench:bundles`.
 */
const bundles = new Map<string, LambdaBundle>();
beforeAll(async () => {
  for (const bundle of await Promise.all(functionCatalogue.map(bundleFunction))) bundles.set(bundle.name, bundle);
}, 180_000);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const largest = (bundle: LambdaBundle) =>
  [...bundle.bytesBySource]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([source, bytes]) => `${source} ${kb(bytes)}`)
    .join(', ');
const packagesOf = (bundle: LambdaBundle) => [...bundle.bytesBySource.keys()].filter((source) => !source.includes('/') || source.startsWith('@'));

/** What each grant lets a function use, and so bundle: a client for a service it may not call is dead weight. */
const allowedBy: Array<{ pkg: string; allowed: (spec: FunctionSpec) => boolean }> = [
  { pkg: 'exceljs', allowed: (spec) => spec.workbooks === true || spec.grants.uploads === 'read' || spec.grants.uploads === 'readWrite' },
  { pkg: '@aws-sdk/client-s3', allowed: (spec) => spec.grants.uploads !== undefined || spec.grants.clientImages === 'process' },
  { pkg: '@aws-sdk/client-sesv2', allowed: (spec) => spec.grants.sendEmail === true },
  { pkg: '@aws-sdk/client-cognito-identity-provider', allowed: (spec) => spec.grants.userDirectory !== undefined },
  {
    pkg: '@aws-sdk/client-secrets-manager',
    allowed: (spec) => spec.grants.cursorKey === true || spec.grants.portalKey === true || spec.grants.agency !== undefined,
  },
  { pkg: '@aws-sdk/client-dynamodb', allowed: (spec) => spec.grants.table !== undefined },
  { pkg: '@aws-sdk/client-lambda', allowed: (spec) => spec.grants.invokeSelf === true },
];

const httpFunctions = functionCatalogue.filter((spec) => spec.trigger.type === 'http' && !spec.workbooks);
/** HTTP functions that write or read workbooks: exceljs allowed, under their own budget. */
const workbookHttpFunctions = functionCatalogue.filter((spec) => spec.trigger.type === 'http' && spec.workbooks);

describe('Lambda bundles', () => {
  it.each(httpFunctions.map((spec) => spec.name))('keeps the %s bundle within the HTTP budget and free of exceljs', (name) => {
    const bundle = bundles.get(name)!;
    expect(
      bundle.inputs.filter((input) => input.includes('swagger-ui')),
      `${name} bundles Swagger UI`,
    ).toEqual([]);
    expect(packagesOf(bundle), `${name} bundles exceljs: ${largest(bundle)}`).not.toContain('exceljs');
    expect(bundle.code.byteLength, `${name} is ${kb(bundle.code.byteLength)} (budget ${kb(HTTP_BUNDLE_BUDGET_BYTES)}): ${largest(bundle)}`).toBeLessThanOrEqual(
      HTTP_BUNDLE_BUDGET_BYTES,
    );
  });

  it.each(workbookHttpFunctions.map((spec) => spec.name))(
    "keeps the %s bundle within the workbook HTTP budget, with exceljs's writer and not its reader",
    (name) => {
      const bundle = bundles.get(name)!;
      const reader = bundle.inputs.filter((input) =>
        /node_modules\/(unzipper|jszip|fast-csv|bluebird)\/|exceljs\/lib\/stream\/xlsx\/workbook-reader/.test(input),
      );
      expect(reader, `${name} bundles exceljs's reader side`).toEqual([]);
      expect(
        bundle.code.byteLength,
        `${name} is ${kb(bundle.code.byteLength)} (budget ${kb(WORKBOOK_HTTP_BUNDLE_BUDGET_BYTES)}): ${largest(bundle)}`,
      ).toBeLessThanOrEqual(WORKBOOK_HTTP_BUNDLE_BUDGET_BYTES);
    },
  );

  it('keeps sharp (native) out of every bundle: only client-image declares it, installed beside its bundle', () => {
    for (const [name, bundle] of bundles) {
      expect(
        bundle.inputs.filter((input) => /node_modules\/(sharp|@img)\//.test(input)),
        `${name} bundles sharp`,
      ).toEqual([]);
    }
    expect(functionCatalogue.filter((spec) => spec.nativeModules?.length).map((spec) => [spec.name, spec.trigger.type, spec.nativeModules])).toEqual([
      ['client-image', 's3', ['sharp']],
    ]);
    // The image routes sign with the presigner alone: no S3 client, no image library.
    expect(packagesOf(bundles.get('client-images-api')!)).not.toContain('@aws-sdk/client-s3');
  });

  it('lets exceljs into an HTTP function only when the catalogue says it handles workbooks', () => {
    expect(workbookHttpFunctions.map((spec) => spec.name)).toEqual(['import-templates']);
  });

  it.each(functionCatalogue.map((spec) => spec.name))('bundles into %s only the AWS clients and libraries its grants let it use', (name) => {
    const spec = findFunction(name);
    const bundled = packagesOf(bundles.get(name)!);
    const unused = allowedBy.filter(({ pkg, allowed }) => bundled.includes(pkg) && !allowed(spec)).map(({ pkg }) => pkg);
    expect(unused, `${name} bundles what its grants ${JSON.stringify(spec.grants)} never let it use`).toEqual([]);
  });

  it('bundles at most the Spanish and English messages of zod, not its collection of locales', () => {
    for (const [name, bundle] of bundles) {
      const locales = bundle.inputs.flatMap((input) => /node_modules\/zod\/v4\/locales\/([\w-]+)\.js$/.exec(input)?.[1] ?? []);
      // The usual cause: `import { z } from 'zod'` (or `z.locales`) somewhere; write `import * as z from 'zod'`.
      expect(
        locales.filter((locale) => locale !== 'es' && locale !== 'en' && locale !== 'index'),
        `${name} bundles zod's locales: import zod as a namespace (\`import * as z from 'zod'\`) and never touch z.locales`,
      ).toEqual([]);
    }
  });

  it.each(functionCatalogue.map((spec) => spec.name))(
    'loads the %s bundle in a fresh Node process, as a cold start does',
    (name) => {
      // The aliases (lambda-bundling.ts) stand in for whole packages: a bundle that builds an ElectroDB
      // entity outside `prevalidated`, or needs a credential source other than the environment, fails here.
      const dir = mkdtempSync(join(tmpdir(), `cobranza-${name}-`));
      try {
        writeBundle(dir, bundles.get(name)!, findFunction(name));
        const probe = `const m = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)}); console.log(typeof m.handler);`;
        const env = {
          PATH: process.env.PATH,
          TABLE_NAME: 'bundle-test',
          UPLOADS_BUCKET: 'bundle-test',
          AWS_REGION: 'us-east-1',
          STAGE: 'test',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          POWERTOOLS_LOG_LEVEL: 'ERROR',
        };
        const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
          env,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        expect(out.trim()).toBe('function');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    30_000,
  );

  it('sends every ElectroDB operation through the document commands a bundle keeps (the @aws-sdk/lib-dynamodb stand-in)', async () => {
    const result = await build({ ...esbuildOptions('test/infra/fixtures/electrodb-commands.entry.ts'), sourcemap: false });
    const dir = mkdtempSync(join(tmpdir(), 'cobranza-electrodb-commands-'));
    try {
      const file = join(dir, 'index.mjs');
      writeFileSync(file, result.outputFiles.find((f) => f.path.endsWith('.mjs'))!.contents);
      const out = execFileSync(process.execPath, [file], { encoding: 'utf8', env: { PATH: process.env.PATH } });
      expect(JSON.parse(out)).toEqual({
        get: 'GetCommand',
        put: 'PutCommand',
        update: 'UpdateCommand',
        delete: 'DeleteCommand',
        batchWrite: 'BatchWriteCommand',
        batchGet: 'BatchGetCommand',
        scan: 'ScanCommand',
        query: 'QueryCommand',
        transactWrite: 'TransactWriteCommand',
        transactGet: 'TransactGetCommand',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('builds byte for byte what AppFunction (CDK) deploys, so the budget and the bench measure the real thing', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cobranza-cdk-bundle-'));
    try {
      const app = new App({ outdir });
      new AppFunction(new Stack(app, 'Bundle'), 'Docs', { spec: findFunction('docs-api') });
      app.synth();
      const asset = readdirSync(outdir).find((entry) => entry.startsWith('asset.'))!;
      const deployed = readFileSync(join(outdir, asset, 'index.mjs'));
      expect(Buffer.compare(deployed, Buffer.from(bundles.get('docs-api')!.code))).toBe(0);
      // Swagger UI ships beside the bundle, not in it (decision "API reference UI"), byte for byte the installed files.
      const { packageFiles } = findFunction('docs-api');
      expect(readdirSync(join(outdir, asset, packageFiles!.into)).sort()).toEqual([...packageFiles!.files].sort());
      for (const file of packageFiles!.files) {
        expect(readFileSync(join(outdir, asset, packageFiles!.into, file)).equals(readFileSync(join('node_modules', packageFiles!.package, file)))).toBe(true);
      }
      // The deployed asset serves them on its own: run its index.mjs where no node_modules can be found.
      const version = (JSON.parse(readFileSync('node_modules/swagger-ui-dist/package.json', 'utf8')) as { version: string }).version;
      const event = {
        version: '2.0',
        routeKey: 'GET /docs/assets/{version}/{file}',
        rawPath: `/docs/assets/${version}/swagger-ui.css`,
        rawQueryString: '',
        headers: {},
        pathParameters: { version, file: 'swagger-ui.css' },
        isBase64Encoded: false,
        requestContext: { requestId: 'bundle-test', routeKey: 'GET /docs/assets/{version}/{file}', http: { method: 'GET', path: '/' } },
      };
      const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(join(outdir, asset, 'index.mjs')).href)});
        const r = await handler(${JSON.stringify(event)}, { getRemainingTimeInMillis: () => 5000 });
        process.stdout.write('\\nRESULT ' + JSON.stringify({ status: r.statusCode, bytes: Buffer.byteLength(r.body ?? '') }));`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: join(outdir, asset),
        encoding: 'utf8',
        env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1' },
      });
      expect(run.stderr).not.toContain('Error');
      expect(JSON.parse(run.stdout.split('\nRESULT ')[1]!)).toEqual({
        status: 200,
        bytes: readFileSync('node_modules/swagger-ui-dist/swagger-ui.css').byteLength,
      });
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});
