import { forbidden, invalidState } from '../../../domain/shared/errors.ts';
import type { DeclaredError } from './errors.ts';
import type { OperationId } from './operation-ids.ts';

/** Errors particular to the follow-up note routes. */
const api = { shownBy: 'test/integration/notes-api.test.ts' };
const domain = { shownBy: 'test/domain/notes/note-visibility.test.ts' };

export const noteErrors: Partial<Record<OperationId, DeclaredError[]>> = {
  addClientNote: [
    {
      when: 'You have no department: a note is seen by its author’s branch and department, so an administrator must assign you one first (`note_needs_department`)',
      error: invalidState('note_needs_department'),
      specific: api,
    },
  ],
  updateNote: [
    { when: 'Only the author corrects a note (`not_note_author`)', error: forbidden('not_note_author'), specific: api },
    {
      when: 'The note was written more than 24 hours ago (`note_edit_window_closed`): write a new note instead',
      error: invalidState('note_edit_window_closed'),
      specific: domain,
    },
    { when: 'The note was deleted (`note_deleted`; level 1 still reads it by id)', error: invalidState('note_deleted'), specific: domain },
  ],
};
