import { setTimeout as sleep } from 'node:timers/promises';
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReceivablesAggregates } from '../../../domain/receivables/aggregates-port.ts';
import type { Currency } from '../../../domain/receivables/money.ts';
import type { MoneySource } from '../../../domain/receivables/payment.ts';
import type { MoneySourceRepository, PayableInvoice, PaymentsMonth, PaymentsMonthDelta, SourceKind } from '../../../domain/receivables/source-ports.ts';
import { conflict, invalidState } from '../../../domain/shared/errors.ts';
import { compact } from './conditional.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { DataService } from './entities/index.ts';
import { historyItem } from './history-items.ts';
import { invoiceFromItems, invoiceHeaderItem } from './invoice-items.ts';
import type { TransactItem } from './receivables-aggregates.store.ts';
import { receiptRequestItem } from './receipt-requests.store.ts';
import { writeWithGuards } from './unique-transaction.ts';

/** DynamoDB allows 100 items per transaction (docs/data-model.md counts what a payment writes). */
const MAX_ITEMS = 100;
const NUMBER_SCOPE = 'creditnote-number';
/** Upper bound of the random pause after a stale write, so writers that lost together do not collide again. */
const STALE_BACKOFF_MS = 40;

/**
 * The client's payments of a month and currency, apart from its receivables items (`T#<t>#AR#PAYMENTS#<c>`,
 * sk `<yyyy-mm>#<cur>`): the store reads the receivables partition whole on every write, so months piling
 * up there would make every write read more. Attributes: `total`, `count`, `a#<dd>` and `n#<dd>`.
 */
export const paymentsMonthKey = (tenantId: string, clientId: string, month: string, currency: Currency) => ({
  pk: `T#${tenantId}#AR#PAYMENTS#${clientId}`,
  sk: `${month}#${currency}`,
});

/** One ADD of the month's item: never read by writers, so concurrent payments of one client do not serialize on it. */
function paymentsMonthUpdate(table: string, tenantId: string, clientId: string, delta: PaymentsMonthDelta): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: paymentsMonthKey(tenantId, clientId, delta.month, delta.currency),
      UpdateExpression: 'ADD #total :a, #count :n, #da :a, #dn :n',
      ExpressionAttributeNames: { '#total': 'total', '#count': 'count', '#da': `a#${delta.day}`, '#dn': `n#${delta.day}` },
      ExpressionAttributeValues: { ':a': delta.amount, ':n': delta.count },
    },
  };
}

const numberValue = (number: string) => number.toLowerCase();

/** ElectroDB's request parameters of one write, as a transaction item. */
const asPut = (params: unknown): TransactItem => ({ Put: params as NonNullable<TransactItem['Put']> });

/**
 * Payments and credit notes on DynamoDB. A write is one TransactWriteItems: the source (created, or put
 * on the version read), each invoice header it changes (put on the version read), the credit-note number
 * guard, the history entries, the payments month and the aggregate store's items, prepared on every try.
 * Any failed condition but the source's own creation means something read moved: `stale`, read again.
 */
