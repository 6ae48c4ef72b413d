import { readConfig } from '../config.ts';
import { receiptPlannerDependencies } from '../wiring/receipts.ts';
import { tableDependencies } from '../wiring/table.ts';
import { createReceiptPlanner } from './receipt-planner.ts';

const table = tableDependencies(readConfig(process.env, 'receipt-planner'));

/** EventBridge schedule (every minute) → plan the receipts of the payments recorded since. */
export const handler = createReceiptPlanner(receiptPlannerDependencies(table));
