import { NOTE_EDIT_WINDOW_HOURS } from '../../../domain/notes/note.use-cases.ts';
import type { ReasonWording } from './reasons.ts';

/** Why a follow-up note cannot be written or changed now (domain/notes/). */
export const notesStateReasons: Record<string, ReasonWording> = {
  note_needs_department: {
    es: () =>
      'No puedes registrar notas porque tu usuario no tiene departamento: una nota la ven los usuarios de la sucursal y el departamento de su autor. Pide a un administrador que te asigne uno (PATCH /v1/users/{id} con departmentId)',
    en: () =>
      'You cannot write notes because your user has no department: a note is seen by the users of its author’s branch and department. Ask an administrator to assign you one (PATCH /v1/users/{id} with departmentId)',
  },
  note_edit_window_closed: {
    es: () => `La nota se escribió hace más de ${NOTE_EDIT_WINDOW_HOURS} horas y ya no se puede corregir; registra una nota nueva con la corrección`,
    en: () => `The note was written more than ${NOTE_EDIT_WINDOW_HOURS} hours ago and can no longer be corrected; write a new note with the correction`,
  },
  note_deleted: {
    es: () => 'La nota fue eliminada; solo queda en su historial',
    en: () => 'The note was deleted; it remains only in its history',
  },
};

/** Why a note action is not the caller's to take. */
export const notesForbiddenReasons: Record<string, ReasonWording> = {
  not_note_author: {
    es: () => 'Solo el autor de una nota puede corregirla; registra una nota nueva si quieres agregar algo',
    en: () => 'Only the author of a note can correct it; write a new note to add something',
  },
};
