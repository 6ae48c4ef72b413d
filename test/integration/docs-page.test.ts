import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFunction } from '../../functions/catalogue.ts';
import { createApiGateway } from '../../scripts/local/api-gateway.ts';
import { createDevIssuer } from '../../scripts/local/dev-issuer.ts';

/**
 * /docs without a browser: the page, its files served by docs-api through the local gateway (as under
 * `npm start`), and nothing fetched from anywhere else. test/integration/docs-browser.test.ts renders it.
 */
let server: Server;
let base: string;
const pinned = (JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }).dependencies['swagger-ui-dist']!;

beforeAll(async () => {
  ({ server, url: base } = await createApiGateway({ issuer: await createDevIssuer(), port: 0 }));
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
});

describe('/docs', () => {
  it('is Swagger UI of the pinned version whose every script, style and icon comes from this API, under a policy that allows nothing else', async () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const response = await fetch(`${base}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy')!;
    for (const directive of ["default-src 'none'", "script-src 'self'", "connect-src 'self'"]) expect(csp).toContain(directive);
    const html = await response.text();
    // No absolute URL at all: no CDN, font host or validator.
    expect(html).not.toMatch(/(?:https?:)?\/\/[a-z0-9.-]+/i);
    const linked = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(linked).toEqual(
      expect.arrayContaining([`/docs/assets/${pinned}/swagger-ui-bundle.js`, `/docs/assets/${pinned}/swagger-ui.css`, `/docs/assets/${pinned}/docs-init.js`]),
    );
    for (const path of linked.filter((p) => p.startsWith('/docs/assets/'))) {
      const asset = await fetch(`${base}${path}`);
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
      expect((await asset.arrayBuffer()).byteLength, path).toBeGreaterThan(100);
    }
    const init = await (await fetch(`${base}/docs/assets/${pinned}/docs-init.js`)).text();
    expect(init).toContain("url: '/v1/openapi.json'");
    expect(init).toContain('validatorUrl: null');
  });

  it('sends the 1.8 MB script gzipped to clients that accept it, and the installed bytes either way', async () => {
    const path = `${base}/docs/assets/${pinned}/swagger-ui-bundle.js`;
    const installed = readFileSync('node_modules/swagger-ui-dist/swagger-ui-bundle.js');
    const plain = await fetch(path, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(installed)).toBe(true);
    // Raw bytes as they travel, via node:http semantics of fetch: decode by hand to compare.
    const { request } = await import('node:http');
    const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request(path, { headers: { 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
        const chunks: Buffer[] = [];
        res
          .on('data', (c: Buffer) => chunks.push(c))
          .on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
          .on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.body.byteLength).toBeLessThan(installed.byteLength / 2);
    expect(gunzipSync(raw.body).equals(installed)).toBe(true);
    // gzip refused with q=0 gets the plain bytes.
    const refused = await new Promise<Record<string, unknown>>((resolve, reject) => {
      request(path, { headers: { 'accept-encoding': 'br, gzip;q=0' } }, (res) => {
        res.resume().on('end', () => resolve(res.headers));
      })
        .on('error', reject)
        .end();
    });
    expect(refused['content-encoding']).toBeUndefined();
  });

  it('serves only the files the page needs, and only for its version', async () => {
    for (const path of [
      `/docs/assets/${pinned}/package.json`,
      `/docs/assets/${pinned}/index.js`,
      `/docs/assets/${pinned}/..%2Fpackage.json`,
      '/docs/assets/0.0.1/swagger-ui.css',
    ]) {
      const response = await fetch(`${base}${path}`);
      expect([400, 404], path).toContain(response.status);
      expect(response.headers.get('content-type'), path).toBe('application/problem+json');
    }
    expect(findFunction('docs-api').packageFiles!.files).toContain('swagger-ui-bundle.js');
  });

  it('serves the OpenAPI document the page renders', async () => {
    const response = await fetch(`${base}/v1/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; servers: Array<{ url: string }> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]!.url).toBe('/');
  });
});
