import { beforeAll, describe, expect, it } from 'vitest';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient, updateClient } from '../../domain/clients/client.use-cases.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { newAdminActor, testDeps } from '../support/tenants.ts';

const deps = testDeps();
let actor: Actor;
beforeAll(async () => {
  actor = await newAdminActor(deps);
});
const make = (input: Record<string, unknown>) => createClient(deps)(actor, NewClient.parse(input));

describe('custom client ids', () => {
  it('are unique per tenant regardless of case, and are freed when changed', async () => {
    const first = await make({ personType: 'other', name: 'Uno', email: 'u1@u.test', customId: 'ABC-1' });
    await expect(make({ personType: 'other', name: 'Dos', email: 'u2@u.test', customId: 'abc-1' })).rejects.toMatchObject({
      code: 'conflict',
      details: { field: 'customId', existingId: first.id },
    });
    await updateClient(deps)(actor, first.id, { customId: 'ABC-2' }, 1);
    const second = await make({ personType: 'other', name: 'Dos', email: 'u2@u.test', customId: 'abc-1' });
    expect(second.customId).toBe('abc-1');
  });

  it('let another tenant use the same custom id, e-mail and tax id, and each tenant finds its own client by them', async () => {
    const input = { personType: 'other', name: 'Gemelo', email: 'twin@u.test', customId: 'TWIN', taxId: { scheme: 'CL_RUT', value: '11.111.111-1' } };
    const one = await newAdminActor(deps);
    const two = await newAdminActor(deps);
    const original = await createClient(deps)(one, NewClient.parse(input));
    const twin = await createClient(deps)(two, NewClient.parse(input));
    expect(twin.id).not.toBe(original.id);
    expect([original.tenantId, twin.tenantId]).toEqual([one.tenantId, two.tenantId]);
    for (const [lookup, value] of [
      ['customId', 'twin'],
      ['email', 'TWIN@u.test'],
      ['taxId', 'CL_RUT:11111111-1'],
    ] as const) {
      expect((await deps.clients.findBy(one.tenantId, lookup, value))?.id, lookup).toBe(original.id);
      expect((await deps.clients.findBy(two.tenantId, lookup, value))?.id, lookup).toBe(twin.id);
    }
    // Still unique inside the second tenant: a third client with the custom id conflicts with the twin.
    await expect(
      createClient(deps)(two, NewClient.parse({ personType: 'other', name: 'Trillizo', email: 'triplet@u.test', customId: 'twin' })),
    ).rejects.toMatchObject({ code: 'conflict', details: { field: 'customId', existingId: twin.id } });
  });
});
