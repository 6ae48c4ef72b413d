import { describe, expect, it } from 'vitest';
import { deleteCatalogEntry } from '../../../domain/clients/catalog.use-cases.ts';
import { usageMoves } from '../../../domain/clients/catalog-usage.ts';
import { NewClient } from '../../../domain/clients/client.schema.ts';
import { createClient, setClientStatus, updateClient } from '../../../domain/clients/client.use-cases.ts';
import { inMemoryClientBook } from '../client-fakes.ts';
import { anActor, aUser, T0 } from '../fixtures.ts';

describe('usage moves of a client write', () => {
  const active = { status: 'active' as const };
  const inactive = { status: 'inactive' as const };

  it.each([
    [
      'a create with a category and a zone',
      undefined,
      { ...active, categoryId: 'a', zoneId: 'z' },
      [
        { kind: 'category', id: 'a', field: 'categoryId', clients: 1, inactive: 0 },
        { kind: 'zone', id: 'z', field: 'zoneId', clients: 1, inactive: 0 },
      ],
    ],
    [
      'a deactivation that keeps the category',
      { ...active, categoryId: 'a' },
      { ...inactive, categoryId: 'a' },
      [{ kind: 'category', id: 'a', field: 'categoryId', clients: 0, inactive: 1 }],
    ],
    [
      'a restore',
      { ...inactive, categoryId: 'a' },
      { ...active, categoryId: 'a' },
      [{ kind: 'category', id: 'a', field: 'categoryId', clients: 0, inactive: -1 }],
    ],
    [
      'a move of an inactive client',
      { ...inactive, categoryId: 'a' },
      { ...inactive, categoryId: 'b' },
      [
        { kind: 'category', id: 'b', field: 'categoryId', clients: 1, inactive: 1 },
        { kind: 'category', id: 'a', field: 'categoryId', clients: -1, inactive: -1 },
      ],
    ],
    [
      'a move and a restore at once',
      { ...inactive, categoryId: 'a' },
      { ...active, categoryId: 'b' },
      [
        { kind: 'category', id: 'b', field: 'categoryId', clients: 1, inactive: 0 },
        { kind: 'category', id: 'a', field: 'categoryId', clients: -1, inactive: -1 },
      ],
    ],
    ['a deactivation of a client without references', active, inactive, []],
    ['a change that touches neither', { ...active, categoryId: 'a' }, { ...active, categoryId: 'a' }, []],
  ] as const)('for %s', (_what, previous, next, moves) => {
    expect(usageMoves(previous, next)).toEqual(moves);
  });
});

describe('deleting a category clients hold (in-memory store)', () => {
  async function setup() {
    const deps = inMemoryClientBook(T0);
    await deps.users.create(aUser({ id: 'admin-a', accessLevel: 1 }));
    await deps.catalogs.create({ id: 'mayorista', tenantId: 'tenant-a', kind: 'category', name: 'Mayorista', version: 1, createdAt: T0, updatedAt: T0 });
    await deps.catalogs.create({ id: 'minorista', tenantId: 'tenant-a', kind: 'category', name: 'Minorista', version: 1, createdAt: T0, updatedAt: T0 });
    return deps;
  }
  const admin = anActor({ userId: 'admin-a' });

  it('is refused with how many active and inactive clients hold it, until every one has moved', async () => {
    // Prepare
    const deps = await setup();
    const made = [];
    for (let i = 0; i < 4; i++) {
      made.push(await createClient(deps)(admin, NewClient.parse({ personType: 'other', name: `C${i}`, email: `c${i}@x.test`, categoryId: 'mayorista' })));
    }
    await setClientStatus(deps)(admin, made[3]!.id, 'inactive', 1);

    // Act
    const refused = await deleteCatalogEntry(deps)(admin, 'category', 'mayorista', 1).catch((e: unknown) => e);
    for (const [i, c] of made.entries()) await updateClient(deps)(admin, c.id, { categoryId: 'minorista' }, i === 3 ? 2 : 1);
    await deleteCatalogEntry(deps)(admin, 'category', 'mayorista', 1);

    // Assess
    expect(refused).toMatchObject({
      code: 'invalid_state',
      details: { reason: 'category_in_use', entity: 'category', id: 'mayorista', name: 'Mayorista', clients: { active: 3, inactive: 1 } },
    });
    expect(await deps.catalogs.get('tenant-a', 'category', 'mayorista')).toBeUndefined();
    expect(await deps.catalogs.clientCounts('tenant-a', 'category', 'minorista')).toEqual({ active: 3, inactive: 1 });
  });
});
