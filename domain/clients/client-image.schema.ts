import * as z from 'zod';

/** What a client image may be, judged by its bytes (never by its name or the declared type). */
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const ImageContentType = z.enum(IMAGE_CONTENT_TYPES);
export type ImageContentType = z.infer<typeof ImageContentType>;

/** The upload URL is signed for the declared size, at most this. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/**
 * Width × height an image may declare: a 48 MP phone photo (8064 × 6048) fits; a small file that
 * declares more (a decompression bomb) is refused from its header, before any pixel is decoded.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** The thumbnail: a square WebP this many pixels a side (cropped to the centre, never enlarged). */
export const THUMBNAIL_SIZE = 256;
export const THUMBNAIL_CONTENT_TYPE = 'image/webp';
/** How long the upload URL and the image links last. */
export const IMAGE_UPLOAD_SECONDS = 15 * 60;
export const IMAGE_LINK_SECONDS = 10 * 60;

/** The image a client shows: metadata only (links are signed by `GET /v1/clients/{id}/image`). */
export const ClientImage = z.object({
  id: z.string().describe('The image id (ULID): the upload it came from'),
  contentType: ImageContentType.describe('As its bytes say (not as declared)'),
  sizeBytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  thumbnail: z.object({ width: z.number().int(), height: z.number().int(), sizeBytes: z.number().int(), contentType: z.literal(THUMBNAIL_CONTENT_TYPE) }),
  setAt: z.string(),
  setBy: z.string().describe('The user who uploaded it'),
});
export type ClientImage = z.infer<typeof ClientImage>;

export const ImageUploadStatus = z.enum(['pending', 'ready', 'rejected', 'superseded']);
export type ImageUploadStatus = z.infer<typeof ImageUploadStatus>;

/** Why an uploaded file did not become the client's image (worded es/en by the HTTP adapter). */
export const ImageRejection = z.enum(['not_an_image', 'too_large', 'too_many_pixels', 'unreadable_image', 'client_gone']);
export type ImageRejection = z.infer<typeof ImageRejection>;

/** One requested upload: `pending` until its file arrives and is judged; then `ready`, `rejected` or `superseded`. */
export interface ImageUpload {
  tenantId: string;
  clientId: string;
  id: string;
  status: ImageUploadStatus;
  declaredContentType: ImageContentType;
  declaredSizeBytes: number;
  requestedBy: string;
  requestedAt: string;
  /** The upload URL stops working then. */
  uploadExpiresAt: string;
  completedAt?: string | undefined;
  rejection?: { code: ImageRejection; params?: Record<string, string | number> | undefined } | undefined;
  /** The image it made, once `ready` (also kept when a later upload replaces it). */
  image?: ClientImage | undefined;
  version: number;
}

/**
 * Object keys: the original and its thumbnail under `tenants/<tenant>/clients/<client>/images/<image>/`.
 * Only `…/original` triggers the image function (prefix `tenants/`, suffix `/original`), so writing the
 * thumbnail never invokes it again.
 */
export const IMAGE_KEY_PREFIX = 'tenants/';
export const ORIGINAL_SUFFIX = '/original';
const imageFolder = (tenantId: string, clientId: string, imageId: string) => `${IMAGE_KEY_PREFIX}${tenantId}/clients/${clientId}/images/${imageId}`;
export const originalKey = (tenantId: string, clientId: string, imageId: string) => `${imageFolder(tenantId, clientId, imageId)}${ORIGINAL_SUFFIX}`;
export const thumbnailKey = (tenantId: string, clientId: string, imageId: string) => `${imageFolder(tenantId, clientId, imageId)}/thumbnail.webp`;

const ORIGINAL_KEY = /^tenants\/([A-Za-z0-9_-]{1,64})\/clients\/([A-Za-z0-9_-]{1,64})\/images\/([A-Za-z0-9_-]{1,64})\/original$/;

/** The upload an original's key names; undefined for any other key. */
export function parseOriginalKey(key: string): { tenantId: string; clientId: string; imageId: string } | undefined {
  const match = ORIGINAL_KEY.exec(key);
  return match ? { tenantId: match[1]!, clientId: match[2]!, imageId: match[3]! } : undefined;
}
