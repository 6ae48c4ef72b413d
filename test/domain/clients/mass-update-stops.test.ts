import { describe, expect, it } from 'vitest';
import { reassignAgents } from '../../../domain/clients/agents.use-cases.ts';
import { requestMassUpdate } from '../../../domain/clients/mass-update.use-case.ts';
import { admin, company, create, type Deps, setup } from './client-book.fixture.ts';

/** Says yes to the first `n` clients asked about, no after: a request whose time ran short. */
const firstOnly = (n: number) => {
  let asked = 0;
  return () => asked++ < n;
};

const massEntries = (deps: Deps, clientId: string, operation = 'mass_update') =>
  deps.clients.historyOf('tenant-a', clientId).filter((e) => e.operation === operation);

describe('a mass update that runs short of time', () => {
  it('starts no client once told to stop, reports exactly which were not reached, and a rerun finishes the rest once each', async () => {
    const deps = await setup();
    const ids: string[] = [];
    for (let n = 0; n < 25; n++) ids.push((await create(deps, admin, company(`Corta ${n}`))).id);

    const first = await requestMassUpdate(deps)(admin, { clientIds: ids }, { paymentTermsDays: 45 }, firstOnly(10));
    expect(first).toMatchObject({ total: 25, counts: { updated: 10, unchanged: 0, not_found: 0, failed: 0 }, complete: false, remaining: 15 });
    expect(first.remainingClientIds).toEqual(ids.slice(10));
    for (const id of ids.slice(0, 10)) expect((await deps.clients.get('tenant-a', id))?.paymentTermsDays).toBe(45);
    for (const id of ids.slice(10)) {
      expect((await deps.clients.get('tenant-a', id))?.paymentTermsDays).toBeUndefined();
      expect(massEntries(deps, id)).toEqual([]);
    }

    const rest = await requestMassUpdate(deps)(admin, { clientIds: ids }, { paymentTermsDays: 45 });
    expect(rest).toMatchObject({
      total: 25,
      counts: { updated: 15, unchanged: 10, not_found: 0, failed: 0 },
      complete: true,
      remaining: 0,
      remainingClientIds: [],
    });
    for (const id of ids) {
      expect((await deps.clients.get('tenant-a', id))?.paymentTermsDays).toBe(45);
      expect(massEntries(deps, id)).toHaveLength(1);
    }
  });

  it('reaches nobody when there is no time from the start, and still answers', async () => {
    const deps = await setup();
    const one = await create(deps, admin, company('Sin Tiempo'));
    const result = await requestMassUpdate(deps)(admin, { filter: { status: 'active' }, all: true }, { zoneId: 'centro' }, () => false);
    expect(result).toMatchObject({
      total: 1,
      counts: { updated: 0, unchanged: 0, not_found: 0, failed: 0 },
      complete: false,
      remaining: 1,
      remainingClientIds: [one.id],
    });
    expect(massEntries(deps, one.id)).toEqual([]);
  });
});

describe('an agent reassignment that runs short of time', () => {
  it('stops inside one book, reports the next book as not reached, and a rerun moves each client once', async () => {
    const deps = await setup();
    const sofias: string[] = [];
    const tomases: string[] = [];
    for (let n = 0; n < 6; n++) sofias.push((await create(deps, admin, company(`De Sofía ${n}`, { agentId: 'sofia' }))).id);
    for (let n = 0; n < 4; n++) tomases.push((await create(deps, admin, company(`De Tomás ${n}`, { agentId: 'tomas' }))).id);
    const moves = { sofia: 'admin-a', tomas: 'jefa-norte' };

    const first = await reassignAgents(deps)(admin, moves, firstOnly(4));
    expect(first.sofia).toMatchObject({ total: 6, counts: { updated: 4 }, complete: false, remaining: 2 });
    expect(first.tomas).toMatchObject({ total: 4, counts: { updated: 0 }, complete: false, remaining: 4 });
    expect([...first.tomas!.remainingClientIds].sort()).toEqual([...tomases].sort());
    const stillSofias = first.sofia!.remainingClientIds;
    for (const id of stillSofias) expect((await deps.clients.get('tenant-a', id))?.agentId).toBe('sofia');

    // The books are read again: only the clients not moved yet are in them.
    const rest = await reassignAgents(deps)(admin, moves);
    expect(rest.sofia).toMatchObject({ total: 2, counts: { updated: 2 }, complete: true, remaining: 0 });
    expect(rest.tomas).toMatchObject({ total: 4, counts: { updated: 4 }, complete: true, remaining: 0 });
    for (const id of sofias) {
      expect((await deps.clients.get('tenant-a', id))?.agentId).toBe('admin-a');
      expect(massEntries(deps, id, 'agent_reassignment')).toHaveLength(1);
    }
    for (const id of tomases) expect(massEntries(deps, id, 'agent_reassignment')).toHaveLength(1);
  });
});
