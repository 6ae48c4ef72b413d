import type { BuildOptions } from 'esbuild';
import { join } from 'node:path';

/** The project root, which CDK runs esbuild in (and so resolves `alias` targets against). */
export const projectRoot = join(import.meta.dirname, '../..');

/**
 * How every Lambda is bundled, declared once: AppFunction hands it to CDK's `NodejsFunction` (which
 * runs the local esbuild CLI), and bench/bundles and the bundle budget test build the same bytes
 * with esbuild's API through `esbuildOptions` below.
 */
export const lambdaBundling = {
  format: 'esm',
  target: 'node24',
  minify: true,
  sourceMap: true,
  /**
   * Maps without the sources' text: stack traces still name file, line and column, and Node, which
   * parses the whole map at load under `--enable-source-maps`, reads a third of the bytes (≈ 60 ms
   * less per cold start here).
   */
  sourcesContent: false,
  /**
   * The map is written beside the bundle but not linked from it, and functions run without
   * `--enable-source-maps`: Node would read the whole map and scan every character of the bundle at load
   * (≈ a quarter of a table function's cold import). functions/adapters/lazy-source-maps.ts (imported by
   * config.ts, which every function reads) maps stack traces the same way, reading the map when a stack
   * is first formatted.
   */
  sourceMapMode: 'external',
  mainFields: ['module', 'main'],
  // Some dependencies still call require(); ESM bundles need it defined.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  /** The AWS SDK is bundled, not taken from the runtime: one known version, and it starts faster. */
  externalModules: [] as string[],
  /** Import path → replacement (relative to the project root). */
  alias: {
    '@aws-sdk/credential-provider-node': './functions/adapters/lambda-credentials.ts',
    // ElectroDB's model check, which the entities skip (decision "ElectroDB models are checked by a test").
    jsonschema: './functions/adapters/dynamodb/entities/unchecked-models.ts',
    // The document client and the ten commands ElectroDB and we send, not every DynamoDB command (decision "Cold import of the HTTP functions").
    '@aws-sdk/lib-dynamodb': './functions/adapters/dynamodb/document-commands.ts',
    '@aws-sdk/client-dynamodb': './functions/adapters/dynamodb/dynamodb-commands.ts',
    // The endpoint-discovery cache's LRU map: a Map in use order instead of mnemonist (≈ 7 KB a table function).
    'mnemonist/lru-cache': './functions/adapters/dynamodb/endpoint-lru.ts',
  } as Record<string, string>,
} as const;

/** The aliases as CDK's `esbuildArgs` (`--alias:from=to`). */
export const aliasArgs = () => ({ '--alias': Object.entries(lambdaBundling.alias).map(([from, to]) => `${from}=${to}`) });

/**
 * The esbuild options `NodejsFunction` derives from `lambdaBundling` (aws-lambda-nodejs bundling.ts:
 * `--bundle --platform=node --format --target --outfile=index.mjs --minify --sourcemap=external --sources-content
 * --external
 * --alias --banner:js --main-fields`), built in memory with a metafile.
 */
export function esbuildOptions(entry: string, nativeModules: readonly string[] = []): BuildOptions & { write: false; metafile: true } {
  return {
    entryPoints: [join(projectRoot, entry)],
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    format: lambdaBundling.format,
    target: lambdaBundling.target,
    outfile: join(projectRoot, 'cdk.out/bundle/index.mjs'),
    minify: lambdaBundling.minify,
    sourcemap: lambdaBundling.sourceMapMode,
    sourcesContent: lambdaBundling.sourcesContent,
    external: [...lambdaBundling.externalModules, ...nativeModules],
    alias: lambdaBundling.alias,
    banner: { js: lambdaBundling.banner },
    mainFields: [...lambdaBundling.mainFields],
    write: false,
    metafile: true,
    logLevel: 'silent',
  };
}

/**
 * The environment of the `npm ci` CDK runs for a function's `nodeModules`: npm picks the optional
 * packages of the Lambda's platform (sharp's `@img/sharp-linux-arm64` and its libvips), not of the
 * machine that deploys (a Mac, an x64 laptop or CI). Checked by installing sharp this way here.
 */
export const nativeInstallEnvironment = (architecture: 'arm64' | 'x64') => ({
  npm_config_os: 'linux',
  npm_config_cpu: architecture,
  npm_config_libc: 'glibc',
});
