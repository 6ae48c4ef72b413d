import { Logger } from '@aws-lambda-powertools/logger';
import { getClientImage, removeClientImage, requestImageUpload } from '../../domain/clients/client-image.use-cases.ts';
import { presignedImageUrls } from '../adapters/s3/presigned-image-urls.ts';
import { readConfig } from '../config.ts';
import { clientImageRecords } from '../wiring/client-images.ts';
import { tableDependencies } from '../wiring/table.ts';
import { bucketOf } from '../wiring/uploads.ts';
import { httpApi } from './http-api.ts';
import { tenantIdempotency } from './idempotency.ts';
import { wordUpload } from './messages/image-reasons.ts';
import { clientImageRoutes } from './routes/client-images.routes.ts';

const table = tableDependencies(readConfig(process.env, 'client-images-api'));
// The presigner only: no S3 client and no image library in this bundle (the client-image function judges the file).
const deps = { ...table, ...clientImageRecords(table), links: presignedImageUrls(bucketOf(table.config), table.clock) };
const logger = new Logger({ serviceName: 'cobranza' });

export const handler = httpApi({
  name: 'client-images-api',
  routes: clientImageRoutes,
  logger,
  idempotency: tenantIdempotency({ client: deps.dynamoClient, tableName: deps.config.tableName, logger }),
  access: deps,
  impls: {
    requestClientImageUpload: async ({ actor, params, body, lang }) => {
      const { upload, put } = await requestImageUpload(deps)(actor, params.clientId, body);
      return { body: { upload: wordUpload(upload, lang), put } };
    },
    getClientImage: async ({ actor, params, query, lang }) => {
      const { image, lastUpload } = await getClientImage(deps)(actor, params.clientId, query.imageId);
      return { body: { ...(image ? { image } : {}), ...(lastUpload ? { lastUpload: wordUpload(lastUpload, lang) } : {}) } };
    },
    removeClientImage: async ({ actor, params }) => {
      const client = await removeClientImage(deps)(actor, params.clientId);
      return { body: client, etag: client.version };
    },
  },
});
