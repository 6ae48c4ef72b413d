import type { ClientRepository } from '../clients/ports.ts';
import { assertVisible } from '../clients/client-scope.ts';
import type { PlainDate } from '../receivables/local-date.ts';
import { type Actor, requireAccess } from '../shared/actor.ts';
import { createOnce } from '../shared/create-once.ts';
import { forbidden, invalidFields, invalidState, notFound, versionMismatch } from '../shared/errors.ts';
import type { Clock, IdGenerator, Page } from '../shared/ports.ts';
import { assertVersion, changesNothing, type ExpectedVersion } from '../shared/versions.ts';
import { prepareTask } from '../tasks/task.use-cases.ts';
import type { Task } from '../tasks/task.schema.ts';
import type { TenantRepository, UserRepository } from '../workspace/ports.ts';
import { instantRange } from './note-dates.ts';
import { HIGH, LAST_PER_CLIENT, lastPerClientPage, mergedPage } from './note-streams.ts';
import { type Author, seesAuthor, tenantAuthors, visibleAuthors } from './note-visibility.ts';
import type { NewNote, Note, NotePatch, NoteView } from './note.schema.ts';
import type { NoteRepository, NoteStream } from './ports.ts';

/**
 * How long an author may still edit a note: a follow-up note records what happened, so it can be
 * corrected the same day but not rewritten later (a later correction is a new note). Every edit is kept.
 */
export const NOTE_EDIT_WINDOW_HOURS = 24;

export interface NoteDeps {
  notes: NoteRepository;
  clients: Pick<ClientRepository, 'get'>;
  users: Pick<UserRepository, 'get' | 'list'>;
  clock: Clock;
}

const authorView = (note: Note, author: Author | undefined): NoteView => ({
  ...note,
  author: { id: note.authorId, name: author?.name, branchId: author?.branchId, departmentId: author?.departmentId },
});

const stripUndefined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * Writes a note on a client the caller sees (seed 003). The author must have a department: the note's
 * visibility is the author's branch and department, and a note with none could be seen by no level-3 reader.
 * A next action given as `task` becomes a task on the client for the author (or the assignee named), in the
 * note's own transaction; the note keeps its id.
 */
export const addNote =
  (deps: NoteDeps & { ids: IdGenerator; tenants?: Pick<TenantRepository, 'get'> | undefined }) =>
  async (actor: Actor, clientId: string, input: NewNote): Promise<NoteView> => {
    if (!actor.departmentId) throw invalidState('note_needs_department');
    assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
    const noteId = deps.ids.next();
    let task: Task | undefined;
    if (input.task) {
      const tenants = deps.tenants ?? { get: async () => undefined };
      ({ task } = await prepareTask({ ...deps, tenants })(actor, { ...input.task, clientId, colour: 'blue' }, deps.ids.next(), deps.clock.now(), {
        noteId,
        pointer: '/task',
      }));
    }
    const now = deps.clock.now().toISOString();
    const note: Note = stripUndefined({
      id: noteId,
      tenantId: actor.tenantId,
      clientId,
      authorId: actor.userId,
      text: input.text,
      location: input.location && stripUndefined(input.location),
      treatment: input.treatment || undefined,
      taskId: task?.id,
      writtenIn: stripUndefined({ branchId: actor.branchId, departmentId: actor.departmentId }),
      version: 1,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.userId,
    });
    const stored = await createOnce(
      note,
      () => deps.notes.create(note, task),
      () => deps.notes.get(actor.tenantId, note.id),
    );
    const author = await deps.users.get(actor.tenantId, actor.userId);
    return authorView(stored, author);
  };

/**
 * A note the caller may see, or 404 as for another tenant's: by the author's current units; a deleted
 * note only for level 1 (it stays in the history).
 */
async function visibleNote(deps: Pick<NoteDeps, 'notes' | 'users'>, actor: Actor, id: string): Promise<{ note: Note; author: Author | undefined }> {
  const note = await deps.notes.get(actor.tenantId, id);
  if (!note || note.tenantId !== actor.tenantId) throw notFound('note', id);
  if (note.deletedAt && actor.accessLevel !== 1) throw notFound('note', id);
  const author = note.authorId === actor.userId ? undefined : await deps.users.get(actor.tenantId, note.authorId);
  if (!seesAuthor(actor, author, note.authorId)) throw notFound('note', id);
  return { note, author: author ?? (await deps.users.get(actor.tenantId, actor.userId)) };
}

export const getNote =
  (deps: Pick<NoteDeps, 'notes' | 'users'>) =>
  async (actor: Actor, id: string): Promise<NoteView & { history: Note[] }> => {
    const { note, author } = await visibleNote(deps, actor, id);
    return { ...authorView(note, author), history: await deps.notes.history(actor.tenantId, id) };
  };

