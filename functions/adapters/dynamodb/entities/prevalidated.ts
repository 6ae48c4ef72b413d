import { Entity } from 'electrodb';

type ModelCheck = { _validateModel(model: unknown): unknown };
const entityPrototype = Entity.prototype as unknown as ModelCheck;

/** ElectroDB's own check of a model against its JSON schema, as `new Entity` runs it. */
export const checkModel: ModelCheck['_validateModel'] = entityPrototype._validateModel;

/**
 * Builds entities without ElectroDB's JSON-schema check of their models. The check runs on every
 * `new Entity` and costs ≈ 40 ms of a cold start for our twelve models (most of it building errors
 * for the legacy model shape it tries first), though the models are constants in this folder:
 * test/integration/entity-models.test.ts checks every one of them with it instead.
 */
export function prevalidated<T>(build: () => T): T {
  if (typeof checkModel !== 'function') throw new Error('electrodb no longer has Entity#_validateModel: revisit prevalidated.ts');
  entityPrototype._validateModel = () => undefined;
  try {
    return build();
  } finally {
    entityPrototype._validateModel = checkModel;
  }
}
