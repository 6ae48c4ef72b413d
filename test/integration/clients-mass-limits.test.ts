import { describe, expect, it } from 'vitest';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient, getClient } from '../../domain/clients/client.use-cases.ts';
import { massUpdateClients, MAX_MATCHED } from '../../domain/clients/mass-update.use-case.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { wordMassResult } from '../../functions/http/messages/mass-failures.ts';
import { newAdminActor, testDeps } from '../support/tenants.ts';

const deps = testDeps();

async function tenantWith(cities: string[]) {
  const actor = await newAdminActor(deps);
  const clients = [];
  for (const [i, city] of cities.entries()) {
    clients.push(await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: `Masivo ${i}`, email: `m${i}@mass.test`, city })));
  }
  return { actor, clients };
}

describe('mass update limits and failures', () => {
  it('refuses a filter that matches more than the cap, before changing anyone', async () => {
    const { actor, clients } = await tenantWith(['Talca', 'Talca', 'Talca', 'Talca', 'Linares']);
    const capped = massUpdateClients(deps, { maxMatched: 3 });
    await expect(capped(actor, { filter: { status: 'active', city: 'Talca' } }, { paymentTermsDays: 60 })).rejects.toMatchObject({
      code: 'invalid_state',
      details: { reason: 'too_many_matches', limit: 3 },
    });
    for (const c of clients) expect((await getClient(deps)(actor, c.id)).paymentTermsDays).toBe(c.paymentTermsDays);
    // At the cap it goes through.
    const result = await massUpdateClients(deps, { maxMatched: 4 })(actor, { filter: { status: 'active', city: 'Talca' } }, { paymentTermsDays: 60 });
    expect(result.counts).toEqual({ updated: 4, unchanged: 0, not_found: 0, failed: 0 });
    expect(MAX_MATCHED).toBe(5_000);
  });

  it('lists a client whose write failed, with the reason, and still updates the others', async () => {
    const { actor, clients } = await tenantWith(['Osorno', 'Osorno', 'Osorno']);
    const broken = clients[1]!.id;
    // One client's write fails the way a store refusal would; the real store serves the rest.
    const faulty = {
      ...deps,
      clients: {
        ...deps.clients,
        get: deps.clients.get.bind(deps.clients),
        update: async (...args: Parameters<typeof deps.clients.update>) => {
          if (args[0].id === broken) {
            throw new DomainError('validation_failed', 'category c-1 does not exist', {
              errors: [{ pointer: '/categoryId', code: 'unknown_reference', params: { entity: 'category', id: 'c-1' } }],
            });
          }
          return deps.clients.update(...args);
        },
      },
    };
    const result = await massUpdateClients(faulty)(actor, { clientIds: clients.map((c) => c.id) }, { collectionsEnabled: false });
    expect(result.counts).toEqual({ updated: 2, unchanged: 0, not_found: 0, failed: 1 });
    // The error's facts travel with it, so the HTTP layer words the failure as that client's own request would be.
    expect(result.failures).toEqual([
      {
        clientId: broken,
        outcome: 'failed',
        code: 'validation_failed',
        message: 'category c-1 does not exist',
        details: { errors: [{ pointer: '/categoryId', code: 'unknown_reference', params: { entity: 'category', id: 'c-1' } }] },
      },
    ]);
    expect(wordMassResult(result, 'es').failures).toEqual([
      {
        clientId: broken,
        outcome: 'failed',
        code: 'validation_failed',
        message: 'No existe la categoría «c-1»; elige una que exista (GET /v1/client-categories)',
      },
    ]);
    expect((await getClient(deps)(actor, broken)).collectionsEnabled).toBe(true);
    expect((await getClient(deps)(actor, clients[0]!.id)).collectionsEnabled).toBe(false);
  });

  it('stops when the store itself fails (not a rule about one client), and a second run finishes the job', async () => {
    const { actor, clients } = await tenantWith(['Puyehue', 'Puyehue', 'Puyehue']);
    const unreachable = clients[1]!.id;
    let down = true;
    const flaky = {
      ...deps,
      clients: {
        ...deps.clients,
        get: deps.clients.get.bind(deps.clients),
        update: async (...args: Parameters<typeof deps.clients.update>) => {
          if (down && args[0].id === unreachable) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
          return deps.clients.update(...args);
        },
      },
    };
    const ids = clients.map((c) => c.id);
    await expect(massUpdateClients(flaky, { maxMatched: 5_000 })(actor, { clientIds: ids }, { collectionsEnabled: false })).rejects.toThrow(/ECONNREFUSED/);
    down = false;
    const again = await massUpdateClients(flaky)(actor, { clientIds: ids }, { collectionsEnabled: false });
    expect(again.counts.failed).toBe(0);
    expect(again.counts.updated + again.counts.unchanged).toBe(3);
    for (const id of ids) expect((await getClient(deps)(actor, id)).collectionsEnabled).toBe(false);
  });
});
