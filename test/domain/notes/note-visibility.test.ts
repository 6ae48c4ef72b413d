import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../../domain/clients/client.schema.ts';
import { notePosition } from '../../../domain/notes/note-streams.ts';
import { addNote, deleteNote, editNote, NOTE_EDIT_WINDOW_HOURS, notesReport } from '../../../domain/notes/note.use-cases.ts';
import type { Note } from '../../../domain/notes/note.schema.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { User } from '../../../domain/workspace/user.schema.ts';
import { FakeClock, SequentialIds } from '../fakes.ts';
import { InMemoryNoteRepository, usersOf } from './note-fakes.ts';

const tenantId = 't1';
const user = (id: string, accessLevel: 1 | 2 | 3 | 4, branchId?: string, departmentId?: string): User => ({
  id,
  tenantId,
  email: `${id}@x.test`,
  name: id,
  accessLevel,
  ...(branchId ? { branchId } : {}),
  ...(departmentId ? { departmentId } : {}),
  permissions: [],
  status: 'active',
  version: 1,
  createdAt: '',
  updatedAt: '',
  createdBy: 'x',
  updatedBy: 'x',
});
const actorOf = (u: User): Actor => ({
  tenantId,
  userId: u.id,
  accessLevel: u.accessLevel,
  branchId: u.branchId,
  departmentId: u.departmentId,
  permissions: [],
});
const note = (id: string, authorId: string, clientId: string, minute: number): Note => ({
  id,
  tenantId,
  clientId,
  authorId,
  text: `nota ${id}`,
  writtenIn: { departmentId: 'd?' },
  version: 1,
  createdAt: new Date(Date.UTC(2026, 2, 1, 0, minute)).toISOString(),
  updatedAt: '',
  updatedBy: authorId,
});

/** The rule of seed 003, written directly: what a reader sees of an author's notes. */
const sees = (reader: User, author: User | undefined, authorId: string) =>
  reader.accessLevel === 1 ||
  authorId === reader.id ||
  (reader.accessLevel === 2 && !!reader.branchId && author?.branchId === reader.branchId) ||
  (reader.accessLevel === 3 && !!reader.departmentId && author?.departmentId === reader.departmentId);

const newestFirst = (a: Note, b: Note) => (notePosition(b, 'date') < notePosition(a, 'date') ? -1 : 1);

async function allPages(run: (cursor?: string) => Promise<{ items: Note[]; cursor?: string | undefined }>) {
  const out: Note[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 500; i++) {
    const page = await run(cursor);
    out.push(...page.items);
    cursor = page.cursor;
    if (!cursor) return out;
  }
  throw new Error('the report never ended');
}

