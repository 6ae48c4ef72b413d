import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import type { LedgerKind, LedgerMovement } from '../../domain/receivables/aggregates-port.ts';
import { ledgerSign } from '../../domain/receivables/client-ledger.ts';
import { addDays } from '../../domain/receivables/local-date.ts';
import { readStatement, type StatementView } from '../../domain/receivables/statement.use-case.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dynamoClientLedger } from '../../functions/adapters/dynamodb/client-ledger.store.ts';
import { LedgerMovementExists } from '../../functions/adapters/dynamodb/ledger-items.ts';
import { dynamoReceivablesAggregates } from '../../functions/adapters/dynamodb/receivables-aggregates.store.ts';
import { FakeClock } from '../domain/fakes.ts';
import { anIssuedInvoice } from '../domain/receivables/receivables-fixtures.ts';
import { newAdminActor, testDeps } from '../support/tenants.ts';

const deps = testDeps();
const store = dynamoReceivablesAggregates(deps.document, deps.config.tableName);
let itemsRead = 0;
const ledger = dynamoClientLedger(deps.document, deps.config.tableName, (n) => {
  itemsRead += n;
});
// 15:00 UTC is 12:00 in Santiago: the tenant's today is 2026-03-02.
const clock = new FakeClock('2026-03-02T15:00:00.000Z');
const statement = readStatement({ ledger, clients: deps.clients, tenants: deps.tenants, clock });

