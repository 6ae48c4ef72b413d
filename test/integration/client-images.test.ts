import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMAGE_PIXELS, thumbnailKey } from '../../domain/clients/client-image.schema.ts';
import { s3Client } from '../../functions/adapters/aws-clients.ts';
import { readConfig } from '../../functions/config.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { s3Event } from '../support/import-runner.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

/**
 * Client images (issue 12, seed 004) on s3rver and DynamoDB Local: the presigned PUT, the client-image
 * function run on the S3 event as the bucket notification delivers it, real JPEG/PNG/WebP made by sharp,
 * a text file named .jpg, a decompression bomb, replacement with history, removal, a double delivery, and
 * other tenants and scopes.
 */
const images = (await import('../../functions/http/client-images-api.handler.ts')).handler;
const clients = (await import('../../functions/http/clients-api.handler.ts')).handler;
const imageFunction = (await import('../../functions/s3/client-image.handler.ts')).handler;
const config = readConfig();
const s3 = s3Client(config);
const deps = testDeps();

const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  images(httpEvent({ routeKey, as, ...extra }), contextOf('client-images-api'));
const clientCall = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  clients(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));

async function newClient(as: TestUser, name = 'Ferretería Los Aromos') {
  const res = await clientCall('POST /v1/clients', as, { body: { personType: 'other', name } });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).id as string;
}

const photo = (width: number, height: number, format: 'jpeg' | 'png' | 'webp') =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 90, b: 30 } } })
    .composite([{ input: { create: { width: Math.ceil(width / 3), height: Math.ceil(height / 3), channels: 3, background: '#1e5aa0' } }, gravity: 'centre' }])
    [format]()
    .toBuffer();

