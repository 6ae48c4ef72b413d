import { DomainError, notFound } from '../shared/errors.ts';
import type { Clock } from '../shared/ports.ts';
import { type AgencyStatusEvent, type Escalation, MAX_HISTORY, MAX_OBJECTIONS, stageRank } from './escalation.schema.ts';
import { AGENCY_ACTOR } from './escalation-record.ts';
import type { EscalationRepository } from './ports.ts';

/**
 * `applied`: the escalation changed; `stale`: the event was older than what we have (a later stage, or a
 * newer event of the same stage or objection), so it was recorded and changed nothing; `replayed`: this
 * event id was applied before.
 */
export type AgencyEventOutcome = { outcome: 'applied' | 'stale'; escalation: Escalation } | { outcome: 'replayed' };

const ROUNDS = 5;

/** What the event changes in `e`, or undefined when it is older than what `e` holds (out of order). */
function applied(e: Escalation, event: AgencyStatusEvent, at: string): Partial<Escalation> | undefined {
  const change: Partial<Escalation> = {};
  if (event.stage) {
    const { stage, status, date, notes } = event.stage;
    const held = e.stages.find((s) => s.stage === stage);
    const older = stageRank(stage) < stageRank(e.stage) || (held?.eventAt !== undefined && held.eventAt > event.occurredAt);
    if (!older) {
      const entry = { stage, status, date, ...(notes ? { notes } : {}), by: AGENCY_ACTOR, at, eventAt: event.occurredAt };
      change.stage = stage;
      change.stages = [...e.stages.filter((s) => s.stage !== stage), entry].sort((a, b) => stageRank(a.stage) - stageRank(b.stage));
    }
  }
  if (event.objection) {
    const { id, date, text, status } = event.objection;
    const held = e.objections.find((o) => o.id === id);
    const older = held?.eventAt !== undefined && held.eventAt > event.occurredAt;
    if (!older && (held || e.objections.length < MAX_OBJECTIONS)) {
      const objection = { id, date, text, status, by: AGENCY_ACTOR, at, eventAt: event.occurredAt };
      change.objections = held ? e.objections.map((o) => (o.id === id ? objection : o)) : [...e.objections, objection];
    }
  }
  return Object.keys(change).length ? change : undefined;
}

/**
 * Applies a status event the agency sent (its signature already checked): a stage change or an
 * objection. Each event id is recorded in the same write, so the same event twice changes nothing; an
 * event older than what the escalation holds (by stage order, then by the agency's time) is recorded and
 * ignored, so events arriving out of order never move a case back. A closed or withdrawn case keeps its
 * state: the event is recorded in its history only.
 */
export const applyAgencyEvent =
  (deps: { escalations: EscalationRepository; clock: Clock }) =>
  async (event: AgencyStatusEvent): Promise<AgencyEventOutcome> => {
    for (let round = 0; round < ROUNDS; round++) {
      if (await deps.escalations.eventSeen(event.tenantId, event.eventId)) return { outcome: 'replayed' };
      const current = await deps.escalations.get(event.tenantId, event.escalationId);
      if (!current) throw notFound('escalation', event.escalationId);
      const at = deps.clock.now().toISOString();
      const change = current.status === 'open' ? applied(current, event, at) : undefined;
      const version = current.version + 1;
      const entry = { at, by: AGENCY_ACTOR, operation: change ? 'agency.status' : 'agency.stale_event', version, detail: event.eventId };
      const next: Escalation = {
        ...current,
        ...change,
        version,
        updatedAt: at,
        updatedBy: AGENCY_ACTOR,
        history: [...current.history, entry].slice(-MAX_HISTORY),
      };
      if (await deps.escalations.replace(next, current, { agencyEventId: event.eventId })) return { outcome: change ? 'applied' : 'stale', escalation: next };
    }
    throw new DomainError('version_mismatch', `escalation ${event.escalationId} keeps changing`, { entity: 'escalation', id: event.escalationId });
  };
