import * as z from 'zod';
import type { Actor } from '../shared/actor.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
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

/** The context of a document the caller makes now: a new id, the tenant's today and currency, who and when. */
export const documentContext = (
  deps: { ids: IdGenerator; clock: Clock },
  actor: Pick<Actor, 'tenantId' | 'userId'>,
  tenant: { currency: Currency },
  today: PlainDate,
): DocumentContext => ({
  id: deps.ids.next(),
  tenantId: actor.tenantId,
  today,
  tenantCurrency: tenant.currency,
  by: actor.userId,
  at: deps.clock.now().toISOString(),
});
