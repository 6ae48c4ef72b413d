import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { inScope } from '../../domain/clients/client-scope.ts';
import { displayName, type Client } from '../../domain/clients/client.schema.ts';
import { quickSearch } from '../../domain/clients/search.use-case.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { fold } from '../../domain/shared/text.ts';
import { testDeps } from '../support/tenants.ts';

/**
 * Quick search pages term items of several index partitions (a level-4 user's seller, collector and
 * agent terms; a level-3 user's department slots) behind one cursor. Whatever the names, roles,
 * statuses, query and page size, paging must bring every visible client whose name word (or e-mail)
 * starts with the query exactly once, and never a page larger than asked.
 */
const deps = testDeps();
const users = ['u1', 'u2', 'u3'];
const departments = ['d1', 'd2', 'd3'];
// Surnames and names as typed in Chile, accents and ñ included; they share prefixes on purpose.
const words = ['Muñoz', 'Muñiz', 'Mora', 'Morales', 'Núñez', 'Nuñez', 'Ñanco', 'Álvarez', 'Alvear', 'Ana', 'Anabel', 'María', 'Mario', 'Soto', 'Sotomayor'];

const clientArb = fc.record({
  firstName: fc.constantFrom(...words),
  firstSurname: fc.constantFrom(...words),
  secondSurname: fc.option(fc.constantFrom(...words), { nil: undefined }),
  status: fc.constantFrom('active', 'inactive'),
  sellerId: fc.option(fc.constantFrom(...users), { nil: undefined }),
  collectorId: fc.option(fc.constantFrom(...users), { nil: undefined }),
  agentId: fc.option(fc.constantFrom(...users), { nil: undefined }),
  departments: fc.uniqueArray(fc.constantFrom(...departments), { maxLength: 3 }),
});

const readerArb = fc.oneof(
  fc.constant({ accessLevel: 1 as const, userId: 'admin' }),
  fc.constantFrom(...users).map((userId) => ({ accessLevel: 4 as const, userId })),
  fc.constantFrom(...departments).map((departmentId) => ({ accessLevel: 3 as const, userId: 'boss', departmentId })),
);

// The query: a prefix of one of the words, as someone might type it.
const queryArb = fc.tuple(fc.constantFrom(...words), fc.integer({ min: 1, max: 8 }), fc.boolean(), fc.boolean()).map(([word, length, upper, plain]) => {
  const typed = [...(plain ? fold(word) : word)].slice(0, length).join('');
  return upper ? typed.toUpperCase() : typed.toLowerCase();
});

describe('quick search paged over several index partitions', () => {
  it('brings every visible matching client exactly once, for any names, roles, query and page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(clientArb, { maxLength: 12 }),
        readerArb,
        queryArb,
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('active', 'all'),
        async (specs, reader, q, limit, status) => {
          const tenantId = `t-${ulid().toLowerCase()}`;
          const at = new Date().toISOString();
          const clients: Client[] = specs.map((s, i) => {
            const names = {
              personType: 'natural' as const,
              firstName: s.firstName,
              firstSurname: s.firstSurname,
              ...(s.secondSurname ? { secondSurname: s.secondSurname } : {}),
            };
            const c: Client = {
              id: `c${String(i).padStart(2, '0')}${ulid()}`,
              tenantId,
              ...names,
              displayName: displayName(names),
              email: `x${i}@p.test`,
              notifyEmails: [],
              collectionsEnabled: true,
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
          const actor: Actor = { tenantId, permissions: [], ...reader };
          const scope =
            reader.accessLevel === 1
              ? { kind: 'all' as const }
              : reader.accessLevel === 4
                ? { kind: 'user' as const, userId: reader.userId }
                : { kind: 'department' as const, departmentId: (reader as { departmentId: string }).departmentId };
          const wanted = fold(q);
          const expected = clients
            .filter((c) => (status === 'all' || c.status === status) && inScope(scope, c))
            .filter((c) => [c.firstName, c.firstSurname, c.secondSurname, c.email].some((w) => w && fold(w).startsWith(wanted)))
            .map((c) => c.id)
            .sort();
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let pages = 0; pages < 100; pages++) {
            const page = await quickSearch(deps)(actor, q, { limit, cursor }, status as 'active' | 'all');
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((h) => h.client.id));
            cursor = page.cursor;
            if (!cursor) break;
          }
          expect(cursor).toBeUndefined();
          expect(seen.length).toBe(new Set(seen).size);
          expect(seen.sort()).toEqual(expected);
        },
      ),
      { numRuns: 25 },
    );
  });
});
