import { type FieldWording, fieldMessages } from './field-messages.ts';
import { conflictReasons, forbiddenReasons, invalidStateReasons, type ReasonWording, unauthenticatedReasons } from './reasons.ts';

export interface FeatureWordings {
  invalidState?: Record<string, ReasonWording>;
  forbidden?: Record<string, ReasonWording>;
  conflict?: Record<string, ReasonWording>;
  unauthenticated?: Record<string, ReasonWording>;
  fields?: Record<string, FieldWording>;
}

/**
 * Adds the wordings of a feature that only its own functions answer with (escalations, the portal, tasks) to the
 * shared tables. Their route files call it, so a function bundles the words of the routes it serves and no
 * others: every HTTP function carried every feature's messages, and two went over the 800 KB budget. Every
 * route file is imported by the catalogue, so the OpenAPI document and the messages tests see them all.
 */
export function addFeatureWordings(w: FeatureWordings): void {
  Object.assign(invalidStateReasons, w.invalidState);
  Object.assign(forbiddenReasons, w.forbidden);
  Object.assign(conflictReasons, w.conflict);
  Object.assign(unauthenticatedReasons, w.unauthenticated);
  Object.assign(fieldMessages, w.fields);
}
