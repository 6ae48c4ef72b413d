import { Entity } from 'electrodb';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkModel, prevalidated } from '../../functions/adapters/dynamodb/entities/prevalidated.ts';

const entitiesDir = join(import.meta.dirname, '../../functions/adapters/dynamodb/entities');
const factories = await Promise.all(
  readdirSync(entitiesDir)
    .filter((file) => file.endsWith('.entity.ts'))
    .map(async (file) => {
      const module = (await import(join(entitiesDir, file))) as Record<string, unknown>;
      return [file, Object.values(module).find((value) => typeof value === 'function') as () => Entity<never, never, never, never>] as const;
    }),
);

/** A model only ElectroDB's schema check refuses (`required` must be a boolean). */
const refusedModel = {
  model: { entity: 'probe', version: '1', service: 'probe' },
  attributes: { id: { type: 'string', required: 'yes' } },
  indexes: { byId: { pk: { field: 'pk', composite: ['id'] }, sk: { field: 'sk', composite: [] } } },
};

describe('ElectroDB entity models', () => {
  it.each(factories.map(([file]) => file))('%s passes ElectroDB’s own model check (functions build it unchecked)', (file) => {
    const entity = factories.find(([name]) => name === file)![1]();
    expect(() => checkModel.call(entity, entity.schema)).not.toThrow();
  });

  it('skips the check only inside prevalidated, and restores it after', () => {
    expect(() => new Entity(refusedModel as never)).toThrow(/required/);
    expect(() => prevalidated(() => new Entity(refusedModel as never))).not.toThrow();
    expect(() => new Entity(refusedModel as never)).toThrow(/required/);
  });
});
