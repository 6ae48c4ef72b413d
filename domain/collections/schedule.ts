import { addDays, daysBetween, type PlainDate } from '../receivables/local-date.ts';
import { type BusinessCalendar, isoWeekday, onOrAfter, onOrBefore } from './business-days.ts';
import type { CollectionsSettings, NoticeConcept, StatementSettings } from './collections.schema.ts';
import type { z } from 'zod';

/**
 * When each message is due (decision "Collections planning days"). A message has a natural day (due
 * date − N for due_soon, the due date for due_today, …). On a non-business day, messages that speak
 * before the due date (due_soon, due_today, notices before) move to the previous business day, so the
 * client still hears before the due date; the rest (overdue, notices after, statement) move to the next.
 * A run on business day D sends every message whose send day falls between the day after the tenant's
 * "planned through" marker and D: its own day's, the non-business days' that moved onto it, and those of
 * missed runs (at most MAX_CATCH_UP_DAYS back).
 */

/** How far back a run catches up missed days (a planner down longer than this does not flood clients). */
export const MAX_CATCH_UP_DAYS = 6;
/** Due-soon window of a statement when the due_soon reminder is off. */
export const STATEMENT_SOON_DAYS = 7;

export type Direction = 'before' | 'after';

export interface PlanWindow {
  /** The run's date (a business day). */
  today: PlainDate;
  /** The first send day this run covers (today, or earlier when runs were missed). */
  first: PlainDate;
}

/**
 * The send days a run on `today` covers, or undefined when nothing is due (not a business day, or
 * already planned). Without a marker (the tenant's first run) only today: collections start from now.
 */
export function planWindow(calendar: BusinessCalendar, today: PlainDate, plannedThrough: PlainDate | undefined): PlanWindow | undefined {
  if (!calendar.isBusinessDay(today)) return undefined;
  if (plannedThrough !== undefined && plannedThrough >= today) return undefined;
  const earliest = addDays(today, -MAX_CATCH_UP_DAYS);
  const afterMarker = plannedThrough === undefined ? today : addDays(plannedThrough, 1);
  // Plain dates compare as strings (Math.max does not apply).
  return { today, first: [afterMarker, earliest].sort()[1]! };
}

/** The send day of a message whose natural day is `day`. */
export const sendDayOf = (calendar: BusinessCalendar, day: PlainDate, direction: Direction): PlainDate =>
  direction === 'before' ? onOrBefore(calendar, day) : onOrAfter(calendar, day);

/** Longest run of non-business days a natural day can sit in, plus the catch-up: the days scanned around the window. */
const SCAN_MARGIN = 15;

/** Every natural day whose message, moving as `direction` says, is sent within the window; with its send day. */
export function naturalDays(calendar: BusinessCalendar, window: PlanWindow, direction: Direction): Array<{ day: PlainDate; sendDay: PlainDate }> {
  const days: Array<{ day: PlainDate; sendDay: PlainDate }> = [];
  for (let day = addDays(window.first, -SCAN_MARGIN); day <= addDays(window.today, SCAN_MARGIN); day = addDays(day, 1)) {
    const sendDay = sendDayOf(calendar, day, direction);
    if (sendDay >= window.first && sendDay <= window.today) days.push({ day, sendDay });
  }
  return days;
}

/** One scheduled step of an invoice's messages: which type, its step key, and the due date it applies to. */
export interface InvoiceStep {
  what: 'due_soon' | 'due_today' | 'overdue' | `notice:${string}`;
  /** The due date of the invoices this step is about. */
  dueDate: PlainDate;
  /** The key part: the due date, or the overdue repetition number. */
  step: string;
  /** The natural day and the day it is sent. */
  day: PlainDate;
  sendDay: PlainDate;
  direction: Direction;
  conceptId?: string;
}

