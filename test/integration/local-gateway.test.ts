import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsForUser } from '../../functions/auth/claims.ts';
import { MAX_BODY_BYTES } from '../../functions/http/request-body.ts';
import { createApiGateway } from '../../scripts/local/api-gateway.ts';
import { createDevIssuer } from '../../scripts/local/dev-issuer.ts';
import { newTenant } from '../support/tenants.ts';

let server: Server;
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  const issuer = await createDevIssuer();
  ({ server, url: base } = await createApiGateway({ issuer, port: 0 }));
  const { admin } = await newTenant();
  auth = { authorization: `Bearer ${await issuer.sign(claimsForUser(admin))}` };
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
});

const problemOf = async (response: Response) => {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as Record<string, any>;
};

describe('local gateway', () => {
  it('answers a malformed % escape in a path parameter with 400 naming the parameter, not 500', async () => {
    for (const path of ['/v1/users/%E0%A4%A', '/v1/users/%zz', '/v1/clients/abc%']) {
      const response = await fetch(`${base}${path}`, { headers: auth });
      expect(response.status, path).toBe(400);
      const problem = await problemOf(response);
      expect(problem.code).toBe('malformed_path');
      expect(problem.errors[0]).toMatchObject({ pointer: expect.stringMatching(/^\/path\/(userId|clientId)$/), code: 'invalid_path_escape' });
      expect(problem.detail).toContain('secuencia %');
    }
  });

  it('answers a known path with an unsupported method with 405 and the allowed methods', async () => {
    const response = await fetch(`${base}/v1/users`, { method: 'PUT', headers: { ...auth, 'accept-language': 'en' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    const problem = await problemOf(response);
    expect(problem).toMatchObject({
      code: 'method_not_allowed',
      title: 'Method not allowed on this path',
      detail: 'PUT is not available on /v1/users; use GET, POST',
    });
    const one = await fetch(`${base}/v1/users/abc`, { method: 'POST', headers: auth });
    expect(one.status).toBe(405);
    expect(one.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'PATCH']);
  });

  it('still answers an unknown path with 404', async () => {
    const response = await fetch(`${base}/v1/nothing-here`, { headers: auth });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe('route_not_found');
  });

  it('refuses a declared body over the limit with 413 before checking the token or calling the handler', async () => {
    const response = await fetch(`${base}/v1/branches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20),
    });
    expect(response.status).toBe(413);
    const problem = await problemOf(response);
    expect(problem.code).toBe('payload_too_large');
    expect(problem.detail).toBe('El cuerpo tiene 1.048.577 bytes y supera el máximo de 1.048.576 bytes (1 MiB)');
  });

  it('refuses a streamed body (no length declared) as soon as it passes the limit', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Up to 8 MiB, far past the limit: the gateway answers without buffering it all.
        if (sent >= 8 * MAX_BODY_BYTES) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${base}/v1/branches`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'accept-language': 'en' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await problemOf(response)).detail).toBe('The body exceeds the limit of 1,048,576 bytes (1 MiB)');
  });

  it('passes a body at the limit on to the handler', async () => {
    const name = 'x'.repeat(MAX_BODY_BYTES - '{"name":""}'.length);
    const response = await fetch(`${base}/v1/branches`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: '/body/name', code: 'too_big' })]);
  });
});
