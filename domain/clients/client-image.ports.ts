import type { Client } from './client.schema.ts';
import type { ImageContentType, ImageUpload } from './client-image.schema.ts';
import type { HistoryEntry } from './history.ts';

/** Upload records and the client's image, written together where they must agree. */
export interface ClientImageStore {
  /** Fails with `conflict` naming the upload when one with its id exists (a redo of the same request). */
  createUpload(upload: ImageUpload): Promise<void>;
  /** Read consistently: the image function decides on it. */
  getUpload(tenantId: string, clientId: string, imageId: string): Promise<ImageUpload | undefined>;
  /** The client's newest upload request, whatever its status. */
  latestUpload(tenantId: string, clientId: string): Promise<ImageUpload | undefined>;
  /** `next` replaces a still-pending upload (rejected, superseded); false when it was no longer pending. */
  finishUpload(next: ImageUpload): Promise<boolean>;
  /**
   * In one transaction: the upload becomes `ready` (only if still pending), the client takes the image
   * (only if still at `previous.version`) and the history entry is written. `upload_finished`: another
   * delivery got there first; `client_changed`: the client changed meanwhile (read it again).
   */
  applyImage(upload: ImageUpload, next: Client, previous: Client, history: HistoryEntry[]): Promise<'applied' | 'upload_finished' | 'client_changed'>;
  /** The client without its image (only if still at `previous.version`), with its history entry; false when it changed. */
  removeImage(next: Client, previous: Client, history: HistoryEntry[]): Promise<boolean>;
}

/** Short-lived URLs of the uploads bucket. */
export interface ImageLinks {
  /** A PUT signed for exactly this type and length. */
  uploadUrl(objectKey: string, contentType: ImageContentType, contentLength: number): Promise<{ url: string; expiresAt: Date }>;
  /** A GET that serves the object inline as `contentType`. */
  viewUrl(objectKey: string, contentType: string, seconds: number): Promise<{ url: string; expiresAt: Date }>;
}

/** The stored files the image function reads and writes. */
export interface ImageFiles {
  /** The object's bytes, `missing` when there is none, `too_large` (without reading it all) above `maxBytes`. */
  read(objectKey: string, maxBytes: number): Promise<Uint8Array | 'missing' | 'too_large'>;
  write(objectKey: string, bytes: Uint8Array, contentType: string): Promise<void>;
}

/** What the image's own bytes say, read from its header only. */
export type Inspection =
  | { kind: 'image'; format: string; width: number; height: number }
  /** No image format the library knows (text, a PDF, a truncated header…). */
  | { kind: 'unknown' };

/** The image library (sharp in the image function; never in an HTTP function). */
export interface ImageCodec {
  inspect(bytes: Uint8Array): Promise<Inspection>;
  /** A square WebP thumbnail, decoding at most `maxPixels`; throws `UnreadableImage` when the pixels cannot be decoded. */
  thumbnail(bytes: Uint8Array, size: number, maxPixels: number): Promise<{ bytes: Uint8Array; width: number; height: number }>;
}

export class UnreadableImage extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnreadableImage';
  }
}
