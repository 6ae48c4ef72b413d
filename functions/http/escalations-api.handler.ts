import { Logger } from '@aws-lambda-powertools/logger';
import { applyAgencyEvent } from '../../domain/escalation/agency-events.use-case.ts';
import { listDeliveries, retryDelivery } from '../../domain/escalation/deliver-webhooks.use-case.ts';
import {
  addObjection,
  escalateInvoices,
  getEscalation,
  listEscalations,
  recordStage,
  withdrawEscalation,
} from '../../domain/escalation/escalation.use-cases.ts';
import { verifySignature, SIGNATURE_HEADER } from '../adapters/agency/webhook-signature.ts';
import { cursorKeySecret } from '../adapters/secrets/cursor-key.ts';
import { readConfig } from '../config.ts';
import { escalationDependencies } from '../wiring/escalations.ts';
import { tableDependencies } from '../wiring/table.ts';
import { httpApi } from './http-api.ts';
import { tenantIdempotency } from './idempotency.ts';
import { problemOf } from './problem.ts';
import { escalationRoutes } from './routes/escalations.routes.ts';
import { sealedCursors } from './sealed-cursor.ts';

const table = tableDependencies(readConfig(process.env, 'escalations-api'));
const deps = { ...table, ...escalationDependencies(table) };
const logger = new Logger({ serviceName: 'cobranza' });
const versioned = <T extends { version: number }>(body: T) => ({ body, etag: body.version });
/** The agency's callback refused: 401, nothing changed (the reason is worded for the agency's developers). */
const refused = (reason: string) => problemOf('unauthenticated', { reason });

export const handler = httpApi({
  name: 'escalations-api',
  routes: escalationRoutes,
  logger,
  idempotency: tenantIdempotency({ client: deps.dynamoClient, tableName: deps.config.tableName, logger }),
  cursors: sealedCursors({ secret: cursorKeySecret(deps.config), clock: deps.clock }),
  access: deps,
  impls: {
    escalateClientInvoices: async ({ actor, params, body }) => versioned(await escalateInvoices(deps)(actor, params.clientId, body)),
    listEscalations: async ({ actor, query: { limit, cursor, ...filter } }) => ({ body: await listEscalations(deps)(actor, filter, { limit, cursor }) }),
    listAgencyDeliveries: async ({ actor, query: { limit, cursor, status } }) => ({ body: await listDeliveries(deps)(actor, status, { limit, cursor }) }),
    retryAgencyDelivery: async ({ actor, params }) => ({ body: await retryDelivery(deps)(actor, params.deliveryId) }),
    getEscalation: async ({ actor, params }) => versioned(await getEscalation(deps)(actor, params.escalationId)),
    recordEscalationStage: async ({ actor, params, body }) => versioned(await recordStage(deps)(actor, params.escalationId, body)),
    addEscalationObjection: async ({ actor, params, body }) => versioned(await addObjection(deps)(actor, params.escalationId, body)),
    withdrawEscalation: async ({ actor, params, body }) => versioned(await withdrawEscalation(deps)(actor, params.escalationId, body)),
    receiveAgencyStatus: async ({ body, rawBody, headers }) => {
      // The signature is over the raw bytes, under the inbound key of the tenant the body names: a wrong tenant fails it too.
      // During a rotation the previous secret's key is accepted as well (decision "The agency's own secret").
      const keys = await deps.keys.all(body.tenantId, 'inbound');
      const check = verifySignature(headers[SIGNATURE_HEADER], rawBody ?? '', keys, Math.floor(deps.clock.now().getTime() / 1000));
      if (!check.valid) throw refused(check.reason);
      const result = await applyAgencyEvent(deps)(body);
      if (result.outcome === 'replayed') throw refused('replayed_event');
      return { body: { outcome: result.outcome } };
    },
  },
});
