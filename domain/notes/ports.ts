import type { Task } from '../tasks/task.schema.ts';
import type { Note } from './note.schema.ts';

/**
 * Which index partition a note stream reads: the tenant's notes, or one author's. `order` says what the
 * sort key is: `date` = `<createdAt>#<id>`; `client` = `<clientId>#<createdAt>#<id>` (a client's notes
 * together, newest first when read descending).
 */
export interface NoteStream {
  authorId?: string | undefined;
  order: 'date' | 'client';
}

/** A key range of one stream, both ends inclusive (positions as `notePosition` writes them). */
export interface NoteRange {
  lo: string;
  hi: string;
}

export interface NoteRepository {
  /** Fails with `conflict` (existingId = the id) when the note exists. With `task`, writes the task in the same transaction. */
  create(note: Note, task?: Task): Promise<void>;
  /** Consistent read, deleted notes included. */
  get(tenantId: string, id: string): Promise<Note | undefined>;
  /** Puts `next` if the stored version is still `previous.version`, and keeps `previous` as a history entry; false otherwise. */
  update(next: Note, previous: Note): Promise<boolean>;
  /** The earlier versions of a note, newest first. */
  history(tenantId: string, id: string): Promise<Note[]>;
  /** Live (not deleted) notes of a stream whose position is within `range`: descending unless `ascending`, at most `limit`. */
  read(tenantId: string, stream: NoteStream, range: NoteRange, limit: number, ascending?: boolean): Promise<Note[]>;
}
