import type { Actor } from '../shared/actor.ts';
import { createOnce } from '../shared/create-once.ts';
import { notFound } from '../shared/errors.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import type { ClientImageStore, ImageCodec, ImageFiles, ImageLinks } from './client-image.ports.ts';
import { UnreadableImage } from './client-image.ports.ts';
import {
  IMAGE_LINK_SECONDS,
  IMAGE_UPLOAD_SECONDS,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  THUMBNAIL_CONTENT_TYPE,
  THUMBNAIL_SIZE,
  originalKey,
  thumbnailKey,
  type ClientImage,
  type ImageContentType,
  type ImageRejection,
  type ImageUpload,
} from './client-image.schema.ts';
import type { Client } from './client.schema.ts';
import { assertVisible } from './client-scope.ts';
import { diffClient } from './history.ts';
import { formatOf, sniffImageType } from './image-sniffing.ts';
import type { ClientRepository } from './ports.ts';

/** A pending upload whose URL expired this long ago without its file is shown as `expired`. */
const EXPIRY_GRACE_MS = 5 * 60 * 1000;
/** How many times a write is tried again when the client changed between its read and its write. */
const CLIENT_RACE_ATTEMPTS = 5;

export interface ImageRequestDeps {
  clients: Pick<ClientRepository, 'get'>;
  images: ClientImageStore;
  links: ImageLinks;
  clock: Clock;
  ids: IdGenerator;
}

/** An upload as the API shows it: `expired` when its URL lapsed without a file. */
export type UploadView = Omit<ImageUpload, 'status' | 'tenantId' | 'version'> & { status: ImageUpload['status'] | 'expired' };

export function uploadView(upload: ImageUpload, now: Date): UploadView {
  const { tenantId: _t, version: _v, ...rest } = upload;
  const lapsed = upload.status === 'pending' && now.getTime() > Date.parse(upload.uploadExpiresAt) + EXPIRY_GRACE_MS;
  return { ...rest, status: lapsed ? 'expired' : upload.status };
}

/**
 * A presigned PUT for a new image of a client the caller may see (another tenant's or out of scope: 404),
 * signed for the declared type and exact size (≤ 5 MB), and its upload record, `pending` until the file
 * arrives. A redo of the same request (its ids drawn again) finds its own record and signs a fresh URL.
 */
export const requestImageUpload =
  (deps: ImageRequestDeps) => async (actor: Actor, clientId: string, input: { contentType: ImageContentType; sizeBytes: number }) => {
    assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
    const now = deps.clock.now();
    const upload: ImageUpload = {
      tenantId: actor.tenantId,
      clientId,
      id: deps.ids.next(),
      status: 'pending',
      declaredContentType: input.contentType,
      declaredSizeBytes: input.sizeBytes,
      requestedBy: actor.userId,
      requestedAt: now.toISOString(),
      uploadExpiresAt: new Date(now.getTime() + IMAGE_UPLOAD_SECONDS * 1000).toISOString(),
      version: 1,
    };
    const stored = await createOnce(
      upload,
      () => deps.images.createUpload(upload),
      () => deps.images.getUpload(actor.tenantId, clientId, upload.id),
    );
    const key = originalKey(actor.tenantId, clientId, stored.id);
    const { url, expiresAt } = await deps.links.uploadUrl(key, stored.declaredContentType, stored.declaredSizeBytes);
    return {
      upload: uploadView(stored, now),
      put: {
        url,
        method: 'PUT' as const,
        headers: { 'content-type': stored.declaredContentType, 'content-length': String(stored.declaredSizeBytes) },
        expiresAt: expiresAt.toISOString(),
      },
    };
  };

/**
 * The client's image with short-lived links (original and thumbnail), and its newest upload (so a
 * rejected one says why). `imageId` names an earlier image (from the history): its files are kept.
 */
export const getClientImage = (deps: Omit<ImageRequestDeps, 'ids'>) => async (actor: Actor, clientId: string, imageId?: string) => {
  const client = assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
  const now = deps.clock.now();
  const [latest, earlier] = await Promise.all([
    deps.images.latestUpload(actor.tenantId, clientId),
    imageId !== undefined && imageId !== client.image?.id ? deps.images.getUpload(actor.tenantId, clientId, imageId) : undefined,
  ]);
  const image = imageId === undefined || imageId === client.image?.id ? client.image : earlier?.image;
  if (imageId !== undefined && !image) throw notFound('image', imageId);
  return {
    ...(image ? { image: { ...image, ...(await imageLinks(deps.links, actor.tenantId, clientId, image)), current: image.id === client.image?.id } } : {}),
    ...(latest ? { lastUpload: uploadView(latest, now) } : {}),
  };
};

async function imageLinks(links: ImageLinks, tenantId: string, clientId: string, image: ClientImage) {
  const [original, thumbnail] = await Promise.all([
    links.viewUrl(originalKey(tenantId, clientId, image.id), image.contentType, IMAGE_LINK_SECONDS),
    links.viewUrl(thumbnailKey(tenantId, clientId, image.id), THUMBNAIL_CONTENT_TYPE, IMAGE_LINK_SECONDS),
  ]);
  return { url: original.url, thumbnailUrl: thumbnail.url, linksExpireAt: original.expiresAt.toISOString() };
}

/**
 * Takes the image off the client (a new client version, with the change in its history); its files and
 * upload record stay, so the history can still show it. A client without an image is left as it is.
 */
