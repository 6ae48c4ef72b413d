import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

/** The built-in templates' signature through the preview endpoint (DynamoDB Local): the tenant's name once without a collector. */
const { handler } = await import('../../functions/http/collections-api.handler.ts');
const deps = testDeps();
let admin: TestUser;
let withCollector: Client;
let without: Client;
let tenantName: string;

const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });
const preview = async (body: Record<string, unknown>) => {
  const res = await handler(httpEvent({ routeKey: 'POST /v1/collections/templates/preview', as: admin, body }), contextOf('collections-api'));
  expect(res.statusCode).toBe(200);
  return json(res) as { subject: string; text: string; html: string };
};
const closing = { es: 'Saludos cordiales,', en: 'Kind regards,' } as const;

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  tenantName = (await deps.tenants.get(admin.tenantId))!.name;
  const collector = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['collections.manage'], name: 'Ana Cobradora' });
  withCollector = await createClient(deps)(actorOf(admin), NewClient.parse({ personType: 'other', name: 'Ferretería Sur', collectorId: collector.id }));
  without = await createClient(deps)(actorOf(admin), NewClient.parse({ personType: 'other', name: 'Panadería Norte' }));
});

describe('default signature in the template preview', () => {
  for (const language of ['es', 'en'] as const) {
    it(`${language}: signs with the collector over the company, or the company once when the client has no collector (text and HTML)`, async () => {
      const signed = await preview({ type: 'overdue', clientId: withCollector.id, language });
      const alone = await preview({ conceptId: 'before-7', clientId: without.id, language });

      expect(signed.text.endsWith(`${closing[language]}\nAna Cobradora\n${tenantName}`)).toBe(true);
      expect(signed.html).toContain(`${closing[language]}<br>\nAna Cobradora<br>\n${tenantName}</body>`);
      expect(alone.text.endsWith(`${closing[language]}\n${tenantName}`)).toBe(true);
      expect(alone.html).toContain(`${closing[language]}<br>\n${tenantName}</body>`);
      // A notice's text names the company only in its signature: once.
      expect(alone.text.split(tenantName)).toHaveLength(2);
    });
  }
});
