import type { Actor } from '../shared/actor.ts';
import type { UserRepository } from '../workspace/ports.ts';
import type { User } from '../workspace/user.schema.ts';

/** A user as note visibility needs them: current units and name. */
export type Author = Pick<User, 'id' | 'name' | 'branchId' | 'departmentId'>;

/**
 * The tenant's users (any status: a deactivated author's notes stay visible to their unit), read once per
 * request. Users per tenant are tens to hundreds (data-model #6): a few pages of one partition range.
 */
export async function tenantAuthors(users: Pick<UserRepository, 'list'>, tenantId: string): Promise<Map<string, Author>> {
  const all = new Map<string, Author>();
  let cursor: string | undefined;
  do {
    const page = await users.list(tenantId, { limit: 100, cursor }, { status: 'all' });
    for (const u of page.items) all.set(u.id, { id: u.id, name: u.name, branchId: u.branchId, departmentId: u.departmentId });
    cursor = page.cursor;
  } while (cursor);
  return all;
}

/** Whose notes a caller sees: every author (level 1) or a set of authors, by their **current** units. */
export type VisibleAuthors = { kind: 'all' } | { kind: 'some'; ids: string[] };

/**
 * Seed 003: level 1 the whole company, 2 the notes of authors now in the caller's branch, 3 of authors now in
 * the caller's department, 4 one's own. A level-2 caller without a branch (or level 3 without a department)
 * sees only their own notes: they wrote them.
 */
export function visibleAuthors(actor: Actor, authors: ReadonlyMap<string, Author>): VisibleAuthors {
  const own: VisibleAuthors = { kind: 'some', ids: [actor.userId] };
  switch (actor.accessLevel) {
    case 1:
      return { kind: 'all' };
    case 2:
      return actor.branchId ? { kind: 'some', ids: [...authors.values()].filter((a) => a.branchId === actor.branchId).map((a) => a.id) } : own;
    case 3:
      return actor.departmentId ? { kind: 'some', ids: [...authors.values()].filter((a) => a.departmentId === actor.departmentId).map((a) => a.id) } : own;
    case 4:
      return own;
  }
}

/** Whether a note by `authorId` is visible to the caller (the same rule, for one note). */
export function seesAuthor(actor: Actor, author: Author | undefined, authorId: string): boolean {
  switch (actor.accessLevel) {
    case 1:
      return true;
    case 2:
      return authorId === actor.userId || (!!actor.branchId && author?.branchId === actor.branchId);
    case 3:
      return authorId === actor.userId || (!!actor.departmentId && author?.departmentId === actor.departmentId);
    case 4:
      return authorId === actor.userId;
  }
}
