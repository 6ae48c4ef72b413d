import { readConfig } from '../config.ts';
import { plannerDependencies } from '../wiring/collections-planner.ts';
import { tableDependencies } from '../wiring/table.ts';
import { createCollectionsPlanner } from './collections-planner.ts';

const table = tableDependencies(readConfig(process.env, 'collections-planner'));

/** EventBridge schedule (every 15 minutes) → plan the tenants whose mail hour has come, each day once. */
export const handler = createCollectionsPlanner(plannerDependencies(table));
