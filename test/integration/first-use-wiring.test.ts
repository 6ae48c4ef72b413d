import { describe, expect, it, vi } from 'vitest';
import { dynamoClients } from '../../functions/adapters/aws-clients.ts';
import { createDataService, type DataService } from '../../functions/adapters/dynamodb/entities/index.ts';
import { readConfig } from '../../functions/config.ts';
import { dynamoTenantRepository } from '../../functions/adapters/dynamodb/tenant.repository.ts';
import { dynamoUserRepository } from '../../functions/adapters/dynamodb/user.repository.ts';
import { clockFor } from '../../functions/adapters/system.ts';
import { clientRepositories } from '../../functions/wiring/clients.ts';
import { onFirstUse } from '../../functions/wiring/on-first-use.ts';
import { receivableRepositories } from '../../functions/wiring/receivables.ts';
import { workspaceRepositories } from '../../functions/wiring/workspace.ts';

/** The run's table through a data service that records which entities are read, and so built. */
function recordingTable() {
  const config = readConfig();
  const { document } = dynamoClients(config);
  const real = createDataService(document, config.tableName);
  const read: string[] = [];
  const entities = new Proxy(real.entities, {
    get: (target, name) => {
      read.push(String(name));
      return Reflect.get(target, name);
    },
  });
  const data = { ...real, entities } as DataService;
  return { data, document, config, read };
}

describe('repositories wired on first use', () => {
  it('builds no entity when a handler wires its repositories, and only those a request uses after', async () => {
    const table = recordingTable();
    const repos = { ...clientRepositories(table), ...workspaceRepositories(table) };
    expect(table.read).toEqual([]);
    const tenantId = `t-first-use-${Date.now().toString(36)}`;
    expect(await repos.orgUnits.get(tenantId, 'branch', 'nope')).toBeUndefined();
    expect(table.read).toEqual(['orgUnit']);
    expect(await repos.clients.get(tenantId, 'nope')).toBeUndefined();
    expect([...new Set(table.read)].sort()).toEqual(['client', 'clientHistory', 'orgUnit', 'searchTerm', 'uniqueGuard']);
  });

  it('builds only the tenant and user entities for the access check; the e-mail guard waits for an e-mail look-up', async () => {
    const table = recordingTable();
    const users = dynamoUserRepository(table.data);
    const tenants = dynamoTenantRepository(table.data);
    const tenantId = `t-first-use-${Date.now().toString(36)}-u`;
    expect(await tenants.get(tenantId)).toBeUndefined();
    expect(await users.get(tenantId, 'nope')).toBeUndefined();
    expect([...new Set(table.read)].sort()).toEqual(['tenant', 'user']);
    expect(await users.findByEmail(tenantId, 'nadie@example.cl')).toBeUndefined();
    expect([...new Set(table.read)].sort()).toEqual(['tenant', 'uniqueGuard', 'user']);
  });

  it('wires the receivables repositories without building an entity; an invoice read builds the invoice entities only', async () => {
    const table = recordingTable();
    const repos = receivableRepositories({ ...table, clock: clockFor('test', undefined) });
    expect(table.read).toEqual([]);
    const tenantId = `t-first-use-${Date.now().toString(36)}-r`;
    expect(await repos.invoices.get(tenantId, 'nope')).toBeUndefined();
    expect([...new Set(table.read)].sort()).toEqual(['invoice', 'invoiceLines', 'invoiceSequence']);
    expect(await repos.estimates.get(tenantId, 'nope')).toBeUndefined();
    expect([...new Set(table.read)]).toEqual(expect.arrayContaining(['estimate', 'estimateLines', 'estimateSequence', 'clientEstimates']));
    expect(table.read).not.toContain('userPreferences');
  });

  it('builds once, and behaves as the object it stands for (methods, keys, spies)', () => {
    const build = vi.fn(() => ({
      count: 1,
      next() {
        this.count += 1;
        return this.count;
      },
    }));
    const repo = onFirstUse(build);
    expect(build).not.toHaveBeenCalled();
    expect(repo.next()).toBe(2);
    expect(repo.next()).toBe(3);
    expect(Object.keys(repo)).toEqual(['count', 'next']);
    expect('next' in repo).toBe(true);
    expect({ ...repo }.count).toBe(3);
    const spy = vi.spyOn(repo, 'next').mockReturnValue(42);
    expect(repo.next()).toBe(42);
    spy.mockRestore();
    expect(repo.next()).toBe(4);
    expect(build).toHaveBeenCalledTimes(1);
  });
});
