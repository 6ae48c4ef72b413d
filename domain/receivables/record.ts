import * as z from 'zod';
import type { PlainDate } from './local-date.ts';
import type { Currency } from './money.ts';

/** Bookkeeping every receivables document carries: its version (optimistic locking) and who wrote it when. */
export const RecordFields = {
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
};

/** The bookkeeping of a document created by `by` at `at`. */
export const firstVersion = (ctx: { by: string; at: string }) => ({ version: 1, createdAt: ctx.at, createdBy: ctx.by, updatedAt: ctx.at, updatedBy: ctx.by });

/** What making any receivables document needs from around it; the use case reads these, the domain decides. */
export interface DocumentContext {
  id: string;
  tenantId: string;
  /** The tenant's local date (tenantToday). */
  today: PlainDate;
  tenantCurrency: Currency;
  by: string;
  at: string;
}
