import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * The reference page's files: Swagger UI from the `swagger-ui-dist` package, served by docs-api itself
 * (no CDN), beside the bundle rather than inside it (decision "API reference UI"). In AWS they sit in
 * `docs-assets/` next to `index.mjs` (copied there at bundling, infra/constructs/app-function.ts);
 * on one machine they are read from node_modules.
 */
export const DOCS_ASSETS_DIR = 'docs-assets';

/** The package files the page needs, with their content types. Nothing else is served. */
export const swaggerUiFiles: Readonly<Record<string, string>> = {
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'package.json': 'application/json; charset=utf-8',
};

/** Our own start-up script: a file, not inline, so the page's CSP allows scripts from 'self' only. */
const INIT_SCRIPT = 'docs-init.js';
const initScript = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null,
    defaultModelsExpandDepth: 0, defaultModelExpandDepth: 3, docExpansion: 'list', displayRequestDuration: true,
    showExtensions: true, showCommonExtensions: true, tryItOutEnabled: false, layout: 'BaseLayout',
    presets: [SwaggerUIBundle.presets.apis],
  });
});
`;

/** Where the package's files are: beside the bundle in AWS, the installed package locally. */
function assetsDir(): string {
  const beside = join(dirname(fileURLToPath(import.meta.url)), DOCS_ASSETS_DIR);
  if (existsSync(join(beside, 'package.json'))) return beside;
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

export interface DocsAsset {
  contentType: string;
  body: Buffer;
  /** Compressed once, on first request (the bundle script is 1.8 MB, 0.5 MB gzipped). */
  gzipped?: Buffer;
}

/** Reads the files lazily and keeps them for the container's life. */
export function docsAssets(dir = assetsDir()) {
  const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const cache = new Map<string, DocsAsset>();
  return {
    /** The Swagger UI version: part of every asset path, so each can be cached for a year. */
    version,
    get(file: string): DocsAsset | undefined {
      const cached = cache.get(file);
      if (cached) return cached;
      let asset: DocsAsset | undefined;
      if (file === INIT_SCRIPT) asset = { contentType: 'application/javascript; charset=utf-8', body: Buffer.from(initScript) };
      else if (Object.hasOwn(swaggerUiFiles, file) && file !== 'package.json')
        asset = { contentType: swaggerUiFiles[file]!, body: readFileSync(join(dir, file)) };
      if (asset) cache.set(file, asset);
      return asset;
    },
    gzipped(asset: DocsAsset): Buffer {
      asset.gzipped ??= gzipSync(asset.body, { level: 9 });
      return asset.gzipped;
    },
    /** Paths the page links to. */
    path: (file: string) => `/docs/assets/${version}/${file}`,
    initScript: INIT_SCRIPT,
  };
}
export type DocsAssets = ReturnType<typeof docsAssets>;