const placement = fc.record({
  level: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
  branch: fc.constantFrom('b1', 'b2', undefined),
  department: fc.constantFrom('d1', 'd2', undefined),
});
const world = fc.record({
  users: fc.array(placement, { minLength: 1, maxLength: 7 }),
  notes: fc.array(fc.record({ author: fc.nat(), client: fc.constantFrom('c1', 'c2', 'c3', 'c4') }), { maxLength: 30 }),
  reader: fc.nat(),
  limit: fc.integer({ min: 1, max: 5 }),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function build(w: World) {
  const users = w.users.map((p, i) => user(`u${i}`, p.level, p.branch, p.department));
  const repo = new InMemoryNoteRepository();
  const notes = w.notes.map((n, i) => note(`n${String(i).padStart(3, '0')}`, users[n.author % users.length]!.id, n.client, i));
  for (const n of notes) repo.notes.set(n.id, n);
  const reader = users[w.reader % users.length]!;
  const deps = { notes: repo, clients: { get: async () => undefined }, users: usersOf(users), clock: new FakeClock(), tenants: { get: async () => undefined } };
  const visible = notes
    .filter((n) =>
      sees(
        reader,
        users.find((u) => u.id === n.authorId),
        n.authorId,
      ),
    )
    .sort(newestFirst);
  return { users, repo, notes, reader, deps, visible };
}

describe('note visibility by the author’s current units (property)', () => {
  it('the report, page after page, holds exactly the notes the seed’s rule lets the reader see, newest first', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const { reader, deps, visible } = build(w);
        const got = await allPages((cursor) => notesReport(deps)(actorOf(reader), {}, { limit: w.limit, cursor }));
        expect(got.map((n) => n.id)).toEqual(visible.map((n) => n.id));
      }),
      { numRuns: 150 },
    );
  });

  it('moving an author moves every note they wrote: what each reader sees follows the author’s new units, no note rewritten', async () => {
    await fc.assert(
      fc.asyncProperty(world, fc.nat(), placement, async (w, moved, to) => {
        const { users, reader, deps, repo, notes } = build(w);
        const author = users[moved % users.length]!;
        const before = structuredClone([...repo.notes.values()]);
        if (to.branch) author.branchId = to.branch;
        else delete author.branchId;
        if (to.department) author.departmentId = to.department;
        else delete author.departmentId;
        const expected = notes
          .filter((n) =>
            sees(
              reader,
              users.find((u) => u.id === n.authorId),
              n.authorId,
            ),
          )
          .sort(newestFirst);
        const got = await allPages((cursor) => notesReport(deps)(actorOf(reader), {}, { limit: w.limit, cursor }));
        expect(got.map((n) => n.id)).toEqual(expected.map((n) => n.id));
        expect([...repo.notes.values()]).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('filters by client, department, branch and user, and "last three per client", as the same rule then the filter', async () => {
    await fc.assert(
      fc.asyncProperty(
        world,
        fc.record({
          clientId: fc.constantFrom('c1', 'c3', undefined),
          departmentId: fc.constantFrom('d1', 'd2', undefined),
          branchId: fc.constantFrom('b1', undefined),
          userId: fc.constantFrom('u0', 'u1', undefined),
        }),
        fc.boolean(),
        fc.boolean(),
        async (w, filter, lastThree, grouped) => {
          const { users, reader, deps, visible } = build(w);
          const authorOf = (n: Note) => users.find((u) => u.id === n.authorId);
          let expected = visible.filter(
            (n) =>
              (filter.clientId === undefined || n.clientId === filter.clientId) &&
              (filter.departmentId === undefined || authorOf(n)?.departmentId === filter.departmentId) &&
              (filter.branchId === undefined || authorOf(n)?.branchId === filter.branchId) &&
              (filter.userId === undefined || n.authorId === filter.userId),
          );
          const departmentKey = (n: Note) => authorOf(n)?.departmentId ?? '~none';
          const groups = grouped ? [...new Set(expected.map(departmentKey))].sort().map((d) => expected.filter((n) => departmentKey(n) === d)) : [expected];
          expected = groups.flatMap((group) => {
            if (!lastThree) return group;
            const clients = [...new Set(group.map((n) => n.clientId))].sort();
            return clients.flatMap((c) => group.filter((n) => n.clientId === c).slice(0, 3));
          });
          const got = await allPages((cursor) =>
            notesReport(deps)(actorOf(reader), { ...filter, lastThree, groupBy: grouped ? 'department' : undefined }, { limit: w.limit, cursor }),
          );
          expect(got.map((n) => n.id)).toEqual(expected.map((n) => n.id));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('writing and changing notes', () => {
  const setup = () => {
    const admin = user('admin', 1, 'b1', 'd1');
    const clerk = user('clerk', 4, 'b1', 'd1');
    const boss = user('boss', 2, 'b1', 'd1');
    const loner = user('loner', 4, 'b1');
    const client = { id: 'c1', tenantId, branchId: 'b1', sellerId: 'clerk', assignedDepartmentIds: ['d1'], status: 'active' } as unknown as Client;
    const clock = new FakeClock('2026-03-02T12:00:00.000Z');
    const repo = new InMemoryNoteRepository();
    const deps = {
      notes: repo,
      clients: { get: async (_t: string, id: string) => (id === 'c1' ? client : undefined) },
      users: usersOf([admin, clerk, boss, loner]),
      clock,
      ids: new SequentialIds('n'),
    };
    return { admin, clerk, boss, loner, clock, repo, deps };
  };

  it('refuses an author without a department (409 note_needs_department) and a client outside the author’s reach (404)', async () => {
    const { loner, clerk, deps } = setup();
    await expect(addNote(deps)(actorOf(loner), 'c1', { text: 'hola' })).rejects.toMatchObject({
      code: 'invalid_state',
      details: { reason: 'note_needs_department' },
    });
    await expect(addNote(deps)(actorOf(clerk), 'c9', { text: 'hola' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it(`lets only the author edit, within ${NOTE_EDIT_WINDOW_HOURS} hours, keeping each version; only level 1 deletes`, async () => {
    const { clerk, boss, admin, clock, repo, deps } = setup();
    const written = await addNote(deps)(actorOf(clerk), 'c1', { text: 'llamé', treatment: 'volver a llamar' });
    await expect(editNote(deps)(actorOf(boss), written.id, { text: 'otra' }, 1)).rejects.toMatchObject({
      code: 'forbidden',
      details: { reason: 'not_note_author' },
    });
    const edited = await editNote(deps)(actorOf(clerk), written.id, { treatment: null }, 1);
    expect(edited).toMatchObject({ version: 2, text: 'llamé' });
    expect(edited.treatment).toBeUndefined();
    expect(await repo.history(tenantId, written.id)).toMatchObject([{ version: 1, treatment: 'volver a llamar' }]);
    clock.advance(NOTE_EDIT_WINDOW_HOURS * 3_600_000 + 1);
    await expect(editNote(deps)(actorOf(clerk), written.id, { text: 'tarde' }, 2)).rejects.toMatchObject({ details: { reason: 'note_edit_window_closed' } });
    await expect(deleteNote(deps)(actorOf(boss), written.id, 2)).rejects.toMatchObject({ code: 'forbidden' });
    await deleteNote(deps)(actorOf(admin), written.id, 2);
    expect(repo.notes.get(written.id)).toMatchObject({ deletedBy: 'admin', version: 3 });
    await expect(editNote(deps)(actorOf(admin), written.id, { text: 'x' }, 3)).rejects.toMatchObject({ details: { reason: 'note_deleted' } });
    await expect(editNote(deps)(actorOf(clerk), written.id, { text: 'x' }, 3)).rejects.toMatchObject({ code: 'not_found' });
    const report = await notesReport({ ...deps, tenants: { get: async () => undefined } })(actorOf(admin), {}, { limit: 10 });
    expect(report.items).toEqual([]);
  });
});
