import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../../domain/receivables/local-date.ts';
import { datesOfMonth, dueInstant, localInstant, monthOf } from '../../../domain/tasks/task-dates.ts';
import { statusRank, TASK_STATUSES } from '../../../domain/tasks/task.schema.ts';
import { calendarPosition } from '../../../functions/adapters/dynamodb/task-items.ts';

const zones = ['America/Santiago', 'America/Argentina/Buenos_Aires', 'America/Mexico_City', 'America/Bogota', 'America/Guayaquil', 'UTC', 'Pacific/Chatham'];
const date = fc
  .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const wallTime = (instant: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));

describe('task dates (property)', () => {
  it('a local date and time maps to an instant that reads back as that date and time in the zone (outside DST gaps)', () => {
    fc.assert(
      fc.property(date, time, fc.constantFrom(...zones), (d, t, zone) => {
        const instant = localInstant(d, t, zone);
        const back = wallTime(instant, zone);
        // A time skipped by a spring-forward gap lands just after it: the same day, a later wall time.
        expect(localDate(new Date(instant), zone)).toBe(d);
        if (back !== t) expect(back > t).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('an all-day task is due at the first instant of the next local day; a timed one on its own local day', () => {
    fc.assert(
      fc.property(date, fc.option(time, { nil: undefined }), fc.constantFrom(...zones), (d, t, zone) => {
        const due = new Date(dueInstant(d, t, zone));
        if (t === undefined) {
          expect(localDate(due, zone) > d).toBe(true);
          expect(localDate(new Date(due.getTime() - 60_000), zone)).toBe(d);
        } else expect(localDate(due, zone)).toBe(d);
        expect(monthOf(d)).toBe(d.slice(0, 7));
        expect(datesOfMonth(monthOf(d))).toContain(d);
      }),
      { numRuns: 500 },
    );
  });

  it('calendar positions sort as date, then the seed’s status order, then time with all day first', () => {
    const task = fc.record({
      id: fc.stringMatching(/^[0-9A-Z]{26}$/),
      date,
      status: fc.constantFrom(...TASK_STATUSES),
      time: fc.option(time, { nil: undefined }),
    });
    fc.assert(
      fc.property(task, task, (a, b) => {
        const key = (t: typeof a) => [t.date, statusRank(t.status), t.time ?? '', t.id] as const;
        const [ka, kb] = [key(a), key(b)];
        const expected = ka[0] !== kb[0] ? ka[0] < kb[0] : ka[1] !== kb[1] ? ka[1] < kb[1] : ka[2] !== kb[2] ? ka[2] < kb[2] : ka[3] < kb[3];
        if (calendarPosition(a) !== calendarPosition(b)) expect(calendarPosition(a) < calendarPosition(b)).toBe(expected);
      }),
    );
  });
});
