import type { ClientRepository } from '../../domain/clients/ports.ts';
import type { PlannerDeps } from '../../domain/collections/plan-tenant.use-case.ts';
import { previewCollections, sendReminderNow } from '../../domain/collections/preview.use-cases.ts';
import type { InvoiceRepository } from '../../domain/receivables/ports.ts';
import type { RouteImpls } from './http-api.ts';
import type { collectionsPlanningRoutes } from './routes/collections-planning.routes.ts';

/** The planner's routes (preview, send-now) as the `collections-api` handler serves them, over `plannerDependencies` and the invoice and client repositories. */
export const collectionsPlanningImpls = (
  deps: PlannerDeps & { invoiceRecords: Pick<InvoiceRepository, 'get'>; clientRecords: Pick<ClientRepository, 'get'> },
): RouteImpls<typeof collectionsPlanningRoutes> => ({
  previewCollections: async ({ actor, query }) => ({ body: await previewCollections(deps)(actor, query.date) }),
  sendReminderNow: async ({ actor, params }) => ({ body: await sendReminderNow(deps)(actor, params.invoiceId) }),
});
