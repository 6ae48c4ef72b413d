import { collectionsPlanningRoutes } from './collections-planning.routes.ts';
import { collectionsRoutes } from './collections.routes.ts';
import { sendLogRoutes } from './send-log.routes.ts';

/** Every route the `collections-api` function serves: settings and templates, the planner's preview and send-now, the send log. */
export const collectionsApiRoutes = [...collectionsRoutes, ...collectionsPlanningRoutes, ...sendLogRoutes];
