import type { clientRoutes } from '../routes/clients.routes.ts';
import type { clientImageRoutes } from '../routes/client-images.routes.ts';
import type { collectionsApiRoutes } from '../routes/collections-api.routes.ts';
import type { sendLogRoutes } from '../routes/send-log.routes.ts';
import type { docsRoutes } from '../routes/docs.routes.ts';
import type { escalationRoutes } from '../routes/escalations.routes.ts';
import type { exportRoutes } from '../routes/exports.routes.ts';
import type { importRoutes } from '../routes/imports.routes.ts';
import type { importTemplateRoutes } from '../routes/import-templates.routes.ts';
import type { noteRoutes } from '../routes/notes.routes.ts';
import type { portalAccessRoutes } from '../routes/portal-access.routes.ts';
import type { portalRoutes } from '../routes/portal.routes.ts';
import type { receivablesRoutes } from '../routes/receivables.routes.ts';
import type { workspaceRoutes } from '../routes/workspace.routes.ts';
import type { taskRoutes } from '../routes/tasks.routes.ts';

/** Every operation id of the API: tables keyed by it fail to typecheck when a route is added without its entry. */
export type OperationId = (
  | typeof clientRoutes
  | typeof workspaceRoutes
  | typeof importRoutes
  | typeof importTemplateRoutes
  | typeof receivablesRoutes
  | typeof docsRoutes
  | typeof exportRoutes
  | typeof noteRoutes
  | typeof collectionsApiRoutes
  | typeof sendLogRoutes
  | typeof escalationRoutes
  | typeof taskRoutes
  | typeof clientImageRoutes
  | typeof portalRoutes
  | typeof portalAccessRoutes
)[number]['operationId'];
