import type { ClientScope } from '../../../domain/clients/client-scope.ts';
import { keyFields } from './entities/model.ts';
import type { Stream } from './merged-index.ts';

/** The indexes of a level-3 scope (the department slots) and of a level-4 scope (its roles), by access name. */
const departmentSlots = [
  ['byDepartment1', keyFields.gsi8, 'department1Key'],
  ['byDepartment2', keyFields.gsi9, 'department2Key'],
  ['byDepartment3', keyFields.gsi10, 'department3Key'],
] as const;
const userRoles = [
  ['bySeller', keyFields.gsi6, 'sellerKey'],
  ['byCollector', keyFields.gsi4, 'collectorKey'],
  ['byAgent', keyFields.gsi5, 'agentKey'],
] as const;

/**
 * The index partitions a restricted scope reads (decision 34): one for a branch, three for a department
 * or a user. The same for client lists, search terms and invoices, whose entities name these indexes alike;
 * `undefined` for the whole tenant.
 */
export function scopeStreams(
  scope: ClientScope,
  stream: (access: string, gsi: { pk: string; sk: string }, facets: Record<string, string>) => Stream,
): Stream[] | undefined {
  switch (scope.kind) {
    case 'branch':
      return [stream('byBranch', keyFields.gsi7, { branchKey: scope.branchId })];
    case 'department':
      return departmentSlots.map(([access, gsi, key]) => stream(access, gsi, { [key]: scope.departmentId }));
    case 'user':
      return userRoles.map(([access, gsi, key]) => stream(access, gsi, { [key]: scope.userId }));
    default:
      return undefined;
  }
}
