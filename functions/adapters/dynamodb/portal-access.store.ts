import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PortalAccess, PortalAccessStore } from '../../../domain/portal/ports.ts';
import { appliedIf } from './conditional.ts';

/** A client's portal access (data-model `portalAccess`): `T#<t>` / `PORTAL#CLIENT#<clientId>`. */
export const portalAccessKey = (tenantId: string, clientId: string) => ({ pk: `T#${tenantId}`, sk: `PORTAL#CLIENT#${clientId}` });
/** The sign-in e-mail's guard (data-model `portalEmail`): `T#<t>` / `PORTAL#EMAIL#<normalised e-mail>` → the client. */
export const portalEmailKey = (tenantId: string, email: string) => ({ pk: `T#${tenantId}`, sk: `PORTAL#EMAIL#${email}` });

const accessOf = (item: Record<string, unknown> | undefined): PortalAccess | undefined =>
  item
    ? {
        tenantId: item.tenantId as string,
        clientId: item.clientId as string,
        email: item.email as string,
        passwordHash: item.passwordHash as string,
        version: item.version as number,
        issuedAt: item.issuedAt as string,
        issuedBy: item.issuedBy as string,
      }
    : undefined;

/**
 * Portal access in the tenant's partition: the access item per client (hash, e-mail, version) and a guard
 * per sign-in e-mail naming its client. A guard left behind by a client whose e-mail changed is harmless:
 * `byEmail` answers only when the client's access still signs in with that e-mail.
 */
export function dynamoPortalAccessStore(document: DynamoDBDocumentClient, table: string): PortalAccessStore {
  const get = async (tenantId: string, clientId: string) =>
    accessOf((await document.send(new GetCommand({ TableName: table, Key: portalAccessKey(tenantId, clientId), ConsistentRead: true }))).Item);
  return {
    get,
    async byEmail(tenantId, email) {
      const guard = (await document.send(new GetCommand({ TableName: table, Key: portalEmailKey(tenantId, email) }))).Item;
      if (!guard) return undefined;
      const access = await get(tenantId, guard.clientId as string);
      return access?.email === email ? access : undefined;
    },
    replace(next, previous) {
      return appliedIf(() =>
        document.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: { ...portalAccessKey(next.tenantId, next.clientId), kind: 'portalAccess', ...next },
                  ...(previous
                    ? { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': previous.version } }
                    : { ConditionExpression: 'attribute_not_exists(pk)' }),
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: {
                    ...portalEmailKey(next.tenantId, next.email),
                    kind: 'portalEmail',
                    tenantId: next.tenantId,
                    email: next.email,
                    clientId: next.clientId,
                  },
                },
              },
            ],
          }),
        ),
      );
    },
  };
}
