import type { ReasonWording } from './reasons.ts';

/** Why a task cannot be changed now (domain/tasks/). */
export const tasksStateReasons: Record<string, ReasonWording> = {
  task_completed: {
    es: () => 'La tarea está completada y ya no se puede cambiar; cópiala (POST /v1/tasks/{id}/copy) si hay que hacerla de nuevo',
    en: () => 'The task is completed and can no longer be changed; copy it (POST /v1/tasks/{id}/copy) if it has to be done again',
  },
};
