import { beforeAll, describe, expect, it } from 'vitest';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient, updateClient } from '../../domain/clients/client.use-cases.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { newAdminActor, newTenant, testDeps } from '../support/tenants.ts';

const deps = testDeps();
let actor: Actor;
beforeAll(async () => {
  actor = await newAdminActor(deps);
});
const make = (input: Record<string, unknown>) => createClient(deps)(actor, NewClient.parse(input));

describe('custom client ids', () => {
  it('are unique per tenant regardless of case, and are freed when changed', async () => {
    const first = await make({ personType: 'other', name: 'Uno', email: 'u1@u.test', customId: 'ABC-1' });
    await expect(make({ personType: 'other', name: 'Dos', email: 'u2@u.test', customId: 'abc-1' }))
      .rejects.toMatchObject({ code: 'conflict', details: { field: 'customId', existingId: first.id } });
    await updateClient(deps)(actor, first.id, { customId: 'ABC-2' }, 1);
    const second = await make({ personType: 'other', name: 'Dos', email: 'u2@u.test', customId: 'abc-1' });
    expect(second.customId).toBe('abc-1');
  });

  it('let another tenant use the same custom id, e-mail and tax id', async () => {
    const input = { personType: 'other', name: 'Gemelo', email: 'twin@u.test', customId: 'TWIN', taxId: { scheme: 'CL_RUT', value: '11.111.111-1' } };
    await make(input);
    const { admin } = await newTenant(deps);
    const other: Actor = { tenantId: admin.tenantId, userId: admin.id, accessLevel: 1, permissions: [] };
    const twin = await createClient(deps)(other, NewClient.parse(input));
    expect(twin.tenantId).toBe(admin.tenantId);
  });
});
