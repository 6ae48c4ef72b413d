import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue, SheetSink } from '../../../domain/exports/ports.ts';
import { ExportClaimLost, writePages } from '../../../domain/exports/write-pages.ts';

/** A sheet that records what it is told. */
function recordingSink() {
  const rows: CellValue[][] = [];
  const calls: string[] = [];
  const sink: SheetSink = {
    addRow: async (values) => {
      rows.push([...values]);
    },
    close: async () => {
      calls.push('close');
    },
    abort: async () => {
      calls.push('abort');
    },
  };
  return { sink, rows, calls };
}

/** Pages of item numbers; an odd item gives no row (as a client the delinquency sheet leaves out). */
const pagesArb = fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 20 }), { minLength: 1, maxLength: 12 });

describe('writePages (the exports’ shared page loop)', () => {
  it('writes every row of every page in order, reports progress after each page that crosses the step, closes once', async () => {
    await fc.assert(
      fc.asyncProperty(pagesArb, fc.integer({ min: 1, max: 30 }), async (pages, progressEvery) => {
        const { sink, rows, calls } = recordingSink();
        const progress: number[] = [];
        const written = await writePages({
          sink,
          read: async (cursor) => {
            const index = cursor ? Number(cursor) : 0;
            return { items: pages[index]!, ...(index + 1 < pages.length ? { cursor: String(index + 1) } : {}) };
          },
          async *rowsOf(items) {
            for (const item of items) if (item % 2 === 0) yield [item];
          },
          progress: async (n) => {
            progress.push(n);
            return true;
          },
          progressEvery,
        });
        // A model of the loop: the running count after each page, reported when it moved by the step since the last report.
        const expectedRows = pages.flat().filter((i) => i % 2 === 0);
        const expectedProgress: number[] = [];
        let count = 0;
        let reported = 0;
        for (const page of pages) {
          count += page.filter((i) => i % 2 === 0).length;
          if (count - reported >= progressEvery) {
            expectedProgress.push(count);
            reported = count;
          }
        }
        expect(written).toBe(expectedRows.length);
        expect(rows).toEqual(expectedRows.map((i) => [i]));
        expect(progress).toEqual(expectedProgress);
        expect(calls).toEqual(['close']);
      }),
      { numRuns: 200 },
    );
  });

  it('a lost claim stops the run with ExportClaimLost and aborts the sheet; a failing read aborts it too', async () => {
    const lost = recordingSink();
    const run = writePages({
      sink: lost.sink,
      read: async (cursor) => ({ items: [1, 2, 3], ...(cursor ? {} : { cursor: 'next' }) }),
      async *rowsOf(items) {
        for (const item of items) yield [item];
      },
      progress: async () => false,
      progressEvery: 2,
    });
    await expect(run).rejects.toBeInstanceOf(ExportClaimLost);
    expect(lost.rows).toHaveLength(3);
    expect(lost.calls).toEqual(['abort']);

    const failing = recordingSink();
    await expect(
      writePages({
        sink: failing.sink,
        read: async () => {
          throw new Error('throttled');
        },
        async *rowsOf() {},
        progress: async () => true,
        progressEvery: 1,
      }),
    ).rejects.toThrow('throttled');
    expect(failing.calls).toEqual(['abort']);
  });
});
