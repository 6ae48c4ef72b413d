import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { originalKey, parseOriginalKey, thumbnailKey } from '../../../domain/clients/client-image.schema.ts';
import { sniffImageType } from '../../../domain/clients/image-sniffing.ts';

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const webp = (size: number[]) => [0x52, 0x49, 0x46, 0x46, ...size, 0x57, 0x45, 0x42, 0x50];
const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

describe('client image: judged by its magic number', () => {
  it('names JPEG, PNG and WebP by their first bytes, whatever follows', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), (rest, size) => {
        expect(sniffImageType(Uint8Array.from([...JPEG, ...rest]))).toBe('image/jpeg');
        expect(sniffImageType(Uint8Array.from([...PNG, ...rest]))).toBe('image/png');
        expect(sniffImageType(Uint8Array.from([...webp(size), ...rest]))).toBe('image/webp');
      }),
    );
  });

  it('names nothing else: text (a name ending in .jpg changes nothing), other RIFF files, cut signatures', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        // No text in UTF-8 starts with 0xFF or 0x89 (they are never a first byte), so none is an image.
        expect(sniffImageType(new TextEncoder().encode(`${text}.jpg`))).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const type = sniffImageType(bytes);
        if (type === 'image/jpeg') expect([...bytes.slice(0, 3)]).toEqual(JPEG);
        if (type === 'image/png') expect([...bytes.slice(0, 8)]).toEqual(PNG);
        if (type === 'image/webp') expect(String.fromCharCode(...bytes.slice(8, 12))).toBe('WEBP');
      }),
    );
    expect(sniffImageType(Uint8Array.from([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x41, 0x56, 0x45]))).toBeUndefined(); // a WAV
    expect(sniffImageType(Uint8Array.from(PNG.slice(0, 7)))).toBeUndefined();
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImageType(new TextEncoder().encode('GIF89a'))).toBeUndefined();
  });

  it('reads back the upload an original key names, and no other key', () => {
    fc.assert(
      fc.property(id, id, id, (tenantId, clientId, imageId) => {
        expect(parseOriginalKey(originalKey(tenantId, clientId, imageId))).toEqual({ tenantId, clientId, imageId });
        expect(parseOriginalKey(thumbnailKey(tenantId, clientId, imageId))).toBeUndefined();
        expect(parseOriginalKey(`imports/${originalKey(tenantId, clientId, imageId)}`)).toBeUndefined();
      }),
    );
    expect(parseOriginalKey('tenants/a/b/clients/c/images/d/original')).toBeUndefined();
  });
});
