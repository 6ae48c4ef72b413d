import { randomBytes } from 'node:crypto';
import { dynamoAttemptCounters } from '../adapters/dynamodb/portal-attempts.store.ts';
import { dynamoPortalAccessStore } from '../adapters/dynamodb/portal-access.store.ts';
import { scryptHasher } from '../adapters/portal/scrypt-hasher.ts';
import { portalTokens } from '../adapters/portal/portal-tokens.ts';
import { portalSigningKey } from '../adapters/secrets/portal-key.ts';
import type { TableDependencies } from './table.ts';

/** Portal access records and the password hasher: what both portal functions share. */
export const portalAccessRecords = ({ document, config }: Pick<TableDependencies, 'document' | 'config'>) => ({
  portalAccess: dynamoPortalAccessStore(document, config.tableName),
  hasher: scryptHasher(),
  random: (count: number) => new Uint8Array(randomBytes(count)),
});

/** What signing in and reading the portal need besides: the attempt counters and the portal tokens. */
export const portalSessions = ({ document, config }: Pick<TableDependencies, 'document' | 'config'>) => ({
  attempts: dynamoAttemptCounters(document, config.tableName),
  tokens: portalTokens(portalSigningKey(config)),
});
