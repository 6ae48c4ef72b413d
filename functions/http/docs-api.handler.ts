import { Logger } from '@aws-lambda-powertools/logger';
import { notFound } from '../../domain/shared/errors.ts';
// The one function that reads no config.ts: its stack traces are mapped on first use too (lazy-source-maps.ts).
import '../adapters/lazy-source-maps.ts';
import { docsAssets } from './docs-assets.ts';
import { DOCS_CONTENT_SECURITY_POLICY, renderDocsPage } from './docs-page.ts';
import { httpApi } from './http-api.ts';
import { docsRoutes } from './routes/docs.routes.ts';

const logger = new Logger({ serviceName: 'cobranza' });
// Built on the first request for it, then kept (it only changes with a deploy): ~0.2 s of work that
// the page and its assets, and the import, do not wait for. The generator is imported then too: it brings
// every function's route specs, whose zod schemas would otherwise all be built at cold start.
let document: Record<string, unknown> | undefined;
const assets = docsAssets();
const page = renderDocsPage(assets);
const YEAR = 365 * 24 * 3600;
/** `gzip` listed and not refused with `q=0`. */
const acceptsGzip = (header: string | undefined) => /(?:^|,)\s*(?:gzip|\*)\s*(?:;\s*q=(?!0(?:\.0*)?\s*(?:,|$))[\d.]+)?\s*(?:,|$)/i.test(header ?? '');

export const handler = httpApi({
  name: 'docs-api',
  routes: docsRoutes,
  logger,
  impls: {
    getOpenApi: async () => {
      if (!document) {
        const { buildOpenApiDocument } = await import('./openapi.ts');
        document ??= { ...buildOpenApiDocument({ region: process.env.AWS_REGION }) };
      }
      return { body: document, headers: { 'cache-control': 'no-cache' } };
    },
    getDocs: async () => ({
      body: page,
      contentType: 'text/html; charset=utf-8',
      headers: {
        'cache-control': 'no-cache',
        'content-security-policy': DOCS_CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      },
    }),
    getDocsAsset: async ({ params, headers: request }) => {
      const asset = params.version === assets.version ? assets.get(params.file) : undefined;
      if (!asset) throw notFound('file', `${params.version}/${params.file}`);
      const headers = { 'cache-control': `public, max-age=${YEAR}, immutable`, 'x-content-type-options': 'nosniff', vary: 'accept-encoding' };
      if (acceptsGzip(request['accept-encoding']))
        return {
          body: assets.gzipped(asset).toString('base64'),
          isBase64Encoded: true,
          contentType: asset.contentType,
          headers: { ...headers, 'content-encoding': 'gzip' },
        };
      const text = asset.contentType.includes('charset');
      return { body: text ? asset.body.toString('utf8') : asset.body.toString('base64'), isBase64Encoded: !text, contentType: asset.contentType, headers };
    },
  },
});
