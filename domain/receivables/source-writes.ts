import { assertVisible } from '../clients/client-scope.ts';
import type { Client } from '../clients/client.schema.ts';
import type { FieldChange, HistoryEntry } from '../clients/history.ts';
import type { ClientRepository } from '../clients/ports.ts';
import type { Actor } from '../shared/actor.ts';
import { existsUnderOwnId } from '../shared/create-once.ts';
import { invalidFields, notFound } from '../shared/errors.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import type { TenantRepository } from '../workspace/ports.ts';
import type { Tenant } from '../workspace/tenant.schema.ts';
import { aggregatedInvoice } from './invoice-receivables.ts';
import { withKeysOf } from './invoice.use-cases.ts';
import type { LedgerMovement } from './aggregates-port.ts';
import { invoiceCurrencies, invoiceHistory } from './invoice.use-cases.ts';
import { tenantToday, type PlainDate } from './local-date.ts';
import type { Currency } from './money.ts';
import { reverseSource, type Applied, type MoneySource } from './payment.ts';
import {
  paymentsMonthDelta,
  type MoneySourceRepository,
  type PayableInvoice,
  type PaymentsMonthDelta,
  type SourceChange,
  type SourceKind,
} from './source-ports.ts';

/**
 * What payments and credit notes share: the reads, the write of a source with the invoices it changes,
 * their history and aggregates, and the loop that redoes it when something it read moved meanwhile.
 */
