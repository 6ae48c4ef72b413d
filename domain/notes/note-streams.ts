import type { Note } from './note.schema.ts';
import type { NoteRange, NoteRepository, NoteStream } from './ports.ts';

/** The sort key of a note in a stream of that order (the GSI sort keys are these strings). */
export const notePosition = (note: Pick<Note, 'clientId' | 'createdAt' | 'id'>, order: NoteStream['order']) =>
  order === 'date' ? `${note.createdAt}#${note.id}` : `${note.clientId}#${note.createdAt}#${note.id}`;

/** Sorts after every position that starts with the same prefix (`~` is above the id and date characters). */
export const HIGH = '~';

/** Newest first across streams: one query per stream, each at most `limit + 1` items, merged by position. */
export async function mergedPage(
  repo: Pick<NoteRepository, 'read'>,
  tenantId: string,
  streams: readonly NoteStream[],
  range: NoteRange,
  limit: number,
  after?: string,
): Promise<{ items: Note[]; after?: string | undefined }> {
  // Resuming: everything strictly below the last position given. BETWEEN is inclusive: that item is dropped.
  const hi = after !== undefined && after < range.hi ? after : range.hi;
  if (hi < range.lo || streams.length === 0) return { items: [] };
  // One more than the page to know more follow, and one more again when resuming (the `after` item itself).
  const take = limit + (hi === after ? 2 : 1);
  const pages = await Promise.all(streams.map((s) => repo.read(tenantId, s, { lo: range.lo, hi }, take)));
  const order = streams[0]!.order;
  const all = pages
    .flat()
    .map((note) => ({ note, at: notePosition(note, order) }))
    .filter((n) => after === undefined || n.at < after)
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const items = all.slice(0, limit);
  return { items: items.map((n) => n.note), after: all.length > limit ? items.at(-1)!.at : undefined };
}

/** Notes kept per client by the "last three" option. */
export const LAST_PER_CLIENT = 3;

/**
 * "Last three per client": clients in id order, each with its newest (up to three) notes in the date
 * range. Each step finds the next client any stream holds (one ascending query of one item per stream
 * whose next client is not known yet), then reads that client's newest notes from the streams that hold
 * it. A page has at most `clients` clients; it stops early after `maxSteps` clients without a note in the
 * range (the cursor then resumes there), so a page's reads stay bounded whatever the history holds.
 */
export async function lastPerClientPage(
  repo: Pick<NoteRepository, 'read'>,
  tenantId: string,
  streams: readonly NoteStream[],
  dates: { from: string; to: string },
  clients: number,
  afterClient?: string,
  maxSteps = clients * 4,
): Promise<{ items: Note[]; afterClient?: string | undefined }> {
  const next = new Map<number, string | undefined>();
  const items: Note[] = [];
  let done = 0;
  let position = afterClient;
  for (let step = 0; step < maxSteps && done < clients; step++) {
    // `<client>$` sorts after every `<client>#…` key and before any longer client id.
    const lo = position === undefined ? '' : `${position}$`;
    await Promise.all(
      streams.map(async (stream, i) => {
        const known = next.get(i);
        if (next.has(i) && (known === undefined || known > (position ?? ''))) return;
        const [first] = await repo.read(tenantId, stream, { lo, hi: HIGH }, 1, true);
        next.set(i, first?.clientId);
      }),
    );
    const candidates = [...next.values()].filter((c): c is string => c !== undefined);
    if (candidates.length === 0) return { items };
    const client = candidates.sort()[0]!;
    const holding = streams.filter((_, i) => next.get(i) === client);
    const { items: newest } = await mergedPage(repo, tenantId, holding, { lo: `${client}#${dates.from}`, hi: `${client}#${dates.to}` }, LAST_PER_CLIENT);
    if (newest.length > 0) {
      items.push(...newest);
      done++;
    }
    position = client;
  }
  return { items, afterClient: position };
}
