/**
 * Stands in for `jsonschema` in Lambda bundles only (an esbuild alias in
 * infra/constructs/lambda-bundling.ts). ElectroDB uses it for one thing: checking a model against its
 * JSON schema, which our entities skip (prevalidated.ts) because test/integration/entity-models.test.ts
 * checks every model instead. What is left of it in a Lambda is ≈ 29 KB of bundle, and a `Service`
 * that still runs the check on every entity it is given (only to learn that an `Entity` is not a bare
 * model: ≈ 15 ms of a cold start for our entities).
 *
 * Every check answers "not checked here": `new Entity` outside `prevalidated` throws (ElectroDB's
 * InvalidModel, naming this file), and a `Service` sees an `Entity` as the entity it is.
 */
export class Validator {
  declare customFormats: Record<string, unknown>;

  addSchema(): void {}

  validate(): { errors: Array<{ property: string; message: string; argument?: string }> } {
    return { errors: [{ property: 'model', message: 'is not checked in a Lambda bundle (see functions/adapters/dynamodb/entities/unchecked-models.ts)' }] };
  }
}
// ElectroDB registers its custom formats on the prototype when it loads.
Validator.prototype.customFormats = {};