/** The PNG with other dimensions in its IHDR chunk (and that chunk's CRC made right): what a decompression bomb declares. */
function withDimensions(png: Buffer, width: number, height: number) {
  const out = Buffer.from(png);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

/** Asks for an upload URL and PUTs the bytes to it as a browser would; returns the upload and its key. */
async function upload(as: TestUser, clientId: string, bytes: Uint8Array, contentType = 'image/jpeg') {
  const res = await call('POST /v1/clients/{clientId}/image', as, { pathParameters: { clientId }, body: { contentType, sizeBytes: bytes.length } });
  expect(res.statusCode, res.body).toBe(201);
  const { upload: record, put } = json(res);
  const sent = await fetch(put.url, { method: 'PUT', headers: put.headers, body: bytes });
  expect(sent.status, await sent.text()).toBe(200);
  const key = new URL(put.url).pathname.split('/').slice(2).map(decodeURIComponent).join('/');
  return { id: record.id as string, key, size: bytes.length };
}

/** What the bucket notification delivers once the object is stored. */
const deliver = (key: string, size: number) => imageFunction(s3Event(key, size)) as Promise<{ outcomes: Array<{ outcome: string }> }>;

const getImage = async (as: TestUser, clientId: string, query?: Record<string, string>, lang = 'es') =>
  call('GET /v1/clients/{clientId}/image', as, { pathParameters: { clientId }, ...(query ? { query } : {}), headers: { 'accept-language': lang } });

const bytesAt = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

let admin: TestUser;
beforeAll(async () => {
  ({ admin } = await newTenant(deps));
});

describe('client images', () => {
  it.each(['jpeg', 'png', 'webp'] as const)('takes a real %s: thumbnail 256×256 WebP, image on the client, links that serve both', async (format) => {
    const clientId = await newClient(admin);
    const original = await photo(1200, 800, format);
    const sent = await upload(admin, clientId, original, `image/${format}`);
    expect((await deliver(sent.key, sent.size)).outcomes).toEqual([{ objectKey: sent.key, outcome: 'ready' }]);

    const body = json(await getImage(admin, clientId));
    expect(body.image).toMatchObject({ id: sent.id, contentType: `image/${format}`, width: 1200, height: 800, sizeBytes: original.length, current: true });
    expect(body.image.thumbnail).toMatchObject({ width: 256, height: 256, contentType: 'image/webp' });
    expect(body.lastUpload).toMatchObject({ id: sent.id, status: 'ready' });
    const thumb = await sharp(await bytesAt(body.image.thumbnailUrl)).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 256, 256]);
    expect(Buffer.from(await bytesAt(body.image.url)).equals(original)).toBe(true);

    // The client and its list show that it has an image (metadata, no links); the change is in its history.
    const client = json(await clientCall('GET /v1/clients/{clientId}', admin, { pathParameters: { clientId } }));
    expect(client.image).toMatchObject({ id: sent.id, width: 1200 });
    expect(JSON.stringify(client)).not.toContain('X-Amz-Signature');
    const history = json(await clientCall('GET /v1/clients/{clientId}/history', admin, { pathParameters: { clientId } }));
    expect(history.items[0]).toMatchObject({ operation: 'image.set', version: client.version, changes: [{ field: 'image', to: { id: sent.id } }] });
  });

  it('signs the PUT for the declared type and exact size', async () => {
    const clientId = await newClient(admin);
    const res = await call('POST /v1/clients/{clientId}/image', admin, { pathParameters: { clientId }, body: { contentType: 'image/png', sizeBytes: 1234 } });
    const { put, upload: record } = json(res);
    expect(new URL(put.url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(new URL(put.url).pathname).toContain(`/tenants/${admin.tenantId}/clients/${clientId}/images/${record.id}/original`);
    expect(put.headers).toEqual({ 'content-type': 'image/png', 'content-length': '1234' });
    expect(record).toMatchObject({ status: 'pending', declaredContentType: 'image/png', declaredSizeBytes: 1234 });
    for (const body of [
      { contentType: 'image/gif', sizeBytes: 10 },
      { contentType: 'image/png', sizeBytes: 5 * 1024 * 1024 + 1 },
      { contentType: 'image/png', sizeBytes: 0 },
      { contentType: 'image/png', sizeBytes: 10, name: 'x.png' },
    ]) {
      const refused = await call('POST /v1/clients/{clientId}/image', admin, { pathParameters: { clientId }, body });
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(json(refused).code).toBe('validation_failed');
    }
  });

  it('rejects a text file named .jpg, by its bytes, and says why in Spanish and English', async () => {
    const clientId = await newClient(admin);
    const sent = await upload(admin, clientId, new TextEncoder().encode('Hola, esto no es una foto.jpg\n'), 'image/jpeg');
    expect((await deliver(sent.key, sent.size)).outcomes[0]!.outcome).toBe('rejected');
    const es = json(await getImage(admin, clientId));
    expect(es.image).toBeUndefined();
    expect(es.lastUpload).toMatchObject({ id: sent.id, status: 'rejected', rejection: { code: 'not_an_image' } });
    expect(es.lastUpload.rejection.message).toContain('no es una imagen JPEG, PNG ni WebP');
    expect(json(await getImage(admin, clientId, undefined, 'en')).lastUpload.rejection.message).toContain('is not a JPEG, PNG or WebP image');
    const client = json(await clientCall('GET /v1/clients/{clientId}', admin, { pathParameters: { clientId } }));
    expect(client.image).toBeUndefined();
    expect(client.version).toBe(1);
  });

  it('rejects a huge-dimension PNG from its header, without decoding it', async () => {
    const clientId = await newClient(admin);
    // A real PNG whose header declares 60,000 × 60,000 (3.6 gigapixels, 10.8 GB decoded) in a few hundred bytes.
    const bomb = withDimensions(await photo(64, 64, 'png'), 60_000, 60_000);
    expect((await sharp(bomb, { limitInputPixels: false }).metadata()).width).toBe(60_000);
    const sent = await upload(admin, clientId, bomb, 'image/png');
    const before = process.memoryUsage().rss;
    expect((await deliver(sent.key, sent.size)).outcomes[0]!.outcome).toBe('rejected');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    const { lastUpload } = json(await getImage(admin, clientId, undefined, 'en'));
    expect(lastUpload.rejection).toMatchObject({ code: 'too_many_pixels', params: { width: 60_000, height: 60_000, maxPixels: MAX_IMAGE_PIXELS } });
    expect(lastUpload.rejection.message).toContain('60000 × 60000 pixels');
  });

  it('rejects an object over 5 MB however it got there (S3 enforces the signed length; the function checks again)', async () => {
    const clientId = await newClient(admin);
    const res = await call('POST /v1/clients/{clientId}/image', admin, { pathParameters: { clientId }, body: { contentType: 'image/jpeg', sizeBytes: 1000 } });
    const key = new URL(json(res).put.url).pathname.split('/').slice(2).join('/');
    const big = Buffer.concat([await photo(100, 100, 'jpeg'), Buffer.alloc(5 * 1024 * 1024)]);
    await s3.send(new PutObjectCommand({ Bucket: config.uploadsBucket, Key: key, Body: big }));
    // Both ways: as the event reports the size, and as the stored object is (an event that said less).
    expect((await deliver(key, 1000)).outcomes[0]!.outcome).toBe('rejected');
    expect(json(await getImage(admin, clientId, undefined, 'en')).lastUpload.rejection).toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('5 MB'),
    });
    expect((await deliver(key, big.length)).outcomes[0]!.outcome).toBe('already_done');
  });

  it('rejects a truncated JPEG (right magic number, damaged body) as unreadable', async () => {
    const clientId = await newClient(admin);
    const whole = await photo(800, 600, 'jpeg');
    const sent = await upload(admin, clientId, whole.subarray(0, Math.floor(whole.length / 2)));
    expect((await deliver(sent.key, sent.size)).outcomes[0]!.outcome).toBe('rejected');
    expect(json(await getImage(admin, clientId)).lastUpload.rejection.code).toBe('unreadable_image');
  });

  it('replaces the image keeping the old one in the history and its files; DELETE removes it and keeps the history', async () => {
    const clientId = await newClient(admin);
    const first = await upload(admin, clientId, await photo(640, 480, 'jpeg'));
    await deliver(first.key, first.size);
    const second = await upload(admin, clientId, await photo(300, 900, 'png'), 'image/png');
    expect((await deliver(second.key, second.size)).outcomes[0]!.outcome).toBe('ready');

    const now = json(await getImage(admin, clientId));
    expect(now.image).toMatchObject({ id: second.id, width: 300, height: 900, current: true });
    const earlier = json(await getImage(admin, clientId, { imageId: first.id }));
    expect(earlier.image).toMatchObject({ id: first.id, width: 640, current: false });
    expect((await fetch(earlier.image.thumbnailUrl)).status).toBe(200);
    const unknown = await getImage(admin, clientId, { imageId: '01JNG4C6E8G0J2L4N6Q8S0U2W4' });
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown).code).toBe('not_found');

    const removed = await call('DELETE /v1/clients/{clientId}/image', admin, { pathParameters: { clientId } });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(json(removed).image).toBeUndefined();
    expect(removed.headers?.etag).toBe(`"${json(removed).version}"`);
    expect(json(await getImage(admin, clientId)).image).toBeUndefined();
    // Removing again changes nothing.
    expect(json(await call('DELETE /v1/clients/{clientId}/image', admin, { pathParameters: { clientId } })).version).toBe(json(removed).version);

    const history = json(await clientCall('GET /v1/clients/{clientId}/history', admin, { pathParameters: { clientId } }));
    expect(history.items.map((h: { operation: string }) => h.operation).slice(0, 3)).toEqual(['image.remove', 'image.replace', 'image.set']);
    expect(history.items[1].changes[0]).toMatchObject({ field: 'image', from: { id: first.id }, to: { id: second.id } });
    expect(history.items[0].changes[0]).toMatchObject({ field: 'image', from: { id: second.id } });
    // The files of both images are kept.
    for (const id of [first.id, second.id]) {
      const object = await s3.send(new GetObjectCommand({ Bucket: config.uploadsBucket, Key: thumbnailKey(admin.tenantId, clientId, id) }));
      expect(object.ContentType).toBe('image/webp');
    }
  });

  it('does one thing when the event comes twice, or twice at once', async () => {
    const clientId = await newClient(admin);
    const sent = await upload(admin, clientId, await photo(500, 500, 'webp'), 'image/webp');
    const outcomes = await Promise.all([deliver(sent.key, sent.size), deliver(sent.key, sent.size)]);
    expect(outcomes.map((o) => o.outcomes[0]!.outcome).sort()).toEqual(['already_done', 'ready']);
    expect((await deliver(sent.key, sent.size)).outcomes[0]!.outcome).toBe('already_done');
    const history = json(await clientCall('GET /v1/clients/{clientId}/history', admin, { pathParameters: { clientId } }));
    expect(history.items.filter((h: { operation: string }) => h.operation.startsWith('image.'))).toHaveLength(1);
    expect(json(await clientCall('GET /v1/clients/{clientId}', admin, { pathParameters: { clientId } })).version).toBe(2);
  });

  it('keeps a newer image when an older upload’s event arrives late (superseded)', async () => {
    const clientId = await newClient(admin);
    const older = await upload(admin, clientId, await photo(400, 300, 'jpeg'));
    const newer = await upload(admin, clientId, await photo(300, 400, 'jpeg'));
    expect((await deliver(newer.key, newer.size)).outcomes[0]!.outcome).toBe('ready');
    expect((await deliver(older.key, older.size)).outcomes[0]!.outcome).toBe('superseded');
    expect(json(await getImage(admin, clientId)).image.id).toBe(newer.id);
  });

  it('ignores keys that name no upload (a thumbnail, another tenant’s path, an unknown id)', async () => {
    const clientId = await newClient(admin);
    const foreignKey = `tenants/t-nobody/clients/${clientId}/images/01JNG4C6E8G0J2L4N6Q8S0U2W4/original`;
    await s3.send(new PutObjectCommand({ Bucket: config.uploadsBucket, Key: foreignKey, Body: await photo(10, 10, 'png') }));
    expect((await deliver(foreignKey, 100)).outcomes[0]!.outcome).toBe('unknown_upload');
    expect((await deliver(`tenants/${admin.tenantId}/clients/${clientId}/images/x/thumbnail.webp`, 10)).outcomes[0]!.outcome).toBe('unknown_upload');
  });

  it('answers 404 for another tenant’s client and for a client out of a level-4 user’s scope', async () => {
    const clientId = await newClient(admin);
    const { admin: other } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    const own = await newClient(clerk, 'Cliente del vendedor');
    for (const as of [other, clerk]) {
      for (const [routeKey, body] of [
        ['POST /v1/clients/{clientId}/image', { contentType: 'image/png', sizeBytes: 10 }],
        ['GET /v1/clients/{clientId}/image', undefined],
        ['DELETE /v1/clients/{clientId}/image', undefined],
      ] as const) {
        const res = await call(routeKey, as, { pathParameters: { clientId }, ...(body ? { body } : {}) });
        expect(res.statusCode, `${routeKey} as ${as.id}`).toBe(404);
        expect(json(res).code).toBe('not_found');
      }
    }
    // The level-4 user's own client (they are its seller) is theirs to change.
    const sent = await upload(clerk, own, await photo(200, 200, 'png'), 'image/png');
    expect((await deliver(sent.key, sent.size)).outcomes[0]!.outcome).toBe('ready');
    expect(json(await getImage(clerk, own)).image.setBy).toBe(clerk.id);
  });
});