/** Only its author edits a note, within NOTE_EDIT_WINDOW_HOURS of writing it; the previous version goes to its history. */
export const editNote =
  (deps: NoteDeps) =>
  async (actor: Actor, id: string, patch: NotePatch, expectedVersion: ExpectedVersion): Promise<NoteView> => {
    const { note, author } = await visibleNote(deps, actor, id);
    if (note.deletedAt) throw invalidState('note_deleted');
    if (note.authorId !== actor.userId) throw forbidden('not_note_author');
    const now = deps.clock.now();
    if (now.getTime() - Date.parse(note.createdAt) > NOTE_EDIT_WINDOW_HOURS * 3_600_000) {
      throw invalidState('note_edit_window_closed');
    }
    assertVersion('note', id, note.version, expectedVersion);
    const next: Note = { ...note, version: note.version + 1, updatedAt: now.toISOString(), updatedBy: actor.userId };
    if (patch.text !== undefined) next.text = patch.text;
    if (patch.location === null) delete next.location;
    else if (patch.location !== undefined) next.location = stripUndefined(patch.location);
    if (patch.treatment === null || patch.treatment === '') delete next.treatment;
    else if (patch.treatment !== undefined) next.treatment = patch.treatment;
    if (changesNothing(note, next)) return authorView(note, author);
    if (!(await deps.notes.update(next, note))) throw versionMismatch('note', id);
    return authorView(next, author);
  };

/** Level 1 only (seed 003): a soft delete; the note leaves every list and stays, with its versions, in its history. */
export const deleteNote =
  (deps: NoteDeps) =>
  async (actor: Actor, id: string, expectedVersion: ExpectedVersion): Promise<void> => {
    requireAccess(actor, { level: 1 });
    const { note } = await visibleNote(deps, actor, id);
    if (note.deletedAt) return;
    assertVersion('note', id, note.version, expectedVersion);
    const now = deps.clock.now().toISOString();
    const next: Note = { ...note, version: note.version + 1, updatedAt: now, updatedBy: actor.userId, deletedAt: now, deletedBy: actor.userId };
    if (!(await deps.notes.update(next, note))) throw versionMismatch('note', id);
  };

export interface NoteReportFilter {
  clientId?: string | undefined;
  branchId?: string | undefined;
  departmentId?: string | undefined;
  userId?: string | undefined;
  /** Dates of the tenant's calendar, both included. */
  from?: PlainDate | undefined;
  to?: PlainDate | undefined;
  /** Each client's newest three notes only (clients in id order; `limit` then counts clients). */
  lastThree?: boolean | undefined;
  /** Notes grouped by their author's current department (departments in id order, `none` last). */
  groupBy?: 'department' | undefined;
}

/** The report's inner cursor (sealed by the HTTP layer): the group, and the position inside it. */
interface ReportCursor {
  g?: string;
  a?: string;
  c?: string;
}
const NO_DEPARTMENT = '~none';

function readCursor(cursor: string | undefined): ReportCursor {
  if (!cursor) return {};
  try {
    const parsed = JSON.parse(cursor) as ReportCursor;
    if (typeof parsed === 'object' && parsed !== null) return parsed;
  } catch {}
  throw invalidFields('garbled cursor', [{ pointer: '/query/cursor', code: 'invalid_cursor' }]);
}

/** The groups of author streams a report reads: `undefined` authors = the tenant's own stream. */
function reportGroups(actor: Actor, authors: ReadonlyMap<string, Author>, filter: NoteReportFilter): Array<{ key: string; authors?: string[] }> {
  const visible = visibleAuthors(actor, authors);
  const narrowed = filter.branchId !== undefined || filter.departmentId !== undefined || filter.userId !== undefined;
  if (visible.kind === 'all' && !narrowed && !filter.groupBy) return [{ key: '' }];
  const pool = visible.kind === 'all' ? [...authors.keys()] : visible.ids;
  const ids = pool.filter((id) => {
    const a = authors.get(id);
    if (filter.userId !== undefined && id !== filter.userId) return false;
    if (filter.branchId !== undefined && a?.branchId !== filter.branchId) return false;
    if (filter.departmentId !== undefined && a?.departmentId !== filter.departmentId) return false;
    return true;
  });
  if (!filter.groupBy) return [{ key: '', authors: ids }];
  const byDepartment = new Map<string, string[]>();
  for (const id of ids) {
    const key = authors.get(id)?.departmentId ?? NO_DEPARTMENT;
    byDepartment.set(key, [...(byDepartment.get(key) ?? []), id]);
  }
  return [...byDepartment.keys()].sort().map((key) => ({ key, authors: byDepartment.get(key)! }));
}

