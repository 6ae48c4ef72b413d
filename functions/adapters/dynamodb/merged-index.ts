import { createConversions } from 'electrodb';
import type { Page, PageRequest } from '../../../domain/shared/ports.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts';
import { keyFields } from './entities/model.ts';

/**
 * Reading several index partitions sorted by one key as a single ordered stream (decision 34): client
 * lists of a restricted scope and quick-search terms both page this way, behind one position.
 */

/**
 * A position in a merged read: the index sort key (`g`) and the table sort key (`s`) of the last item
 * taken, and its table partition key (`p`) when the items live in partitions of their own (invoices).
 */
export interface Position {
  g: string;
  s: string;
  p?: string | undefined;
}

/**
 * Where a paged read stands, behind one opaque cursor: the phase (a list's status, active then inactive;
 * a search's status and prefix) and the last position consumed.
 */
export interface PhasedCursor {
  p: number;
  a?: Position | undefined;
}

/** One index partition a read merges. */
export interface Stream {
  query: () => MergeQuery;
  /** Attribute names of the index's keys and the fixed key values of the partition and table. */
  gsiPk: string;
  gsiSk: string;
  gsiPkValue: string;
  tablePkValue: string;
  /** Each item in its own table partition: positions then carry the partition key. */
  ownPartitions?: boolean;
}
/** The part of an ElectroDB query chain a merged read uses. */
interface MergeQuery {
  between: (from: never, to: never) => { where: (clause: never) => { go: (options: never) => Promise<unknown> }; go: (options: never) => Promise<unknown> };
}
export interface RawPage {
  data: Array<Record<string, unknown>>;
  cursor: string | null;
}

type AnyEntity = Parameters<typeof createConversions>[0] & { query: Record<string, (facets: never) => unknown> };

/**
 * The stream of one ElectroDB access pattern (an index) at fixed facets. `sample` completes the
 * facets with any sort-key values, so the partition and table key values can be computed.
 */
export function streamOf(
  entity: AnyEntity,
  access: string,
  gsi: { pk: string; sk: string },
  facets: Record<string, string>,
  sample: Record<string, string>,
  ownPartitions = false,
): Stream {
  const conversions = createConversions(entity as never) as unknown as {
    byAccessPattern: Record<string, { fromComposite: { toKeys: (c: unknown) => Record<string, string> } }>;
  };
  const keys = conversions.byAccessPattern[access]!.fromComposite.toKeys({ ...sample, ...facets });
  return {
    query: () => entity.query[access]!(facets as never) as unknown as MergeQuery,
    gsiPk: gsi.pk,
    gsiSk: gsi.sk,
    gsiPkValue: keys[gsi.pk]!,
    tablePkValue: keys[keyFields.pk]!,
    ownPartitions,
  };
}

/** ElectroDB's cursor for a stream positioned just after `a` (its cursor is the encoded start key). */
function startKey(stream: Stream, a: Position): string {
  const key = { [keyFields.pk]: a.p ?? stream.tablePkValue, [keyFields.sk]: a.s, [stream.gsiPk]: stream.gsiPkValue, [stream.gsiSk]: a.g };
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** DynamoDB orders string keys by their UTF-8 bytes, which JavaScript's `<` does not. */
export const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * One round: reads up to `need` items of the key range from every stream, each from just after `after`,
 * and merges them in order (see mergeRound). `where` filters what each read returns.
 */
export async function readRound(
  streams: Stream[],
  range: { from: Record<string, string>; to: Record<string, string> },
  after: Position | undefined,
  need: number,
  where?: unknown,
): Promise<{ items: Array<Record<string, unknown>>; next?: Position }> {
  const pages = await Promise.all(
    streams.map(async (stream) => {
      const q = stream.query().between(range.from as never, range.to as never);
      const options = { limit: need, cursor: after ? startKey(stream, after) : null, pages: 1, data: 'includeKeys' } as never;
      return (await (where ? q.where(where as never).go(options) : q.go(options))) as RawPage;
    }),
  );
  return mergeRound(pages, streams, need);
}

/**
 * Merges one round of reads from several streams into key order. Each stream read up to its own
 * frontier (where DynamoDB stopped evaluating); only items at or before the nearest frontier are
 * certain to be in order, so the rest wait for the next round. An item present in several streams
 * (a client held in several roles) is taken once. Returns the items taken and the position to go on
 * from, or no position when every stream is exhausted and consumed.
 */
export function mergeRound(pages: RawPage[], streams: Stream[], need: number): { items: Array<Record<string, unknown>>; next?: Position } {
  let bound: Position | undefined;
  pages.forEach((page, i) => {
    if (!page.cursor) return;
    const lek = JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')) as Record<string, string>;
    const frontier = positionOf(lek, streams[i]!);
    if (!bound || byBytes(frontier.g, bound.g) < 0) bound = frontier;
  });
  const seen = new Map<string, { item: Record<string, unknown>; at: Position }>();
  pages.forEach((page, i) => {
    for (const item of page.data) {
      const at = positionOf(item as Record<string, string>, streams[i]!);
      if (bound && byBytes(at.g, bound.g) > 0) continue;
      seen.set(at.p === undefined ? at.s : `${at.p}\u0000${at.s}`, { item, at });
    }
  });
  const ordered = [...seen.values()].sort((x, y) => byBytes(x.at.g, y.at.g));
  const taken = ordered.slice(0, need);
  const items = taken.map((t) => t.item);
  if (taken.length < ordered.length) return { items, next: taken.at(-1)!.at };
  return bound ? { items, next: bound } : { items };
}

/** Where an item (or a LastEvaluatedKey) of a stream stands. */
function positionOf(item: Record<string, string>, stream: Stream): Position {
  const at: Position = { g: item[stream.gsiSk]!, s: item[keyFields.sk]! };
  if (stream.ownPartitions) at.p = item[keyFields.pk]!;
  return at;
}

/** Opens an inner cursor of a read with `phases` phases; anything else is a 400 at `/query/cursor`. */
export function parsePhasedCursor(inner: string, phases: number): PhasedCursor {
  try {
    const parsed = JSON.parse(inner) as PhasedCursor;
    if (
      Number.isInteger(parsed.p) &&
      parsed.p >= 0 &&
      parsed.p < phases &&
      (parsed.a === undefined ||
        (typeof parsed.a.g === 'string' && typeof parsed.a.s === 'string' && (parsed.a.p === undefined || typeof parsed.a.p === 'string')))
    ) {
      return parsed;
    }
  } catch {
    // fall through
  }
  throw invalidCursor();
}

/**
 * A page of a single-phase merged read (invoice and estimate lists): rounds of `readRound` until the page
 * is full, the streams are exhausted or `maxReads` rounds were read; the cursor carries the position.
 */
export async function readMergedPage<T>(
  tenantId: string,
  plan: { streams: Stream[]; range: { from: Record<string, string>; to: Record<string, string> }; where?: unknown },
  page: PageRequest,
  maxReads: number,
  toItem: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const inner = decodeCursor(tenantId, page.cursor);
  let state: PhasedCursor = inner ? parsePhasedCursor(inner, 1) : { p: 0 };
  const items: T[] = [];
  for (let reads = 0; state.p < 1 && items.length < page.limit && reads < maxReads; reads += 1) {
    const merged = await readRound(plan.streams, plan.range, state.a, page.limit - items.length, plan.where);
    items.push(...merged.items.map(toItem));
    state = merged.next ? { p: 0, a: merged.next } : { p: 1 };
  }
  return { items, cursor: state.p < 1 ? encodeCursor(tenantId, JSON.stringify(state)) : undefined };
}
