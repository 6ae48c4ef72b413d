import { Logger } from '@aws-lambda-powertools/logger';
import { renderDocsPage } from './docs-page.ts';
import { httpApi } from './http-api.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { docsRoutes } from './routes/docs.routes.ts';

const logger = new Logger({ serviceName: 'cobranza' });
// Built once per cold start: the document only changes with a deploy.
const document = { ...buildOpenApiDocument() };
const page = renderDocsPage(document as never);

export const handler = httpApi({
  name: 'docs-api',
  routes: docsRoutes,
  logger,
  impls: {
    getOpenApi: async () => ({ body: document }),
    getDocs: async () => ({ body: page, contentType: 'text/html; charset=utf-8' }),
  },
});
