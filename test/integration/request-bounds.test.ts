import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../functions/http/openapi.ts';

type Schema = Record<string, any>;
const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, Schema> } };

const resolve = (schema: Schema): Schema =>
  typeof schema.$ref === 'string' ? doc.components!.schemas![schema.$ref.replace('#/components/schemas/', '')]! : schema;

/**
 * Every place in a request schema that could grow without bound: a string without maxLength (and not an
 * enum or constant), an array without maxItems, an object that takes any number of properties.
 */
function unbounded(schema: Schema, at: string, seen = new Set<Schema>()): string[] {
  const s = resolve(schema);
  if (seen.has(s)) return [];
  seen.add(s);
  const found: string[] = [];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const [i, sub] of (s[key] ?? []).entries()) found.push(...unbounded(sub, `${at}|${i}`, seen));
  const types = [s.type].flat().filter(Boolean);
  if (types.includes('string') && s.maxLength === undefined && s.enum === undefined && s.const === undefined) found.push(`${at}: string without maxLength`);
  if (types.includes('array')) {
    if (s.maxItems === undefined) found.push(`${at}: array without maxItems`);
    if (s.items) found.push(...unbounded(s.items, `${at}[]`, seen));
  }
  if (types.includes('object')) {
    if (s.additionalProperties !== false && s.maxProperties === undefined) found.push(`${at}: object open to any number of properties`);
    for (const [name, sub] of Object.entries<Schema>(s.properties ?? {})) found.push(...unbounded(sub, `${at}/${name}`, seen));
    if (s.propertyNames) found.push(...unbounded(s.propertyNames, `${at}{key}`, seen));
    if (s.additionalProperties && typeof s.additionalProperties === 'object') found.push(...unbounded(s.additionalProperties, `${at}{value}`, seen));
  }
  return found;
}

describe('request bounds', () => {
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as const),
  );

  it('bounds every string, array and object of every path, query and body schema of every route', () => {
    const found = operations.flatMap(([key, op]) => [
      ...(op.parameters ?? [])
        .filter((p: { in: string }) => p.in !== 'header')
        .flatMap((p: { in: string; name: string; schema: Schema }) => unbounded(p.schema, `${key} ${p.in}/${p.name}`)),
      ...(op.requestBody ? unbounded(op.requestBody.content['application/json'].schema, `${key} body`) : []),
    ]);
    expect(found).toEqual([]);
  });
});
