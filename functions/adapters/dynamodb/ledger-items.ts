import type { LedgerMovement } from '../../../domain/receivables/aggregates-port.ts';
import { LEDGER_KINDS, ledgerSign, monthOf } from '../../../domain/receivables/client-ledger.ts';
import { PlainDate } from '../../../domain/receivables/local-date.ts';
import { MAX_AMOUNT, type Currency } from '../../../domain/receivables/money.ts';
import type { TransactItem } from './receivables-aggregates.store.ts';

/**
 * Keys of a client's statement-of-account ledger (docs/data-model.md, "Statement of account"). Its own
 * partition per client and currency, apart from the client's receivables items: every write reads those
 * whole (consistently), and the movements grow with the client's history.
 */
export const ledgerKeys = {
  pk: (tenantId: string, clientId: string, currency: Currency) => `T#${tenantId}#AR#LEDGER#${clientId}#${currency}`,
  /** Sorted as a statement lists them: date, what raises the balance (`+`) before what lowers it (`-`), document. */
  moveSk: (m: Pick<LedgerMovement, 'date' | 'kind' | 'documentId'>) => `MOVE#${m.date}#${ledgerSign(m.kind) > 0 ? '+' : '-'}#${m.documentId}#${m.kind}`,
  monthSk: (month: string) => `MONTH#${month}`,
};

/** A movement that breaks the ledger contract (aggregates-port.ts) is a caller's bug, refused before anything is sent. */
function checkMovement(m: LedgerMovement) {
  const problem =
    !m.clientId || m.clientId.length > 64
      ? 'clientId'
      : !LEDGER_KINDS.includes(m.kind)
        ? 'kind'
        : !m.documentId || m.documentId.length > 64
          ? 'documentId'
          : !PlainDate.safeParse(m.date).success
            ? 'date'
            : !Number.isSafeInteger(m.amount) || Math.abs(m.amount) > MAX_AMOUNT || m.amount * ledgerSign(m.kind) < 0
              ? 'amount (a safe integer whose sign agrees with the kind)'
              : undefined;
  if (problem) throw new Error(`ledger movement with an invalid ${problem}: ${JSON.stringify(m)}`);
}

/**
 * The transaction items that keep `movements`: one Put per movement, refused when its key exists (the
 * same document's movement of that kind on that date is never added twice), and one `ADD` per client,
 * currency and month of the month's net and count, which is all an opening balance reads before its month.
 */
export function ledgerItems(table: string, tenantId: string, movements: readonly LedgerMovement[]): TransactItem[] {
  const puts: TransactItem[] = [];
  const keys = new Set<string>();
  const months = new Map<string, { pk: string; sk: string; net: number; count: number }>();
  for (const m of movements) {
    checkMovement(m);
    const pk = ledgerKeys.pk(tenantId, m.clientId, m.currency);
    const sk = ledgerKeys.moveSk(m);
    if (keys.has(`${pk}\n${sk}`)) throw new Error(`one write carries the same ledger movement twice: ${sk}`);
    keys.add(`${pk}\n${sk}`);
    puts.push({
      Put: {
        TableName: table,
        Item: {
          pk,
          sk,
          clientId: m.clientId,
          currency: m.currency,
          date: m.date,
          kind: m.kind,
          documentId: m.documentId,
          ...(m.number !== undefined ? { number: m.number } : {}),
          amount: m.amount,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    const monthSk = ledgerKeys.monthSk(monthOf(m.date));
    const month = months.get(`${pk}\n${monthSk}`) ?? { pk, sk: monthSk, net: 0, count: 0 };
    month.net += m.amount;
    month.count += 1;
    months.set(`${pk}\n${monthSk}`, month);
  }
  const updates = [...months.values()].map(
    (month): TransactItem => ({
      Update: {
        TableName: table,
        Key: { pk: month.pk, sk: month.sk },
        UpdateExpression: 'ADD #net :net, #count :count',
        ExpressionAttributeNames: { '#net': 'net', '#count': 'moves' },
        ExpressionAttributeValues: { ':net': month.net, ':count': month.count },
      },
    }),
  );
  return [...puts, ...updates];
}

/** Transaction items one client's movements need in a part that already has `months` of that client's months (mutated). */
export function ledgerCost(m: LedgerMovement, months: Set<string>): number {
  const key = `${m.clientId}\n${m.currency}\n${monthOf(m.date)}`;
  if (months.has(key)) return 1;
  months.add(key);
  return 2;
}

/**
 * The movements a cancelled transaction refused because they were already kept: `codes` are its
 * cancellation reasons, by index of `items`. Not contention — preparing again cannot help — but a redo
 * of a write that already happened (or a caller's bug): see decision "Statement of account".
 */
export function refusedMovements(items: readonly TransactItem[], codes: readonly string[] | undefined): string[] {
  if (!codes) return [];
  return items.flatMap((item, i) => {
    const { pk, sk } = item.Put?.Item ?? {};
    const movement = typeof pk === 'string' && pk.includes('#AR#LEDGER#') && typeof sk === 'string' && sk.startsWith('MOVE#');
    return codes[i] === 'ConditionalCheckFailed' && movement ? [sk] : [];
  });
}

/** Thrown by `apply` when a movement it carries is already kept: nothing of that transaction was written. */
export class LedgerMovementExists extends Error {
  readonly movements: string[];
  constructor(movements: string[]) {
    super(`ledger movements already kept (a write applied twice?): ${movements.join(', ')}`);
    this.name = 'LedgerMovementExists';
    this.movements = movements;
  }
}
