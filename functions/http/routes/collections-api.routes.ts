import { collectionsPlanningRoutes } from './collections-planning.routes.ts';
import { collectionsRoutes } from './collections.routes.ts';

/** Every route the `collections-api` function serves: settings and templates, the planner's preview and send-now (the send log is `send-log-api`'s). */
export const collectionsApiRoutes = [...collectionsRoutes, ...collectionsPlanningRoutes];