/** Every invoice step whose send day is in the window (per due date, not yet per invoice). */
export function invoiceSteps(calendar: BusinessCalendar, window: PlanWindow, settings: CollectionsSettings, concepts: readonly NoticeConcept[]): InvoiceStep[] {
  const { due_soon, due_today, overdue } = settings.reminders;
  const steps: InvoiceStep[] = [];
  for (const { day, sendDay } of naturalDays(calendar, window, 'before')) {
    if (due_soon.enabled) {
      const dueDate = addDays(day, due_soon.daysBefore);
      steps.push({ what: 'due_soon', dueDate, step: dueDate, day, sendDay, direction: 'before' });
    }
    if (due_today.enabled) steps.push({ what: 'due_today', dueDate: day, step: day, day, sendDay, direction: 'before' });
    for (const concept of concepts) {
      if (concept.relation !== 'before') continue;
      const dueDate = addDays(day, concept.days);
      steps.push({ what: `notice:${concept.id}`, dueDate, step: dueDate, day, sendDay, direction: 'before', conceptId: concept.id });
    }
  }
  for (const { day, sendDay } of naturalDays(calendar, window, 'after')) {
    if (overdue.enabled) {
      for (let k = 0; k < overdue.maxTimes; k++) {
        const dueDate = addDays(day, -(overdue.daysAfter + k * overdue.everyDays));
        steps.push({ what: 'overdue', dueDate, step: String(k + 1), day, sendDay, direction: 'after' });
      }
    }
    for (const concept of concepts) {
      if (concept.relation !== 'after') continue;
      const dueDate = addDays(day, -concept.days);
      steps.push({ what: `notice:${concept.id}`, dueDate, step: dueDate, day, sendDay, direction: 'after', conceptId: concept.id });
    }
  }
  return steps;
}

/** The statement periods whose day is sent within the window: `2026-W49` weekly, `2026-12` monthly. */
export function statementPeriods(calendar: BusinessCalendar, window: PlanWindow, statement: z.infer<typeof StatementSettings>) {
  if (!statement.enabled) return [];
  return naturalDays(calendar, window, 'after')
    .filter(({ day }) => isStatementDay(day, statement))
    .map(({ day, sendDay }) => ({ period: statement.frequency === 'weekly' ? isoWeek(day) : day.slice(0, 7), day, sendDay }));
}

function isStatementDay(day: PlainDate, statement: z.infer<typeof StatementSettings>): boolean {
  if (statement.frequency === 'weekly') return isoWeekday(day) === (statement.weekday ?? 1);
  const lastDay = Number(addDays(`${addMonth(day.slice(0, 7))}-01`, -1).slice(8));
  return Number(day.slice(8)) === Math.min(statement.dayOfMonth ?? 1, lastDay);
}

const addMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
};

/** ISO-8601 week of a date (`2026-W01` is the week with the year's first Thursday). */
export function isoWeek(day: PlainDate): string {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The due-date reads a run needs: exact due dates (coalesced into ranges by the reader) and, on a statement day, everything due up to `through`. */
export interface DueDateReads {
  dates: PlainDate[];
  through?: PlainDate;
}

export function dueDateReads(calendar: BusinessCalendar, window: PlanWindow, settings: CollectionsSettings, concepts: readonly NoticeConcept[]): DueDateReads {
  const dates = [...new Set(invoiceSteps(calendar, window, settings, concepts).map((s) => s.dueDate))].sort();
  const statement = statementPeriods(calendar, window, settings.reminders.statement).length > 0;
  return { dates, ...(statement ? { through: addDays(window.today, statementSoonDays(settings)) } : {}) };
}

export const statementSoonDays = (settings: CollectionsSettings) =>
  settings.reminders.due_soon.enabled ? settings.reminders.due_soon.daysBefore : STATEMENT_SOON_DAYS;

/** Consecutive dates merged into inclusive ranges: one index query each. */
export function dateRanges(dates: readonly PlainDate[]): Array<{ from: PlainDate; to: PlainDate }> {
  const ranges: Array<{ from: PlainDate; to: PlainDate }> = [];
  for (const date of [...new Set(dates)].sort()) {
    const last = ranges.at(-1);
    if (last && addDays(last.to, 1) === date) last.to = date;
    else ranges.push({ from: date, to: date });
  }
  return ranges;
}
