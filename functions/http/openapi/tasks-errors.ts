import { invalidFields, invalidState } from '../../../domain/shared/errors.ts';
import type { DeclaredError } from './errors.ts';
import type { OperationId } from './operation-ids.ts';

/** Errors particular to the task routes. */
const api = { shownBy: 'test/integration/tasks-api.test.ts' };
const completed: DeclaredError = { when: 'The task is completed (`task_completed`): it is closed', error: invalidState('task_completed'), specific: api };
const assignee: DeclaredError = {
  when: 'The assignee is not an active user within your reach (`unknown_reference`)',
  error: invalidFields('unknown assignee', [{ pointer: '/assigneeId', code: 'unknown_reference', params: { entity: 'user', id: 'nadie' } }]),
  specific: api,
};

export const taskErrors: Partial<Record<OperationId, DeclaredError[]>> = {
  createTask: [assignee],
  updateTask: [completed, assignee],
  markTaskNotAttended: [completed],
  copyTask: [assignee],
};
