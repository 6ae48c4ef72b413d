import { invalidFields, invalidState, notFound } from '../../../domain/shared/errors.ts';
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

/** A task's `clientId` of another company, or out of the caller's reach: the client's 404, as for invoices. */
const client: DeclaredError = {
  when: 'No such client, or the client is outside the records your access level lets you see (`entity: client`); an id of another company is the same 404',
  error: notFound('client', '01JND6Q1S3U5W7Y9A1C3E5G7J9'),
  specific: { shownBy: 'test/integration/hostile-workspace.test.ts' },
};

export const taskErrors: Partial<Record<OperationId, DeclaredError[]>> = {
  createTask: [assignee, client],
  updateTask: [completed, assignee],
  markTaskNotAttended: [completed],
  copyTask: [assignee],
};