export function dynamoMoneySourceRepository(
  data: DataService,
  document: DynamoDBDocumentClient,
  table: string,
  aggregates: ReceivablesAggregates<TransactItem>,
  onWrite?: (items: number) => void,
): MoneySourceRepository {
  const entityOf = (kind: SourceKind) => (kind === 'payment' ? data.entities.payment : data.entities.creditNote);
  const toSource = (item: Record<string, unknown>) => compact(item) as unknown as MoneySource;
  const toPayable = (item: Record<string, unknown>): PayableInvoice => ({ ...invoiceFromItems(item, []), lineCount: item.lineCount as number });

  async function invoices(tenantId: string, ids: string[]): Promise<PayableInvoice[]> {
    if (ids.length === 0) return [];
    const { data: items, unprocessed } = await data.entities.invoice.get(ids.map((id) => ({ tenantId, id }))).go({ consistent: true });
    if (unprocessed.length) throw Object.assign(new Error('invoice batch read left keys unprocessed'), { name: 'ThrottlingException' });
    return (items as Array<Record<string, unknown>>).map(toPayable);
  }

  return {
    async get(tenantId, kind, id) {
      const { data: item } = await entityOf(kind).get({ tenantId, id }).go({ consistent: true });
      return item ? toSource(item as Record<string, unknown>) : undefined;
    },

    invoices,

    async openInvoices(tenantId, clientId, limit) {
      // The open index is eventually consistent: it only picks the candidates, each is read again consistently.
      const { data: open } = await data.entities.invoice.query.openByClient({ tenantId, clientId }).go({ limit, pages: 1 });
      const read = await invoices(
        tenantId,
        open.map((i) => i.id),
      );
      return read.filter((i) => i.status === 'issued' || i.status === 'partially_paid');
    },

    async write(change) {
      const { source, previous } = change;
      const entity = entityOf(source.kind);
      const { tenantId } = source;
      const claimsNumber = !previous && source.number !== undefined;
      const items: TransactItem[] = [
        asPut(
          previous
            ? entity
                .put(source)
                .where((attr, op) => op.eq(attr.version, previous.version))
                .params()
            : entity.create(source).params(),
        ),
        ...change.invoices.map(({ before, after }) =>
          asPut(
            data.entities.invoice
              .put({ ...invoiceHeaderItem(after), lineCount: after.lineCount })
              .where((attr, op) => op.eq(attr.version, before.version))
              .params(),
          ),
        ),
        ...(claimsNumber
          ? [asPut(data.entities.uniqueGuard.create({ tenantId, scope: NUMBER_SCOPE, value: numberValue(source.number!), ownerId: source.id }).params())]
          : []),
        ...change.history.map((h) => asPut(data.entities.clientHistory.create(historyItem(h)).params())),
        ...(change.paymentsMonth ? [paymentsMonthUpdate(table, tenantId, source.clientId, change.paymentsMonth)] : []),
        ...(await aggregates.prepare(change.receivables)),
        ...(change.receipt ? [receiptRequestItem(table, change.receipt)] : []),
      ];
      // Invoices spread over many dates and issue years can need more items than one transaction holds:
      // the caller is told to split the allocation (a clear 409, nothing written) rather than given a 500.
      if (items.length > MAX_ITEMS) throw invalidState('write_too_large');
      const guardIndex = 1 + change.invoices.length;
      const outcome = await writeWithGuards(
        data,
        async () => {
          await document.send(new TransactWriteCommand({ TransactItems: items }));
          return { canceled: false, data: [] };
        },
        claimsNumber ? [{ index: guardIndex, tenantId, scope: NUMBER_SCOPE, value: numberValue(source.number!), entity: 'creditNote', field: 'number' }] : [],
      );
      if (outcome.ok) {
        onWrite?.(items.length);
        return 'written';
      }
      // The source's own creation refused: it exists under its id, so this is a redo of a committed request.
      if (!previous && outcome.rejected.includes(0)) throw conflict(source.kind === 'payment' ? 'payment' : 'creditNote', 'id', source.id);
      await sleep(Math.random() * STALE_BACKOFF_MS);
      return 'stale';
    },

    async list(tenantId, kind, filter, page) {
      const entity = entityOf(kind);
      const query = filter.clientId ? entity.query.byClient({ tenantId, clientId: filter.clientId }) : entity.query.byTenant({ tenantId });
      const result = await query.go({ limit: page.limit, cursor: decodeCursor(tenantId, page.cursor) ?? null, order: 'desc', pages: 1 });
      return { items: (result.data as Array<Record<string, unknown>>).map(toSource), cursor: encodeCursor(tenantId, result.cursor) };
    },

    async paymentsMonth(tenantId, clientId, month) {
      const { pk } = paymentsMonthKey(tenantId, clientId, month, 'CLP');
      const { Items = [] } = await document.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :month)',
          ExpressionAttributeValues: { ':pk': pk, ':month': `${month}#` },
          Limit: 50,
        }),
      );
      return Items.map((item): PaymentsMonth => {
        const byDay: PaymentsMonth['byDay'] = {};
        for (const [name, value] of Object.entries(item)) {
          if (!name.startsWith('a#')) continue;
          const day = name.slice(2);
          const count = (item[`n#${day}`] as number | undefined) ?? 0;
          if (count !== 0 || value !== 0) byDay[day] = [count, value as number];
        }
        return { currency: (item.sk as string).slice(month.length + 1) as Currency, total: item.total as number, count: item.count as number, byDay };
      });
    },
  };
}
