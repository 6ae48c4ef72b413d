import sharp from 'sharp';
import { UnreadableImage, type ImageCodec } from '../../domain/clients/client-image.ports.ts';

// One image at a time per invocation: no cache of decoded images to hold memory between events.
sharp.cache(false);

/**
 * The image library of the client-image function (sharp: libvips, streaming decode, shrink-on-load for
 * JPEG). `inspect` reads only the header; `thumbnail` decodes under a pixel limit (`limitInputPixels`),
 * fails on any decode error (`failOn: 'error'`: a truncated or corrupt file is refused, not half-drawn),
 * turns the image as its EXIF says, crops the centre to a square and writes WebP without metadata (no
 * camera EXIF or GPS position in the thumbnail).
 */
export const sharpImageCodec: ImageCodec = {
  async inspect(bytes) {
    try {
      const meta = await sharp(bytes, { failOn: 'error', limitInputPixels: false }).metadata();
      if (!meta.format || !meta.width || !meta.height) return { kind: 'unknown' };
      // EXIF orientations 5–8 turn the image a quarter: width and height as shown.
      const turned = (meta.orientation ?? 1) >= 5;
      return { kind: 'image', format: meta.format, width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height };
    } catch {
      return { kind: 'unknown' };
    }
  },
  async thumbnail(bytes, size, maxPixels) {
    try {
      const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels, sequentialRead: true })
        .rotate()
        .resize(size, size, { fit: 'cover', position: 'centre', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer({ resolveWithObject: true });
      return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
    } catch (error) {
      throw new UnreadableImage(`cannot decode the image: ${(error as Error).message}`, { cause: error });
    }
  },
};
