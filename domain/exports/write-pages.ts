import type { Page } from '../shared/ports.ts';
import type { CellValue, SheetSink } from './ports.ts';

/** Another runner took the job over (its claim outlived ours): stop writing, leave the job to it. */
export class ExportClaimLost extends Error {}

export interface PageWriter<T> {
  /** The open sheet; closed when every page is written, aborted (nothing stored) on any failure. */
  sink: SheetSink;
  /** The page after `cursor` (undefined: the first). */
  read: (cursor: string | undefined) => Promise<Page<T>>;
  /** The rows of one page's items, in order; an item may give none. */
  rowsOf: (items: readonly T[]) => AsyncIterable<readonly CellValue[]>;
  /** Called once at least `progressEvery` rows were written since the last call; false = the claim was lost. */
  progress: (rows: number) => Promise<boolean>;
  progressEvery: number;
}

/**
 * The page loop every export shares: reads page after page, streams each page's rows into the sheet and
 * reports progress between pages (a lost claim stops the run with ExportClaimLost). Returns the rows written.
 */
export async function writePages<T>(writer: PageWriter<T>): Promise<number> {
  const { sink } = writer;
  let rows = 0;
  let reported = 0;
  try {
    let cursor: string | undefined;
    do {
      const page = await writer.read(cursor);
      cursor = page.cursor;
      for await (const row of writer.rowsOf(page.items)) {
        await sink.addRow(row);
        rows += 1;
      }
      if (rows - reported >= writer.progressEvery) {
        if (!(await writer.progress(rows))) throw new ExportClaimLost();
        reported = rows;
      }
    } while (cursor);
    await sink.close();
    return rows;
  } catch (error) {
    await sink.abort().catch(() => undefined);
    throw error;
  }
}