const KINDS: LedgerKind[] = ['invoice', 'invoice_void', 'payment', 'payment_reversal', 'credit_note', 'credit_note_reversal'];
let actor: Actor;
const newClientId = async () => (await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Ferretería Sur' }))).id;

const move = (clientId: string, date: string, kind: LedgerKind, documentId: string, amount: number, currency: 'CLP' | 'USD' = 'CLP'): LedgerMovement => ({
  clientId,
  currency,
  date,
  kind,
  documentId,
  number: `N-${documentId}`,
  amount: ledgerSign(kind) * amount,
});

/** Every page of a statement, following the cursor, as one: the first page's header and all the lines. */
async function wholeStatement(query: Parameters<typeof statement>[1]): Promise<StatementView & { pages: StatementView[] }> {
  const pages = [await statement(actor, query)];
  while (pages.at(-1)!.cursor) pages.push(await statement(actor, { ...query, cursor: pages.at(-1)!.cursor }));
  return { ...pages[0]!, lines: pages.flatMap((p) => p.lines), pages };
}

/** The statement summed the naive way, over every movement ever kept. */
function naive(movements: LedgerMovement[], currency: string, from: string, to: string) {
  const own = movements.filter((m) => m.currency === currency);
  const opening = own.filter((m) => m.date < from).reduce((sum, m) => sum + m.amount, 0);
  const inRange = own.filter((m) => m.date >= from && m.date <= to);
  return { opening, closing: opening + inRange.reduce((sum, m) => sum + m.amount, 0), documents: inRange.map((m) => `${m.kind}:${m.documentId}`).sort() };
}

beforeAll(async () => {
  actor = await newAdminActor(deps);
});

describe('statement of account kept by the aggregate store', () => {
  it('opening + movements = closing, equal to a naive sum, over random movements and periods, and periods chain', async () => {
    const movement = fc.record({
      day: fc.integer({ min: -420, max: 420 }),
      kind: fc.constantFrom(...KINDS),
      amount: fc.integer({ min: 0, max: 5_000_000_000 }),
      usd: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(movement, { minLength: 1, maxLength: 70 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: -500, max: 500 }),
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 1, max: 9 }),
        async (drawn, chunks, start, length, limit) => {
          // Prepare: one fresh client; its movements in writes of random sizes (a large one splits over transactions).
          const clientId = await newClientId();
          const movements = drawn.map((d, i) =>
            move(clientId, addDays('2026-01-01', d.day), d.kind, `D${String(i).padStart(3, '0')}`, d.amount, d.usd ? 'USD' : 'CLP'),
          );
          for (let at = 0, c = 0; at < movements.length; c += 1) {
            const size = chunks[c % chunks.length]!;
            await store.apply({ tenantId: actor.tenantId, invoices: [], ledger: movements.slice(at, at + size) });
            at += size;
          }
          const from = addDays('2026-01-01', start);
          const to = addDays(from, length);

          // Act
          const read = await wholeStatement({ clientId, currency: 'CLP', from, to, limit });
          const next = await statement(actor, { clientId, currency: 'CLP', from: addDays(to, 1), to: addDays(to, 30) });

          // Assess
          const expected = naive(movements, 'CLP', from, to);
          expect(read.openingBalance).toBe(expected.opening);
          expect(read.closingBalance).toBe(expected.closing);
          expect(read.lines.map((l) => `${l.kind === 'void' ? 'invoice_void' : l.kind}:${l.documentId}`).sort()).toEqual(expected.documents);
          let balance = read.openingBalance;
          for (const line of read.lines) {
            balance += line.debit - line.credit;
            expect(line.balance).toBe(balance);
          }
          expect(balance).toBe(read.closingBalance);
          expect(read.pages.every((p) => p.openingBalance === read.openingBalance && p.closingBalance === read.closingBalance)).toBe(true);
          expect(read.pages.slice(0, -1).every((p) => p.lines.length === limit)).toBe(true);
          expect(next.openingBalance).toBe(read.closingBalance);
        },
      ),
      { numRuns: 12 },
    );
    // Twelve clients' writes and reads on a shared machine: well past the default 30 s when it is loaded.
  }, 180_000);

  it('reads months, not movements, for the opening balance, across year boundaries', async () => {
    // Prepare: three invoices a month for 26 months (Nov 2024 – Dec 2026), a payment on the 5th of each.
    const clientId = await newClientId();
    const movements: LedgerMovement[] = [];
    for (let month = 0; month < 26; month += 1) {
      const first = `${2024 + Math.floor((10 + month) / 12)}-${String(((10 + month) % 12) + 1).padStart(2, '0')}-01`;
      for (const day of [0, 9, 19]) movements.push(move(clientId, addDays(first, day), 'invoice', `F-${month}-${day}`, 100_000));
      movements.push(move(clientId, addDays(first, 4), 'payment', `P-${month}`, 250_000));
    }
    await store.apply({ tenantId: actor.tenantId, invoices: [], ledger: movements });

    // Act: January 2026 from the 8th; the opening crosses the year and the month's first days.
    itemsRead = 0;
    const read = await wholeStatement({ clientId, currency: 'CLP', from: '2026-01-08', to: '2026-02-03' });
    const cost = itemsRead;

    // Assess: 14 months before January 2026 → 14 × (300,000 − 250,000) = 700,000, then 1 and 5 January.
    expect(read.openingBalance).toBe(700_000 + 100_000 - 250_000);
    expect(read.lines.map((l) => [l.date, l.kind, l.balance])).toEqual([
      ['2026-01-10', 'invoice', 650_000],
      ['2026-01-20', 'invoice', 750_000],
      ['2026-02-01', 'invoice', 850_000],
    ]);
    expect(read.closingBalance).toBe(850_000);
    // Months through February 2026 (16) + 2 movements before the 8th + 3 in range; never the 104 movements.
    expect(cost).toBe(16 + 2 + 3);
  });

  it('follows the cursor with a closing balance taken from the months when the lines need more than one page', async () => {
    // Prepare
    const clientId = await newClientId();
    const movements = [
      move(clientId, '2025-12-31', 'invoice', 'A', 1_000),
      move(clientId, '2026-01-03', 'invoice', 'B', 200),
      move(clientId, '2026-01-03', 'payment', 'C', 50),
      move(clientId, '2026-01-03', 'invoice', 'D', 30),
      move(clientId, '2026-01-20', 'credit_note', 'E', 7),
      move(clientId, '2026-01-25', 'invoice', 'F', 4_000),
    ];
    await store.apply({ tenantId: actor.tenantId, invoices: [], ledger: movements });

    // Act
    const first = await statement(actor, { clientId, currency: 'CLP', from: '2026-01-01', to: '2026-01-20', limit: 2 });
    const whole = await wholeStatement({ clientId, currency: 'CLP', from: '2026-01-01', to: '2026-01-20', limit: 2 });

    // Assess: debits before credits on a date; the closing balance leaves out 25 January.
    expect(first).toMatchObject({ openingBalance: 1_000, closingBalance: 1_173 });
    expect(first.cursor).toBeDefined();
    expect(whole.lines.map((l) => [l.documentId, l.balance])).toEqual([
      ['B', 1_200],
      ['D', 1_230],
      ['C', 1_180],
      ['E', 1_173],
    ]);
    expect(whole.pages).toHaveLength(2);
  });

  it('never keeps the same movement twice: a second apply is refused whole, aggregates included', async () => {
    // Prepare: an issued invoice and its movement, applied once.
    const clientId = await newClientId();
    const invoice = { ...anIssuedInvoice(`inv-${clientId}`, 119_000, { clientId, issueDate: '2026-02-10', dueDate: '2026-03-12' }), categoryId: 'none' };
    const write = { tenantId: actor.tenantId, invoices: [{ after: invoice }], ledger: [move(clientId, '2026-02-10', 'invoice', invoice.id, 119_000)] };
    await store.apply(write);

    // Act: the same write again, and the same movement with another document's change.
    const again = await store.apply(write).catch((error: unknown) => error);
    const other = { ...anIssuedInvoice(`inv2-${clientId}`, 5_000, { clientId, issueDate: '2026-02-11', dueDate: '2026-03-12' }), categoryId: 'none' };
    const mixed = await store.apply({ ...write, invoices: [{ after: other }] }).catch((error: unknown) => error);

    // Assess
    expect(again).toBeInstanceOf(LedgerMovementExists);
    expect(mixed).toMatchObject({ name: 'LedgerMovementExists' });
    const read = await statement(actor, { clientId, currency: 'CLP', from: '2026-02-01', to: '2026-02-28' });
    expect(read.lines).toHaveLength(1);
    expect(read.closingBalance).toBe(119_000);
    const [receivables] = await store.client(actor.tenantId, clientId);
    expect(receivables?.blocks.pending).toEqual({ count: 1, amount: 119_000 });
  });

  it('keeps a movement once when the same write is applied twice at the same moment', async () => {
    // Prepare
    const clientId = await newClientId();
    const invoice = { ...anIssuedInvoice(`inv-${clientId}`, 70_000, { clientId, issueDate: '2026-02-10', dueDate: '2026-03-12' }), categoryId: 'none' };
    const write = { tenantId: actor.tenantId, invoices: [{ after: invoice }], ledger: [move(clientId, '2026-02-10', 'invoice', invoice.id, 70_000)] };

    // Act
    const outcomes = await Promise.allSettled([store.apply(write), store.apply(write)]);

    // Assess: one lands, the other is told the movement is kept; nothing is doubled.
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { name: 'LedgerMovementExists' } });
    const read = await statement(actor, { clientId, currency: 'CLP', from: '2026-02-01', to: '2026-02-28' });
    expect(read.lines).toHaveLength(1);
    expect(read.closingBalance).toBe(70_000);
    const [receivables] = await store.client(actor.tenantId, clientId);
    expect(receivables?.blocks.pending).toEqual({ count: 1, amount: 70_000 });
  });

  it('keeps movements in their currency and client, and refuses one whose sign contradicts its kind', async () => {
    // Prepare
    const [a, b] = [await newClientId(), await newClientId()];
    await store.apply({
      tenantId: actor.tenantId,
      invoices: [],
      ledger: [move(a, '2026-02-01', 'invoice', 'X', 10), move(a, '2026-02-01', 'invoice', 'Y', 99, 'USD'), move(b, '2026-02-01', 'invoice', 'Z', 7)],
    });

    // Act
    const clp = await statement(actor, { clientId: a, currency: 'CLP', from: '2026-02-01', to: '2026-02-28' });
    const usd = await statement(actor, { clientId: a, currency: 'USD', from: '2026-02-01', to: '2026-02-28' });
    const wrongSign = store.prepare({ tenantId: actor.tenantId, invoices: [], ledger: [{ ...move(a, '2026-02-02', 'payment', 'W', 5), amount: 5 }] });

    // Assess
    expect(clp.lines.map((l) => l.documentId)).toEqual(['X']);
    expect(usd).toMatchObject({ currency: 'USD', closingBalance: 99 });
    await expect(wrongSign).rejects.toThrow(/invalid amount/);
  });
});
