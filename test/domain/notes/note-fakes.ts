import { notePosition } from '../../../domain/notes/note-streams.ts';
import type { Note } from '../../../domain/notes/note.schema.ts';
import type { NoteRange, NoteRepository, NoteStream } from '../../../domain/notes/ports.ts';
import { conflict } from '../../../domain/shared/errors.ts';
import type { User } from '../../../domain/workspace/user.schema.ts';

/** Notes in memory, read as the DynamoDB streams are: one key range of one partition, `limit` items. */
export class InMemoryNoteRepository implements NoteRepository {
  readonly notes = new Map<string, Note>();
  readonly versions = new Map<string, Note[]>();
  /** Items each `read` returned, for cost assertions. */
  itemsRead = 0;
  queries = 0;

  async create(note: Note) {
    if (this.notes.has(note.id)) throw conflict('note', 'id', note.id);
    this.notes.set(note.id, structuredClone(note));
  }
  async get(tenantId: string, id: string) {
    const note = this.notes.get(id);
    return note?.tenantId === tenantId ? structuredClone(note) : undefined;
  }
  async update(next: Note, previous: Note) {
    if (this.notes.get(next.id)?.version !== previous.version) return false;
    this.notes.set(next.id, structuredClone(next));
    this.versions.set(next.id, [structuredClone(previous), ...(this.versions.get(next.id) ?? [])]);
    return true;
  }
  async history(_tenantId: string, id: string) {
    return structuredClone(this.versions.get(id) ?? []);
  }
  async read(tenantId: string, stream: NoteStream, range: NoteRange, limit: number, ascending = false) {
    this.queries++;
    const rows = [...this.notes.values()]
      .filter((n) => n.tenantId === tenantId && !n.deletedAt && (stream.authorId === undefined || n.authorId === stream.authorId))
      .map((n) => ({ n, at: notePosition(n, stream.order) }))
      .filter(({ at }) => (range.lo === '' || at >= range.lo) && at <= range.hi)
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    if (!ascending) rows.reverse();
    const page = rows.slice(0, limit).map(({ n }) => structuredClone(n));
    this.itemsRead += page.length;
    return page;
  }
}

/** Users as the note use cases read them (get, list every status). */
export const usersOf = (users: User[]) => ({
  get: async (_t: string, id: string) => users.find((u) => u.id === id),
  list: async (_t: string, page: { limit: number; cursor?: string | undefined }) => {
    const start = Number(page.cursor ?? 0);
    const items = users.slice(start, start + page.limit);
    return { items, cursor: start + page.limit < users.length ? String(start + page.limit) : undefined };
  },
});
