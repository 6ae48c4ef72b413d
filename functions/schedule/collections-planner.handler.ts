import { readConfig } from '../config.ts';
import { plannerDependencies, plannerFanOut } from '../wiring/collections-planner.ts';
import { tableDependencies } from '../wiring/table.ts';
import { createCollectionsPlanner } from './collections-planner.ts';

const table = tableDependencies(readConfig(process.env, 'collections-planner'));

/**
 * EventBridge schedule (every 15 minutes) → hand the tenants whose mail hour has come to workers: this same
 * function invoked asynchronously with `{ tenantIds }` (25 a batch), which plans them, each day once.
 */
export const handler = createCollectionsPlanner({ ...plannerDependencies(table), fanOut: plannerFanOut(table.config) });