export interface SourceDeps {
  sources: MoneySourceRepository;
  clients: Pick<ClientRepository, 'get'>;
  tenants: Pick<TenantRepository, 'get'>;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * How many times an operation reads and writes again after a stale write. Each stale write means another
 * write of the same invoices or client landed, so every round one of them wins; past this the answer is
 * contention (503, retry later), never a partial write.
 */
export const SOURCE_ROUNDS = 12;

/** The record names of the two kinds, as errors and history name them. */
export const entityOf = (kind: SourceKind) => (kind === 'payment' ? 'payment' : 'creditNote');

export async function tenantAndToday(deps: Pick<SourceDeps, 'tenants' | 'clock'>, tenantId: string): Promise<{ tenant: Tenant; today: PlainDate }> {
  const tenant = await deps.tenants.get(tenantId);
  if (!tenant) throw notFound('tenant', tenantId);
  return { tenant, today: tenantToday(deps.clock, tenant.timeZone) };
}

/** A currency the tenant invoices in (a payment in another one could never settle anything). */
export function assertSourceCurrency(tenant: Tenant, currency: Currency) {
  const allowed = invoiceCurrencies(tenant);
  if (!allowed.includes(currency)) {
    throw invalidFields(`${currency} is not a currency of the tenant`, [
      { pointer: '/currency', code: 'currency_not_allowed', params: { currency, currencies: allowed } },
    ]);
  }
}

/**
 * What recording a new source needs: the client (one the caller may see), the tenant's today and currency
 * (the source's currency must be one it invoices in) and the new id, drawn once (a keyed request's seed).
 */
export async function newSourceContext(deps: SourceDeps, actor: Actor, input: { clientId: string; currency?: Currency | undefined }) {
  const [found, { tenant, today }] = await Promise.all([deps.clients.get(actor.tenantId, input.clientId), tenantAndToday(deps, actor.tenantId)]);
  const client = assertVisible(actor, found, input.clientId);
  assertSourceCurrency(tenant, input.currency ?? tenant.currency);
  const ctx = { id: deps.ids.next(), tenantId: actor.tenantId, today, tenantCurrency: tenant.currency, by: actor.userId, at: deps.clock.now().toISOString() };
  return { client, ctx };
}

/** The source if its client is one the caller may see; anything else (unknown, foreign, out of scope) is a 404 on the source. */
export async function visibleSource(deps: Pick<SourceDeps, 'sources' | 'clients'>, actor: Actor, kind: SourceKind, id: string) {
  const source = await deps.sources.get(actor.tenantId, kind, id);
  const client = source && (await deps.clients.get(actor.tenantId, source.clientId));
  if (!source || !client) throw notFound(entityOf(kind), id);
  try {
    assertVisible(actor, client, client.id);
  } catch {
    throw notFound(entityOf(kind), id);
  }
  return { source, client };
}

const sourceFields = ['amount', 'currency', 'date', 'method', 'reference', 'number', 'reason', 'unapplied', 'status', 'reversedDate'] as const;

/** The client-history entry of a source's change: its fields, and the allocations it added (`allocations`). */
function sourceHistory(before: MoneySource | undefined, after: MoneySource, operation: string): HistoryEntry {
  const prefix = after.kind === 'payment' ? 'payment' : 'credit_note';
  const changes: FieldChange[] = sourceFields.flatMap((field) => {
    const from = before?.[field];
    const to = after[field];
    if (JSON.stringify(from) === JSON.stringify(to)) return [];
    return [{ field: `${prefix}.${field}`, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }];
  });
  const added = after.allocations.slice(before?.allocations.length ?? 0);
  if (added.length) changes.push({ field: `${prefix}.allocations`, to: added });
  return {
    tenantId: after.tenantId,
    clientId: after.clientId,
    at: after.updatedAt,
    by: after.updatedBy,
    operation: `${prefix}.${operation}`,
    operationId: after.id,
    version: after.version,
    sourceId: after.id,
    changes,
  };
}

/** The statement movement a source makes: its amount down on its date; a reversal puts it back on the day it is reversed. */
function ledgerOf(before: MoneySource | undefined, after: MoneySource): LedgerMovement[] {
  const number = after.number ?? after.reference;
  const base = { clientId: after.clientId, currency: after.currency, documentId: after.id, ...(number ? { number } : {}) };
  if (!before) return [{ ...base, kind: after.kind, date: after.date, amount: -after.amount }];
  if (before.status === 'active' && after.status === 'reversed') {
    return [{ ...base, kind: `${after.kind}_reversal`, date: after.reversedDate ?? after.date, amount: after.amount }];
  }
  // Applying credit later moves money between the client's credit and its invoices: the statement does not change.
  return [];
}

/**
 * The whole change of one operation: the source, each invoice it changed with the next version, one
 * history entry per invoice and one for the source (all naming the source as `operationId`), the
 * aggregate write (under the client's current category) and the payments month.
 */
export function sourceChange(
  previous: MoneySource | undefined,
  applied: Applied,
  read: PayableInvoice[],
  client: Client,
  operation: 'create' | 'apply' | 'reverse',
  paymentsMonth?: PaymentsMonthDelta,
): SourceChange {
  const { source } = applied;
  const byId = new Map(read.map((i) => [i.id, i]));
  const invoices = applied.invoices.map((changed) => {
    const before = byId.get(changed.id)!;
    // The header takes the client's current keys (as invoice writes do): its balance moves out of the
    // category its stored copy names and into the client's current one, so a pending category move stays exact.
    const after: PayableInvoice = withKeysOf(
      { ...before, ...changed, version: before.version + 1, updatedAt: source.updatedAt, updatedBy: source.updatedBy },
      client,
    );
    return { before, after };
  });
  const invoiceOperation = operation === 'reverse' ? `${source.kind}_reversal` : source.kind;
  const history = [
    sourceHistory(previous, source, operation),
    ...invoices.flatMap(({ before, after }) => invoiceHistory(before, after, invoiceOperation).map((h) => ({ ...h, operationId: source.id }))),
  ];
  const credit = source.unapplied - (previous?.unapplied ?? 0);
  return {
    source,
    previous,
    invoices,
    history,
    receivables: {
      tenantId: source.tenantId,
      invoices: invoices.map(({ before, after }) => ({
        before: aggregatedInvoice(before),
        after: aggregatedInvoice(after),
      })),
      ...(credit !== 0 ? { credit: [{ clientId: source.clientId, currency: source.currency, amount: credit }] } : {}),
      ledger: ledgerOf(previous, source),
    },
    ...(paymentsMonth ? { paymentsMonth } : {}),
  };
}

/** Named as DynamoDB names contention, so the API answers 503 (retry later): nothing was written. */
const contended = (what: string) => Object.assign(new Error(`${what} still contended after ${SOURCE_ROUNDS} rounds`), { name: 'TransactionConflictException' });

/**
 * Runs `round` (read, decide, build the change) and writes it, again while the write comes back stale.
 * A new source whose id already exists is a redo of a request whose first attempt committed (same
 * Idempotency-Key, same ids): the stored source is the answer.
 */
export async function writeSource(
  deps: Pick<SourceDeps, 'sources'>,
  tenantId: string,
  kind: SourceKind,
  id: string,
  round: () => Promise<SourceChange | MoneySource>,
) {
  for (let attempt = 0; attempt < SOURCE_ROUNDS; attempt += 1) {
    const change = await round();
    if (!('source' in change)) return change;
    try {
      if ((await deps.sources.write(change)) === 'written') return change.source;
    } catch (error) {
      if (change.previous || !existsUnderOwnId(error, id)) throw error;
      const stored = await deps.sources.get(tenantId, kind, id);
      if (!stored) throw error;
      return stored;
    }
  }
  throw contended(`${kind} ${id}`);
}

/**
 * Reverses a payment or credit note: every invoice it was applied to gets back exactly what it received
 * (issued or partially paid again), its credit is gone, and a payment leaves its month's figures.
 */
export async function reverseOne(deps: SourceDeps, actor: Actor, kind: SourceKind, id: string): Promise<MoneySource> {
  const { today } = await tenantAndToday(deps, actor.tenantId);
  return writeSource(deps, actor.tenantId, kind, id, async () => {
    const { source, client } = await visibleSource(deps, actor, kind, id);
    const read = await deps.sources.invoices(actor.tenantId, [...new Set(source.allocations.map((a) => a.invoiceId))]);
    const reversed = reverseSource(source, read, today);
    const next = {
      ...reversed,
      source: { ...reversed.source, version: source.version + 1, updatedAt: deps.clock.now().toISOString(), updatedBy: actor.userId },
    };
    return sourceChange(source, next, read, client, 'reverse', kind === 'payment' ? paymentsMonthDelta(source, -1) : undefined);
  });
}
