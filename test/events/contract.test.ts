import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpApiEventSchema, S3EventSchema, ScheduledEventSchema, SesEventSchema, TenantOperatorEventSchema } from '../../events/schemas.ts';
import { defaultSample } from '../../events/samples.ts';
import { findFunction, functionCatalogue } from '../../functions/catalogue.ts';
import { projectRoot } from '../../scripts/local/handlers.ts';
import { scheduledEvent } from '../../scripts/local/scheduler.ts';
import { httpEvent, json } from '../support/http.ts';
import { newTenant } from '../support/tenants.ts';

const schemas = {
  apigw: HttpApiEventSchema,
  s3: S3EventSchema,
  eventbridge: ScheduledEventSchema,
  operator: TenantOperatorEventSchema,
  ses: SesEventSchema,
} as const;
const samplesDir = join(projectRoot, 'events/samples');

describe('event fixtures', () => {
  const samples = Object.keys(schemas).flatMap((source) =>
    readdirSync(join(samplesDir, source)).map((file) => [`${source}/${file}`, source as keyof typeof schemas] as const),
  );

  it('has samples for every trigger source', () => {
    expect(new Set(samples.map(([, s]) => s))).toEqual(new Set(Object.keys(schemas)));
  });

  it.each(samples)('%s parses with its source schema', (file, source) => {
    const event = JSON.parse(readFileSync(join(samplesDir, file), 'utf8'));
    expect(schemas[source].safeParse(event).error).toBeUndefined();
  });

  it.each(functionCatalogue.map((f) => [f.name, f] as const))('%s has a default sample for npm run invoke that its trigger schema accepts', (_name, spec) => {
    const source = { http: 'apigw', s3: 's3', schedule: 'eventbridge', operator: 'operator', sesEvents: 'ses' } as const;
    const event = JSON.parse(readFileSync(join(projectRoot, defaultSample(spec)), 'utf8'));
    expect(schemas[source[spec.trigger.type]].safeParse(event).error).toBeUndefined();
  });

  it('the events the local runtime and tests build satisfy the same contracts', () => {
    expect(ScheduledEventSchema.safeParse(scheduledEvent(findFunction('outbox-dispatcher'), new Date())).success).toBe(true);
    const http = httpEvent({ routeKey: 'GET /v1/tenant', as: { tenantId: 't', id: 'u', email: 'u@t.test', accessLevel: 1, permissions: [] } });
    expect(HttpApiEventSchema.safeParse(http).error).toBeUndefined();
  });

  it('the sample GET /v1/tenant runs through the real handler', async () => {
    const { handler } = await import('../../functions/http/workspace-api.handler.ts');
    const sample = () => JSON.parse(readFileSync(join(samplesDir, 'apigw/get-tenant.json'), 'utf8'));
    // The sample's tenant does not exist in the test table: its token is refused cleanly.
    const foreign = sample();
    foreign.requestContext.authorizer.jwt.claims['custom:tenant_id'] = 'no-such-tenant';
    expect(json(await handler(foreign, {} as never))).toMatchObject({ status: 403, code: 'tenant_unavailable' });
    // With the claims pointed at a stored tenant and user, it answers that tenant.
    const { admin } = await newTenant();
    const event = sample();
    Object.assign(event.requestContext.authorizer.jwt.claims, { 'custom:tenant_id': admin.tenantId, 'custom:user_id': admin.id, sub: admin.id });
    const result = await handler(event, {} as never);
    expect(result.statusCode).toBe(200);
    expect(json(result).id).toBe(admin.tenantId);
  });

  it('the sample without a token is refused with 401', async () => {
    const { handler } = await import('../../functions/http/workspace-api.handler.ts');
    const event = JSON.parse(readFileSync(join(samplesDir, 'apigw/create-user-without-token.json'), 'utf8'));
    expect((await handler(event, {} as never)).statusCode).toBe(401);
  });
});
