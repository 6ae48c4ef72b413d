import { describe, expect, it } from 'vitest';
import type { DataService } from '../../functions/adapters/dynamodb/entities/index.ts';
import { writeWithGuards } from '../../functions/adapters/dynamodb/unique-transaction.ts';

// DynamoDB Local serializes transactions and never reports TransactionConflict, so the cancellation
// DynamoDB sends under contention is injected here, in the shape ElectroDB rethrows it.
const canceled = (...codes: string[]) =>
  Object.assign(new Error('Transaction cancelled'), { cause: { CancellationReasons: codes.map((Code) => ({ Code })) } });
const noData = {} as DataService;

/** A transaction that fails with the given cancellations in turn, then commits. */
function flaky(...failures: string[][]) {
  const calls = { count: 0 };
  const run = async () => {
    const codes = failures[calls.count];
    calls.count += 1;
    if (codes) throw canceled(...codes);
    return { canceled: false, data: [] };
  };
  return { run, calls };
}

describe('writing a transaction', () => {
  it('tries again when another transaction only held one of its items, and commits', async () => {
    const { run, calls } = flaky(['None', 'TransactionConflict'], ['TransactionConflict', 'None']);
    await expect(writeWithGuards(noData, run, [])).resolves.toEqual({ ok: true });
    expect(calls.count).toBe(3);
  });

  it('does not retry a failed condition: the caller learns which item refused', async () => {
    const { run, calls } = flaky(['ConditionalCheckFailed', 'None', 'TransactionConflict']);
    await expect(writeWithGuards(noData, run, [])).resolves.toEqual({ ok: false, rejected: [0] });
    expect(calls.count).toBe(1);
  });

  it('gives up with an error after a bounded number of contended attempts', async () => {
    const { run, calls } = flaky(...Array.from({ length: 10 }, () => ['TransactionConflict']));
    await expect(writeWithGuards(noData, run, [])).rejects.toThrow(/contended after 6 attempts/);
    expect(calls.count).toBe(6);
  });
});
