import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { ClientScope } from '../../domain/clients/client-scope.ts';
import type { Client } from '../../domain/clients/client.schema.ts';
import { fold } from '../../domain/shared/text.ts';
import { testDeps } from '../support/tenants.ts';

/**
 * A restricted list reads several indexes (a level-4 user's seller, collector and agent indexes; a
 * level-3 user's three department slots) and merges them behind one cursor. Whatever the roles, the
 * names, the statuses and the page size, paging must return each visible client exactly once, in
 * list order (active first, then by folded name), and never a page larger than asked.
 */
const deps = testDeps();
const users = ['u1', 'u2', 'u3'];
const departments = ['d1', 'd2', 'd3', 'd4'];

const clientArb = fc.record({
  name: fc.stringMatching(/^[A-Za-zÁÉÍÓÚÑñáéíóú #]{1,8}$/),
  status: fc.constantFrom('active', 'inactive'),
  sellerId: fc.option(fc.constantFrom(...users), { nil: undefined }),
  collectorId: fc.option(fc.constantFrom(...users), { nil: undefined }),
  agentId: fc.option(fc.constantFrom(...users), { nil: undefined }),
  departments: fc.uniqueArray(fc.constantFrom(...departments), { maxLength: 3 }),
  collectionsEnabled: fc.boolean(),
});

const scopeArb: fc.Arbitrary<ClientScope> = fc.oneof(
  fc.constantFrom(...users).map((userId) => ({ kind: 'user' as const, userId })),
  fc.constantFrom(...departments).map((departmentId) => ({ kind: 'department' as const, departmentId })),
);

function sees(scope: ClientScope, c: Client) {
  if (scope.kind === 'user') return [c.sellerId, c.collectorId, c.agentId].includes(scope.userId);
  if (scope.kind === 'department') return (c.assignedDepartmentIds ?? []).includes(scope.departmentId);
  return false;
}

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('restricted client lists merged from several indexes', () => {
  it('page through every visible client exactly once, in order, for any roles and page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(clientArb, { minLength: 0, maxLength: 14 }),
        scopeArb,
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('active', 'all'),
        fc.boolean(),
        // A filter makes an index stop short of the page (DynamoDB's Limit counts items read, not kept).
        async (specs, scope, limit, status, onlyEnabled) => {
          const tenantId = `t-${ulid().toLowerCase()}`;
          const at = new Date().toISOString();
          const clients: Client[] = specs.map((s, i) => {
            const c: Client = {
              id: `c${String(i).padStart(2, '0')}${ulid()}`,
              tenantId,
              personType: 'other',
              name: s.name,
              displayName: s.name,
              email: `c${i}@p.test`,
              notifyEmails: [],
              collectionsEnabled: s.collectionsEnabled,
              status: s.status as Client['status'],
              provenance: { source: 'api' },
              version: 1,
              createdAt: at,
              createdBy: 't',
              updatedAt: at,
              updatedBy: 't',
            };
            if (s.sellerId) c.sellerId = s.sellerId;
            if (s.collectorId) c.collectorId = s.collectorId;
            if (s.agentId) c.agentId = s.agentId;
            if (s.departments.length) c.assignedDepartmentIds = [...s.departments].sort();
            return c;
          });
          await Promise.all(clients.map((c) => deps.clients.create(c, [])));
          const phases = status === 'all' ? ['active', 'inactive'] : ['active'];
          const expected = clients
            .filter((c) => phases.includes(c.status) && sees(scope, c) && (!onlyEnabled || c.collectionsEnabled))
            .sort((a, b) => phases.indexOf(a.status) - phases.indexOf(b.status) || byBytes(`${fold(a.displayName)}#${a.id}`, `${fold(b.displayName)}#${b.id}`))
            .map((c) => c.id);
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let pages = 0; pages < 100; pages++) {
            const page = await deps.clients.list(
              tenantId,
              { scope, status: status as 'active' | 'all', ...(onlyEnabled ? { collectionsEnabled: true } : {}) },
              { limit, cursor },
            );
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((c) => c.id));
            cursor = page.cursor;
            if (!cursor) break;
          }
          expect(cursor).toBeUndefined();
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
