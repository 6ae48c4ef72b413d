import { describe, expect, it } from 'vitest';
import { NewClient } from '../../../domain/clients/client.schema.ts';
import { createClient } from '../../../domain/clients/client.use-cases.ts';
import type { LedgerKind, LedgerMovement } from '../../../domain/receivables/aggregates-port.ts';
import { ledgerSign } from '../../../domain/receivables/client-ledger.ts';
import { readStatement } from '../../../domain/receivables/statement.use-case.ts';
import type { DomainError } from '../../../domain/shared/errors.ts';
import { inMemoryClientBook } from '../client-fakes.ts';
import { anActor, aTenant, aUser } from '../fixtures.ts';
import { InMemoryClientLedger } from './ledger-fakes.ts';

// 15:00 UTC on 2 March 2026 is noon in Santiago: the tenant's today is 2026-03-02.
const NOW = '2026-03-02T15:00:00.000Z';
const admin = anActor();
const seller = anActor({ userId: 'seller-1', accessLevel: 4, permissions: [] });
const stranger = anActor({ userId: 'someone', accessLevel: 4, permissions: [] });

async function setup() {
  const book = inMemoryClientBook(NOW);
  await book.tenants.createIfAbsent(aTenant());
  await book.users.create(aUser({ id: 'admin-a' }));
  await book.users.create(aUser({ id: 'seller-1', email: 's@acme.test', accessLevel: 4 }));
  const client = await createClient(book)(admin, NewClient.parse({ personType: 'other', name: 'Ferretería Sur', sellerId: 'seller-1' }));
  const ledger = new InMemoryClientLedger();
  const m = (date: string, kind: LedgerKind, documentId: string, amount: number, currency: 'CLP' | 'USD' = 'CLP'): LedgerMovement => ({
    clientId: client.id,
    currency,
    date,
    kind,
    documentId,
    amount: ledgerSign(kind) * amount,
  });
  ledger.keep('tenant-a', [
    m('2026-01-15', 'invoice', 'F1', 1_000),
    m('2026-02-27', 'invoice', 'F2', 500),
    m('2026-03-01', 'payment', 'P1', 300),
    m('2026-03-02', 'invoice', 'F3', 40),
    m('2026-03-02', 'invoice_void', 'F2', 500),
    m('2026-03-02', 'invoice', 'U1', 9, 'USD'),
  ]);
  return { read: readStatement({ ...book, ledger }), client, ledger };
}

const reject = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as DomainError,
  );

describe('readStatement', () => {
  it('defaults to the tenant currency, from the first day of its month to its today', async () => {
    const { read, client } = await setup();

    const statement = await read(admin, { clientId: client.id });

    expect(statement).toMatchObject({ currency: 'CLP', from: '2026-03-01', to: '2026-03-02', openingBalance: 1_500, closingBalance: 740 });
    expect(statement.lines.map((l) => [l.date, l.kind, l.documentId, l.balance])).toEqual([
      ['2026-03-01', 'payment', 'P1', 1_200],
      ['2026-03-02', 'invoice', 'F3', 1_240],
      ['2026-03-02', 'void', 'F2', 740],
    ]);
  });

  it('opens mid-month with the months before plus that month movements before the first day', async () => {
    const { read, client, ledger } = await setup();

    ledger.reads = 0;
    const statement = await read(admin, { clientId: client.id, from: '2026-02-28', to: '2026-03-01' });

    expect(statement).toMatchObject({ openingBalance: 1_500, closingBalance: 1_200 });
    expect(statement.lines.map((l) => l.documentId)).toEqual(['P1']);
    // January and February, then the month through March (its total), the 27 February invoice, the 1 March payment.
    expect(ledger.reads).toBe(3 + 1 + 1);
  });

  it('continues a page from its cursor with the running balance and the first page header', async () => {
    const { read, client } = await setup();

    const first = await read(admin, { clientId: client.id, from: '2026-01-01', to: '2026-03-01', limit: 2 });
    const second = await read(admin, { clientId: client.id, from: '2026-01-01', to: '2026-03-01', limit: 2, cursor: first.cursor });
    const otherClient = await reject(read(admin, { clientId: 'c-9999', cursor: first.cursor }));
    const garbled = await reject(read(admin, { clientId: client.id, cursor: '{"clientId":' }));

    expect(first).toMatchObject({ openingBalance: 0, closingBalance: 1_200, lines: [{ balance: 1_000 }, { balance: 1_500 }] });
    expect(second).toMatchObject({ openingBalance: 0, closingBalance: 1_200, lines: [{ documentId: 'P1', balance: 1_200 }] });
    expect(second.cursor).toBeUndefined();
    expect(otherClient.code).toBe('not_found');
    expect(garbled.details.errors).toEqual([{ pointer: '/query/cursor', code: 'invalid_cursor' }]);
  });

  it('answers not_found for a client outside the scope, and reads it for its seller', async () => {
    const { read, client } = await setup();

    const outside = await reject(read(stranger, { clientId: client.id }));
    const own = await read(seller, { clientId: client.id, currency: 'USD' });

    expect(outside).toMatchObject({ code: 'not_found', details: { entity: 'client', id: client.id } });
    expect(own).toMatchObject({ currency: 'USD', closingBalance: 9 });
  });

  it('refuses a reversed period and one of 5 years or more, naming the date the caller gave', async () => {
    const { read, client } = await setup();

    const reversed = await reject(read(admin, { clientId: client.id, from: '2026-03-03' }));
    const long = await reject(read(admin, { clientId: client.id, from: '2024-02-29', to: '2029-03-01' }));
    const under = await read(admin, { clientId: client.id, from: '2024-02-29', to: '2029-02-28' });

    expect(reversed.details.errors).toEqual([{ pointer: '/query/from', code: 'period_reversed', params: { from: '2026-03-03', to: '2026-03-02' } }]);
    expect(long.details.errors).toEqual([{ pointer: '/query/to', code: 'period_too_long', params: { from: '2024-02-29', to: '2029-03-01', maxYears: 5 } }]);
    expect(under.closingBalance).toBe(740);
  });
});
