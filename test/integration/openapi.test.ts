import { describe, expect, it } from 'vitest';
import { allRouteKeys } from '../../functions/catalogue.ts';
import { buildOpenApiDocument } from '../../functions/http/openapi.ts';

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, any>>; components: any };

  it('is OpenAPI 3.1 and documents every catalogued route, and only those', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual([...allRouteKeys()].sort());
  });

  it('describes request bodies from the same strict schemas that validate them', () => {
    const schema = doc.paths['/v1/users']!.post.requestBody.content['application/json'].schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['email', 'name', 'accessLevel']));
  });

  it('documents problem responses, If-Match and Idempotency-Key where they apply', () => {
    const patch = doc.paths['/v1/users/{userId}']!.patch;
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '412', '428']));
    expect(patch.parameters.map((p: { name: string }) => p.name)).toContain('if-match');
    const post = doc.paths['/v1/users']!.post;
    expect(post.parameters.map((p: { name: string }) => p.name)).toContain('idempotency-key');
    expect(post.responses['422'].content['application/problem+json']).toBeDefined();
    expect(post.responses['409'].headers['retry-after']).toBeDefined();
    expect(post.responses['201'].headers['idempotency-replayed']).toBeDefined();
  });

  it('marks the docs routes public and everything else bearer-protected', () => {
    expect(doc.paths['/v1/openapi.json']!.get.security).toEqual([]);
    expect(doc.paths['/v1/tenant']!.get.security).toBeUndefined();
    expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
  });

  it('says on every operation which access level and permission it needs', () => {
    const massUpdate = doc.paths['/v1/clients/mass-update']!.post;
    expect(massUpdate['x-requires']).toEqual({ level: 4, permission: 'clients.mass_update' });
    expect(massUpdate.description).toContain('`clients.mass_update` permission');
    expect(doc.paths['/v1/users']!.post['x-requires']).toEqual({ level: 1, permission: 'users.manage' });
  });
});
