import * as z from 'zod';
import { ClientImage, ImageContentType, ImageRejection, ImageUploadStatus, MAX_IMAGE_BYTES } from '../../../domain/clients/client-image.schema.ts';
import { Client } from '../../../domain/clients/client.schema.ts';
import { anyLevel, Id, type RouteSpec } from '../route-spec.ts';

const tag = 'Clients';
const clientId = z.strictObject({ clientId: Id });

export const ImageUploadView = z
  .object({
    id: z.string().describe('The image id this upload gives the image'),
    clientId: z.string(),
    status: z
      .enum([...ImageUploadStatus.options, 'expired'])
      .describe(
        '`pending` until the file arrives and is checked; `ready` (the image it made is `image`), `rejected` (why in `rejection`), `superseded` (a newer upload was already the image when this file came), `expired` (the URL lapsed and no file came)',
      ),
    declaredContentType: ImageContentType,
    declaredSizeBytes: z.number().int(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    uploadExpiresAt: z.string(),
    completedAt: z.string().optional(),
    rejection: z
      .object({
        code: ImageRejection,
        message: z.string().describe('Why, in the request’s language'),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      })
      .optional(),
    image: ClientImage.optional(),
  })
  .meta({ id: 'ClientImageUpload', description: 'One upload of a client image and what became of it' });

export const ClientImageWithLinks = ClientImage.extend({
  url: z.string().describe('The original, served inline as `contentType` (presigned GET, 10 minutes)'),
  thumbnailUrl: z.string().describe('The 256 × 256 WebP thumbnail (presigned GET, 10 minutes)'),
  linksExpireAt: z.string(),
  current: z.boolean().describe('It is the client’s image now (false for an earlier one asked by `imageId`)'),
}).meta({ id: 'ClientImageLinks' });

export const clientImageRoutes = [
  {
    operationId: 'requestClientImageUpload',
    requires: anyLevel,
    method: 'POST',
    path: '/v1/clients/{clientId}/image',
    summary: 'A presigned PUT for a new client image (JPEG, PNG or WebP, up to 5 MB)',
    tag,
    params: clientId,
    body: z.strictObject({
      contentType: ImageContentType.describe('The type of the file you will PUT; the image is judged by its bytes all the same'),
      sizeBytes: z.number().int().min(1).max(MAX_IMAGE_BYTES).describe(`The exact size of the file, at most ${MAX_IMAGE_BYTES} bytes (5 MB)`),
    }),
    idempotent: true,
    success: {
      status: 201,
      description: 'The upload record (`pending`) and where to PUT the file',
      schema: z.object({
        upload: ImageUploadView,
        put: z.object({
          url: z.string(),
          method: z.literal('PUT'),
          headers: z.record(z.string(), z.string()).describe('Send exactly these headers: they are signed'),
          expiresAt: z.string(),
        }),
      }),
    },
  },
  {
    operationId: 'getClientImage',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}/image',
    summary: "The client's image with short-lived links, and its newest upload",
    tag,
    params: clientId,
    query: z.strictObject({ imageId: Id.optional().describe('An earlier image of the client (from its history): its files are kept') }),
    success: {
      status: 200,
      description: 'The image (absent when the client has none) and the newest upload (absent when none was asked)',
      schema: z.object({ image: ClientImageWithLinks.optional(), lastUpload: ImageUploadView.optional() }),
    },
  },
  {
    operationId: 'removeClientImage',
    requires: anyLevel,
    method: 'DELETE',
    path: '/v1/clients/{clientId}/image',
    summary: 'Take the image off the client (it stays in the history, its files are kept)',
    tag,
    params: clientId,
    success: { status: 200, description: 'The client without its image', schema: Client },
  },
] as const satisfies readonly RouteSpec[];