/**
 * The notes report (seed 003, "Notas específicas por cliente"), newest first, as the caller's level lets
 * them see it. Index-served: the tenant's note stream at level 1 without an author filter; otherwise one
 * stream per visible author (a branch or department has tens of users), merged by position. Never reads
 * notes outside the streams' key ranges.
 */
export const notesReport =
  (deps: { notes: Pick<NoteRepository, 'read'>; users: Pick<UserRepository, 'list'>; tenants: Pick<TenantRepository, 'get'> }) =>
  async (actor: Actor, filter: NoteReportFilter, page: { limit: number; cursor?: string | undefined }): Promise<Page<NoteView>> => {
    const [authors, tenant] = await Promise.all([
      tenantAuthors(deps.users, actor.tenantId),
      filter.from || filter.to ? deps.tenants.get(actor.tenantId) : undefined,
    ]);
    const dates = instantRange(filter, tenant?.timeZone ?? 'UTC');
    const groups = reportGroups(actor, authors, filter);
    const position = readCursor(page.cursor);
    const start = position.g === undefined ? 0 : groups.findIndex((g) => g.key >= position.g!);
    if (start < 0) return { items: [] };
    const items: Note[] = [];
    let cursor: ReportCursor | undefined;
    let clientsDone = 0;
    const byClient = filter.clientId !== undefined || filter.lastThree;
    const perClient = filter.lastThree && filter.clientId === undefined;
    for (let gi = start; gi < groups.length; gi++) {
      const group = groups[gi]!;
      const resume = gi === start && (position.g === undefined || position.g === group.key) ? position : {};
      const order = byClient ? 'client' : 'date';
      const streams: NoteStream[] = group.authors ? group.authors.map((authorId) => ({ authorId, order })) : [{ order }];
      if (streams.length === 0) continue;
      if (filter.clientId !== undefined) {
        const c = filter.clientId;
        const limit = filter.lastThree ? LAST_PER_CLIENT : page.limit - items.length;
        const result = await mergedPage(deps.notes, actor.tenantId, streams, { lo: `${c}#${dates.from}`, hi: `${c}#${dates.to}` }, limit, resume.a);
        items.push(...result.items);
        if (result.after && !filter.lastThree) cursor = { g: group.key, a: result.after };
      } else if (perClient) {
        const result = await lastPerClientPage(deps.notes, actor.tenantId, streams, dates, page.limit - clientsDone, resume.c);
        items.push(...result.items);
        clientsDone += new Set(result.items.map((n) => n.clientId)).size;
        if (result.afterClient !== undefined) cursor = { g: group.key, c: result.afterClient };
      } else {
        const result = await mergedPage(deps.notes, actor.tenantId, streams, { lo: dates.from, hi: dates.to }, page.limit - items.length, resume.a);
        items.push(...result.items);
        if (result.after) cursor = { g: group.key, a: result.after };
      }
      if (cursor) break;
      const full = perClient ? clientsDone >= page.limit : items.length >= page.limit;
      if (full && gi + 1 < groups.length) {
        cursor = { g: groups[gi + 1]!.key };
        break;
      }
    }
    return { items: items.map((n) => authorView(n, authors.get(n.authorId))), cursor: cursor && JSON.stringify(cursor) };
  };

/** A client's notes the caller may see, newest first (the client's "Notas específicas" tab); a client out of scope is a 404. */
export const listClientNotes =
  (deps: NoteDeps & { tenants: Pick<TenantRepository, 'get'> }) =>
  async (
    actor: Actor,
    clientId: string,
    query: { from?: PlainDate | undefined; to?: PlainDate | undefined },
    page: { limit: number; cursor?: string | undefined },
  ) => {
    assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
    return notesReport(deps)(actor, { clientId, from: query.from, to: query.to }, page);
  };

/** The newest notes of a client the caller may see (the client overview's section). */
export const latestClientNotes =
  (deps: NoteDeps) =>
  async (actor: Actor, clientId: string, count = LAST_PER_CLIENT): Promise<NoteView[]> => {
    const authors = await tenantAuthors(deps.users, actor.tenantId);
    const visible = visibleAuthors(actor, authors);
    const streams: NoteStream[] = visible.kind === 'all' ? [{ order: 'client' }] : visible.ids.map((authorId) => ({ authorId, order: 'client' }));
    const { items } = await mergedPage(deps.notes, actor.tenantId, streams, { lo: `${clientId}#`, hi: `${clientId}#${HIGH}` }, count);
    return items.map((n) => authorView(n, authors.get(n.authorId)));
  };
