import type { FunctionSpec } from '../functions/catalogue.ts';

/** The sample event `npm run invoke` uses for a function when none is given. */
export function defaultSample(spec: FunctionSpec): string {
  switch (spec.trigger.type) {
    case 'http':
      return 'events/samples/apigw/get-tenant.json';
    case 's3':
      return 'events/samples/s3/object-created.json';
    case 'schedule':
      return 'events/samples/eventbridge/scheduled.json';
    case 'sesEvents':
      return 'events/samples/ses/delivery.json';
    case 'operator':
      // The one operator function so far is tenant-operator; its sample creates a tenant (suspend/reactivate beside it).
      return 'events/samples/operator/create-tenant.json';
  }
}