export const removeClientImage =
  (deps: Pick<ImageRequestDeps, 'clients' | 'images' | 'clock'>) =>
  async (actor: Actor, clientId: string): Promise<Client> => {
    for (let attempt = 1; ; attempt++) {
      const current = assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
      if (!current.image) return current;
      const at = deps.clock.now().toISOString();
      const { image: _gone, ...rest } = current;
      const next: Client = { ...rest, version: current.version + 1, updatedAt: at, updatedBy: actor.userId };
      const history = diffClient(current, next, { by: actor.userId, at, operation: 'image.remove' });
      if (await deps.images.removeImage(next, current, history)) return next;
      if (attempt >= CLIENT_RACE_ATTEMPTS) throw new Error(`client ${clientId} kept changing while its image was removed`);
    }
  };

export interface ImageProcessDeps {
  clients: Pick<ClientRepository, 'get'>;
  images: ClientImageStore;
  files: ImageFiles;
  codec: ImageCodec;
  clock: Clock;
}

export type ProcessOutcome = 'ready' | 'rejected' | 'superseded' | 'already_done' | 'unknown_upload' | 'missing';

/**
 * Judges an uploaded original and, when it is a JPEG, PNG or WebP within the limits, writes its thumbnail
 * and makes it the client's image. Delivered at least once: the upload record decides, so a second
 * delivery (or two at once) ends in one result — one history entry, one image. An upload older than the
 * client's current image (its event came late) does not replace it: it is `superseded`.
 */
export const processImageUpload =
  (deps: ImageProcessDeps) =>
  async (ref: { tenantId: string; clientId: string; imageId: string }, sizeBytes: number): Promise<ProcessOutcome> => {
    const upload = await deps.images.getUpload(ref.tenantId, ref.clientId, ref.imageId);
    if (!upload) return 'unknown_upload';
    if (upload.status !== 'pending') return 'already_done';
    const reject = async (code: ImageRejection, params?: Record<string, string | number>) => {
      const next: ImageUpload = {
        ...upload,
        status: 'rejected',
        completedAt: deps.clock.now().toISOString(),
        rejection: { code, ...(params ? { params } : {}) },
        version: upload.version + 1,
      };
      return (await deps.images.finishUpload(next)) ? 'rejected' : 'already_done';
    };
    if (sizeBytes > MAX_IMAGE_BYTES) return reject('too_large', { maxBytes: MAX_IMAGE_BYTES });
    const key = originalKey(ref.tenantId, ref.clientId, ref.imageId);
    const bytes = await deps.files.read(key, MAX_IMAGE_BYTES);
    if (bytes === 'missing') return 'missing';
    if (bytes === 'too_large') return reject('too_large', { maxBytes: MAX_IMAGE_BYTES });
    const contentType = sniffImageType(bytes);
    if (!contentType) return reject('not_an_image');
    const inspection = await deps.codec.inspect(bytes);
    // The header must say what the magic number said: anything else is a damaged or disguised file.
    if (inspection.kind !== 'image' || inspection.format !== formatOf[contentType]) return reject('unreadable_image');
    if (inspection.width * inspection.height > MAX_IMAGE_PIXELS) {
      return reject('too_many_pixels', { width: inspection.width, height: inspection.height, maxPixels: MAX_IMAGE_PIXELS });
    }
    let thumbnail: Awaited<ReturnType<ImageCodec['thumbnail']>>;
    try {
      thumbnail = await deps.codec.thumbnail(bytes, THUMBNAIL_SIZE, MAX_IMAGE_PIXELS);
    } catch (error) {
      if (error instanceof UnreadableImage) return reject('unreadable_image');
      throw error;
    }
    await deps.files.write(thumbnailKey(ref.tenantId, ref.clientId, ref.imageId), thumbnail.bytes, THUMBNAIL_CONTENT_TYPE);
    for (let attempt = 1; attempt <= CLIENT_RACE_ATTEMPTS; attempt++) {
      const client = await deps.clients.get(ref.tenantId, ref.clientId);
      if (!client) return reject('client_gone');
      const at = deps.clock.now().toISOString();
      const image: ClientImage = {
        id: ref.imageId,
        contentType,
        sizeBytes: bytes.length,
        width: inspection.width,
        height: inspection.height,
        thumbnail: { width: thumbnail.width, height: thumbnail.height, sizeBytes: thumbnail.bytes.length, contentType: THUMBNAIL_CONTENT_TYPE },
        setAt: at,
        setBy: upload.requestedBy,
      };
      const ready: ImageUpload = { ...upload, status: 'ready', completedAt: at, image, version: upload.version + 1 };
      if (client.image && client.image.id > ref.imageId) {
        // A newer upload already gave the client its image: keep this one on record, not on the client.
        return (await deps.images.finishUpload({ ...ready, status: 'superseded' })) ? 'superseded' : 'already_done';
      }
      const next: Client = { ...client, image, version: client.version + 1, updatedAt: at, updatedBy: upload.requestedBy };
      const history = diffClient(client, next, { by: upload.requestedBy, at, operation: client.image ? 'image.replace' : 'image.set' });
      const result = await deps.images.applyImage(ready, next, client, history);
      if (result === 'applied') return 'ready';
      if (result === 'upload_finished') return 'already_done';
    }
    throw new Error(`client ${ref.clientId} kept changing while its image was set`);
  };
