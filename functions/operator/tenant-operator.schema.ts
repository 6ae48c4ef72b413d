import * as z from 'zod';
import { NewTenant, OperatorName, TenantId } from '../../domain/workspace/tenant-provisioning.schema.ts';

/** Shared by every action: who runs it (recorded) and the language of the answer (Spanish by default). */
const common = { operator: OperatorName, lang: z.enum(['es', 'en']).optional() };

/**
 * The payload of the `tenant-operator` Lambda (`aws lambda invoke --payload '{"action":"create",…}'`,
 * locally `npm run tenant` or `npm run invoke -- tenant-operator --event <file>`).
 */
export const TenantOperatorEvent = z.discriminatedUnion('action', [
  NewTenant.extend({ action: z.literal('create'), ...common }),
  z.strictObject({ action: z.literal('suspend'), tenantId: TenantId, ...common }),
  z.strictObject({ action: z.literal('reactivate'), tenantId: TenantId, ...common }),
]);
export type TenantOperatorEvent = z.infer<typeof TenantOperatorEvent>;
