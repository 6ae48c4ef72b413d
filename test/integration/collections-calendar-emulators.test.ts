import { beforeAll, describe, expect, it } from 'vitest';
import type { CollectionsSettings } from '../../domain/collections/collections.schema.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import type { PlainDate } from '../../domain/receivables/local-date.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Country } from '../../domain/workspace/tenant.schema.ts';
import { type CollectionsWorld, collectionsWorld, days, localDay, localTime } from '../support/collections-world.ts';

/**
 * Issue 11, "Tests": each reminder type and notice concept on its day in the tenant's zone, including a
 * daylight-saving change, on the emulators. Each case table is one world (a table of its own, one clock)
 * driven as production drives it: the planner's schedule ticks every 15 minutes in UTC and hands due
 * tenants to its workers, the dispatcher sends to the SES emulator. Assertions read the SES emulator's
 * store (recipient, subject, the clock's instant it arrived) joined to the send log by the provider's
 * message id. The three worlds run at once (beforeAll), each assertion block reads its own.
 */

const SANTIAGO = 'America/Santiago';
const MEXICO = 'America/Mexico_City';
/** `2026-04-05T02:00` → the ISO instant, UTC. */
const Z = (s: string) => `${s}:00.000Z`;
const isWeekend = (d: PlainDate) => [0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay());
const unique = (name: string) => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@cliente.test`;

type Settings = Omit<CollectionsSettings, 'version' | 'updatedAt'>;
const reminders = (overrides: Partial<Settings['reminders']>, businessDaysOnly = true): Settings => ({
  reminders: {
    due_soon: { enabled: false, daysBefore: 3 },
    due_today: { enabled: true },
    overdue: { enabled: true, daysAfter: 1, everyDays: 7, maxTimes: 1 },
    statement: { enabled: false, frequency: 'monthly', dayOfMonth: 1 },
    payment_received: { enabled: true },
    ...overrides,
  },
  businessDaysOnly,
});

/** What a send-log item is: its type (notice with its concept, overdue with its repetition, statement with its period). */
function labelOf(m: OutboundEmail): string {
  const c = m.collection!;
  if (c.type === 'notice') return `notice:${c.conceptId}`;
  if (c.type === 'overdue') return `overdue#${c.step}`;
  if (c.type === 'statement') return `statement ${c.step}`;
  return c.type;
}

interface Delivered {
  to: string;
  subject: string;
  /** The clock's instant the e-mail reached the SES store. */
  arrivedAt: string;
  item: OutboundEmail;
}

/** Every e-mail of the world (all its tenants given) in the SES store, with its send-log item; fails on an e-mail the log does not show as sent, or a sent item with no e-mail or two. */
async function delivered(world: CollectionsWorld, actors: Actor[]): Promise<Delivered[]> {
  const log = (await Promise.all(actors.map((a) => world.sendLog(a)))).flat();
  const sent = log.filter((m) => m.status === 'sent');
  const byProviderId = new Map(sent.map((m) => [m.providerMessageId, m]));
  const out = world.arrivals.map(({ email, at }) => {
    const item = byProviderId.get(email.messageId);
    expect(item, `SES got ${email.subject} to ${email.destination.to} that the send log does not show as sent`).toBeDefined();
    return { to: email.destination.to.join(','), subject: email.subject, arrivedAt: at, item: item! };
  });
  expect(out.length, 'one e-mail in the SES store per sent message, none twice').toBe(sent.length);
  // Nothing waits or was dropped: every message the planner wrote went out (these worlds have no skip reason).
  expect(log.filter((m) => m.status !== 'sent').map((m) => `${labelOf(m)} ${m.status} ${m.collection?.skipReason ?? ''} ${m.lastError ?? ''}`)).toEqual([]);
  for (const d of out) expect(d.subject).toBe(d.item.subject);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Each type and concept on its day: January 2027 (no DST in either zone, no holiday in the range).
// ---------------------------------------------------------------------------------------------------

/** The settings of the type table: due_soon 3 days before, due_today, overdue 2 days after every 3 days 3 times, a weekly statement on Wednesdays, receipts. */
const typeSettings = reminders({
  due_soon: { enabled: true, daysBefore: 3 },
  overdue: { enabled: true, daysAfter: 2, everyDays: 3, maxTimes: 3 },
  statement: { enabled: true, frequency: 'weekly', weekday: 3 },
});

const zones: Array<{ zone: string; country: Country; mailHour: number; plannedAtUtc: string; paysAt: string }> = [
  { zone: SANTIAGO, country: 'CL', mailHour: 9, plannedAtUtc: '12:00', paysAt: '2027-01-20T13:00:00.000Z' }, // summer, −03; pays at 10:00
  { zone: MEXICO, country: 'MX', mailHour: 8, plannedAtUtc: '14:00', paysAt: '2027-01-20T15:00:00.000Z' }, // −06 all year; pays at 09:00
];

/**
 * Both clients have one invoice due Monday 18 January 2027 (natural days: notice "7 días antes" Mon 11,
 * the custom "4 días antes" Thu 14, due_soon Fri 15, due_today Mon 18, overdue #1 Wed 20, #2 Sat 23 → Mon 25
 * (a weekend moves an after-due message to the next business day), #3 Tue 26, a 4th would be Fri 29; "7 días
 * después" Mon 25). The weekly statement (Wednesdays) lists invoices due within 3 days or overdue: Wed 13 has
 * none, Wed 20 lists it; on Thu 21 the tenant switches to a monthly statement on the 26th (Tue 26, period
 * 2027-01), so Wed 27 has none. Client B pays in full on Wed 20 after that day's run: its receipt goes out
 * that day and nothing after.
 */
const expectedA = (custom: string) => [
  '2027-01-11 notice:before-7',
  `2027-01-14 notice:${custom}`,
  '2027-01-15 due_soon',
  '2027-01-18 due_today',
  '2027-01-20 overdue#1',
  '2027-01-20 statement 2027-W03',
  '2027-01-25 notice:after-7',
  '2027-01-25 overdue#2',
  '2027-01-26 overdue#3',
  '2027-01-26 statement 2027-01',
];
const expectedB = (custom: string) => [
  '2027-01-11 notice:before-7',
  `2027-01-14 notice:${custom}`,
  '2027-01-15 due_soon',
  '2027-01-18 due_today',
  '2027-01-20 overdue#1',
  '2027-01-20 payment_received',
  '2027-01-20 statement 2027-W03',
];

async function typeTable() {
  const world = await collectionsWorld('2027-01-11T05:00:00.000Z');
  const tenants = await Promise.all(
    zones.map(async (z) => {
      const actor = await world.tenant({ timeZone: z.zone, country: z.country, mailHour: z.mailHour });
      await world.settings(actor, typeSettings);
      const custom = await world.concept(actor, { description: '4 días antes', days: 4, relation: 'before' });
      const [a, b] = [unique('tipos-a'), unique('tipos-b')];
      const clientA = await world.client(actor, 'Ferretería Sur', a);
      const clientB = await world.client(actor, 'Panadería Norte', b);
      await world.invoice(actor, clientA.id, '2027-01-18');
      const owed = await world.invoice(actor, clientB.id, '2027-01-18');
      return { ...z, actor, custom: custom.id, a, b, clientB: clientB.id, owed: owed.balance };
    }),
  );
  // The schedule's 15-minute ticks at each tenant's hour and the one before it (on weekends at the hour only), and the people's actions between.
  const actions: Array<{ at: string; run: () => Promise<unknown> }> = days('2027-01-11', '2027-01-29').flatMap((d) =>
    (isWeekend(d) ? ['12:00', '14:00'] : ['11:45', '12:00', '13:45', '14:00']).map((hm) => ({ at: Z(`${d}T${hm}`), run: () => world.tick(Z(`${d}T${hm}`)) })),
  );
  for (const t of tenants) actions.push({ at: t.paysAt, run: () => world.pay(t.actor, t.clientB, t.owed) });
  const monthly = { ...typeSettings, reminders: { ...typeSettings.reminders, statement: { enabled: true, frequency: 'monthly' as const, dayOfMonth: 26 } } };
  for (const t of tenants) actions.push({ at: '2027-01-21T18:00:00.000Z', run: () => world.settings(t.actor, monthly) });
  // A payment at the same instant as a tick comes after it (stable sort: ticks were listed first).
  for (const action of actions.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0))) {
    world.clock.set(action.at);
    await action.run();
  }
  return { world, tenants };
}

// ---------------------------------------------------------------------------------------------------
// Across Santiago's DST changes (2026: back an hour at 00:00 on Sunday 5 April, forward at 00:00 on Sunday
// 6 September — checked with Intl below), for a tenant on business days (weekends and CL holidays skipped:
// Good Friday 3 April), one on every day, and one whose mail hour is the repeated (23:00 on 4 April) or
// skipped (00:00 on 6 September) hour.
// ---------------------------------------------------------------------------------------------------

interface DstTenant {
  name: string;
  mailHour: number;
  businessDaysOnly: boolean;
  dueDates: PlainDate[];
  /** The UTC instants at which a planner worker planned the tenant's days, in order. */
  plans: string[];
  /** `<local day sent> <type> of <due date>`, sorted. */
  sent: string[];
}

interface DstCase {
  name: string;
  from: PlainDate;
  to: PlainDate;
  /** The schedule's 15-minute ticks (UTC) of each day the world runs: see the note above dstWorld. */
  ticks: string[];
  tenants: DstTenant[];
}

const dstCases: DstCase[] = [
  {
    name: 'April 2026, clocks go back (−03 → −04)',
    from: '2026-04-01',
    to: '2026-04-08',
    ticks: ['01:45', '02:00', '02:45', '03:00', '11:45', '12:00', '12:45', '13:00'],
    tenants: [
      {
        name: 'business days, 09:00',
        mailHour: 9,
        businessDaysOnly: true,
        dueDates: ['2026-04-01', '2026-04-03', '2026-04-05', '2026-04-06', '2026-04-07'],
        // Fri 3 (Good Friday), Sat 4 and Sun 5 are not business days: no run.
        plans: ['2026-04-01T12:00', '2026-04-02T12:00', '2026-04-06T13:00', '2026-04-07T13:00', '2026-04-08T13:00'].map(Z),
        sent: [
          '2026-04-01 due_today of 2026-04-01',
          '2026-04-02 due_today of 2026-04-03', // before the due date: back to the last business day
          '2026-04-02 due_today of 2026-04-05',
          '2026-04-02 overdue#1 of 2026-04-01',
          '2026-04-06 due_today of 2026-04-06',
          '2026-04-06 overdue#1 of 2026-04-03', // Sat 4 → Mon 6
          '2026-04-06 overdue#1 of 2026-04-05',
          '2026-04-07 due_today of 2026-04-07',
          '2026-04-07 overdue#1 of 2026-04-06',
          '2026-04-08 overdue#1 of 2026-04-07',
        ],
      },
      {
        name: 'every day, 09:00',
        mailHour: 9,
        businessDaysOnly: false,
        dueDates: ['2026-04-04', '2026-04-05', '2026-04-06'],
        plans: [
          ...['2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04'].map((d) => Z(`${d}T12:00`)),
          ...['2026-04-05', '2026-04-06', '2026-04-07', '2026-04-08'].map((d) => Z(`${d}T13:00`)),
        ],
        sent: [
          '2026-04-04 due_today of 2026-04-04',
          '2026-04-05 due_today of 2026-04-05',
          '2026-04-05 overdue#1 of 2026-04-04',
          '2026-04-06 due_today of 2026-04-06',
          '2026-04-06 overdue#1 of 2026-04-05',
          '2026-04-07 overdue#1 of 2026-04-06',
        ],
      },
      {
        name: 'every day, 23:00 (the hour that happens twice on 4 April)',
        mailHour: 23,
        businessDaysOnly: false,
        dueDates: ['2026-04-04', '2026-04-05'],
        // 23:00 of 4 April happens at 02:00Z and again at 03:00Z on the 5th: planned at the first, once.
        plans: [
          ...['2026-04-02', '2026-04-03', '2026-04-04', '2026-04-05'].map((d) => Z(`${d}T02:00`)),
          ...['2026-04-06', '2026-04-07', '2026-04-08'].map((d) => Z(`${d}T03:00`)),
        ],
        sent: [
          '2026-04-04 due_today of 2026-04-04',
          '2026-04-05 due_today of 2026-04-05',
          '2026-04-05 overdue#1 of 2026-04-04',
          '2026-04-06 overdue#1 of 2026-04-05',
        ],
      },
    ],
  },
  {
    name: 'September 2026, clocks go forward (−04 → −03)',
    from: '2026-09-03',
    to: '2026-09-09',
    ticks: ['02:45', '03:00', '03:45', '04:00', '11:45', '12:00', '12:45', '13:00'],
    tenants: [
      {
        name: 'business days, 09:00',
        mailHour: 9,
        businessDaysOnly: true,
        dueDates: ['2026-09-04', '2026-09-06', '2026-09-07'],
        plans: ['2026-09-03T13:00', '2026-09-04T13:00', '2026-09-07T12:00', '2026-09-08T12:00', '2026-09-09T12:00'].map(Z),
        sent: [
          '2026-09-04 due_today of 2026-09-04',
          '2026-09-04 due_today of 2026-09-06',
          '2026-09-07 due_today of 2026-09-07',
          '2026-09-07 overdue#1 of 2026-09-04', // Sat 5 → Mon 7
          '2026-09-07 overdue#1 of 2026-09-06',
          '2026-09-08 overdue#1 of 2026-09-07',
        ],
      },
      {
        name: 'every day, 09:00',
        mailHour: 9,
        businessDaysOnly: false,
        dueDates: ['2026-09-05', '2026-09-06', '2026-09-07'],
        plans: [
          ...['2026-09-03', '2026-09-04', '2026-09-05'].map((d) => Z(`${d}T13:00`)),
          ...['2026-09-06', '2026-09-07', '2026-09-08', '2026-09-09'].map((d) => Z(`${d}T12:00`)),
        ],
        sent: [
          '2026-09-05 due_today of 2026-09-05',
          '2026-09-06 due_today of 2026-09-06',
          '2026-09-06 overdue#1 of 2026-09-05',
          '2026-09-07 due_today of 2026-09-07',
          '2026-09-07 overdue#1 of 2026-09-06',
          '2026-09-08 overdue#1 of 2026-09-07',
        ],
      },
      {
        name: 'every day, 00:00 (the hour skipped on 6 September)',
        mailHour: 0,
        businessDaysOnly: false,
        dueDates: ['2026-09-05', '2026-09-06'],
        // Put on the schedule at 01:30 on the 3rd, past its hour: planned at the next tick. On the 6th 00:00 does not exist: 01:00 (04:00Z).
        plans: [
          Z('2026-09-03T11:45'),
          ...['2026-09-04', '2026-09-05', '2026-09-06'].map((d) => Z(`${d}T04:00`)),
          ...['2026-09-07', '2026-09-08', '2026-09-09'].map((d) => Z(`${d}T03:00`)),
        ],
        sent: [
          '2026-09-05 due_today of 2026-09-05',
          '2026-09-06 due_today of 2026-09-06',
          '2026-09-06 overdue#1 of 2026-09-05',
          '2026-09-07 overdue#1 of 2026-09-06',
        ],
      },
    ],
  },
];

/**
 * A case's ticks are the schedule's 15-minute ticks where its Santiago hours fall on either side of the
 * change — 23:00 (02:00Z, 03:00Z), 00:00 (03:00Z, 04:00Z), 09:00 (12:00Z, 13:00Z) — each with the tick before
 * it. A planner that ran at any other tick would first be seen at one of these, at an instant the case does
 * not expect; the day's other 88 ticks would cost minutes on this machine and could not show more.
 */

async function dstWorld(c: DstCase) {
  const world = await collectionsWorld(Z(`${c.from}T05:30`));
  const tenants = await Promise.all(
    c.tenants.map(async (t) => {
      const actor = await world.tenant({ timeZone: SANTIAGO, country: 'CL', mailHour: t.mailHour });
      await world.settings(actor, reminders({}, t.businessDaysOnly));
      const email = unique('dst');
      const client = await world.client(actor, 'Constructora Andes', email);
      await world.noticesOff(actor, client.id);
      const dueOf = new Map<string, PlainDate>();
      for (const due of t.dueDates) dueOf.set((await world.invoice(actor, client.id, due)).id, due);
      return { ...t, actor, email, dueOf };
    }),
  );
  for (const d of days(c.from, c.to)) for (const hm of c.ticks) if (Z(`${d}T${hm}`) > Z(`${c.from}T05:30`)) await world.tick(Z(`${d}T${hm}`));
  return { world, tenants };
}

let types: Awaited<ReturnType<typeof typeTable>>;
let dst: Array<Awaited<ReturnType<typeof dstWorld>>>;

beforeAll(async () => {
  const timed = async <T>(name: string, run: () => Promise<T>) => {
    const started = Date.now();
    const result = await run();
    console.info(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`, JSON.stringify((result as { world: CollectionsWorld }).world.timing));
    return result;
  };
  [types, ...dst] = await Promise.all([timed('type table', typeTable), ...dstCases.map((c) => timed(c.name, () => dstWorld(c)))]);
}, 240_000);

describe('each reminder type and notice concept on its day, at the tenant’s hour (SES emulator + send log)', () => {
  it.each(zones)('$zone: every type on its day, none the day before or after, none twice; overdue 3 times then none; none once paid', async (z) => {
    const t = types.tenants.find((x) => x.zone === z.zone)!;
    const every = await delivered(
      types.world,
      types.tenants.map((x) => x.actor),
    );
    const all = every.filter((d) => d.to === t.a || d.to === t.b);
    const row = (d: Delivered) => `${localDay(d.arrivedAt, z.zone)} ${labelOf(d.item)}`;
    expect(
      all
        .filter((d) => d.to === t.a)
        .map(row)
        .sort(),
    ).toEqual(expectedA(t.custom));
    expect(
      all
        .filter((d) => d.to === t.b)
        .map(row)
        .sort(),
    ).toEqual(expectedB(t.custom));

    for (const d of all) {
      const { item } = d;
      // The planner's messages at the tenant's hour (not before it): planned, sent and in the inbox at HH:00 local; the receipt when the payment came.
      const expectedTime = item.collection!.type === 'payment_received' ? localTime(z.paysAt, z.zone) : `${String(z.mailHour).padStart(2, '0')}:00`;
      expect([localTime(item.createdAt, z.zone), localTime(item.sentAt!, z.zone), localTime(d.arrivedAt, z.zone)], labelOf(item)).toEqual([
        expectedTime,
        expectedTime,
        expectedTime,
      ]);
      expect(localDay(item.sentAt!, z.zone)).toBe(localDay(d.arrivedAt, z.zone));
      if (item.collection!.type !== 'payment_received' && item.collection!.type !== 'statement') {
        expect(item.collection!.plannedFor).toBe(localDay(d.arrivedAt, z.zone));
      }
    }
    // The receipt shows the amount in the tenant's currency; a reminder names the tenant.
    const receipt = all.find((d) => d.item.collection!.type === 'payment_received')!;
    expect(receipt.item.text).toMatch(/\$\s?1[.,]000/);

    // A worker planned the tenant on each business day (weekends skipped), always at the same UTC instant (no DST in January).
    const plans = types.world.planned.filter((p) => p.tenantId === t.actor.tenantId && p.outcome === 'planned');
    const businessDays = days('2027-01-11', '2027-01-29').filter((d) => !isWeekend(d));
    expect(plans.map((p) => p.today)).toEqual(businessDays);
    expect(new Set(plans.map((p) => p.at.slice(11, 16)))).toEqual(new Set([z.plannedAtUtc]));
  });
});

describe('across a DST change in America/Santiago: the same local hour, a UTC instant an hour apart, nothing twice or skipped', () => {
  it('finds the 2026 transitions where the cases put them (Intl tz data)', () => {
    const offset = (iso: string) =>
      new Intl.DateTimeFormat('en-US', { timeZone: SANTIAGO, timeZoneName: 'shortOffset' }).formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName')!
        .value;
    expect([offset('2026-04-05T02:59:00Z'), offset('2026-04-05T03:00:00Z')]).toEqual(['GMT-3', 'GMT-4']);
    expect([offset('2026-09-06T03:59:00Z'), offset('2026-09-06T04:00:00Z')]).toEqual(['GMT-4', 'GMT-3']);
    expect(localTime('2026-09-06T04:00:00Z', SANTIAGO)).toBe('01:00'); // 00:00 is skipped
    expect([localTime('2026-04-05T02:00:00Z', SANTIAGO), localTime('2026-04-05T03:00:00Z', SANTIAGO)]).toEqual(['23:00', '23:00']); // 23:00 twice
  });

  describe.each(dstCases.map((c, i) => ({ ...c, i })))('$name', (c) => {
    it.each(c.tenants.map((t) => ({ ...t, c: c.i })))('$name', async (t) => {
      const { world, tenants } = dst[t.c]!;
      const tenant = tenants.find((x) => x.name === t.name)!;
      const plans = world.planned.filter((p) => p.tenantId === tenant.actor.tenantId && p.outcome === 'planned');
      // Planned once a day at the expected UTC instants: an hour apart across the change, at the same local hour.
      expect(plans.map((p) => p.at)).toEqual(t.plans);
      expect(new Set(plans.map((p) => p.today)).size).toBe(plans.length);
      for (const p of plans) expect(p.today).toBe(localDay(p.at, SANTIAGO));

      const all = (
        await delivered(
          world,
          tenants.map((x) => x.actor),
        )
      ).filter((d) => d.to === tenant.email);
      const rows = all.map((d) => `${localDay(d.arrivedAt, SANTIAGO)} ${labelOf(d.item)} of ${tenant.dueOf.get(d.item.collection!.invoiceIds[0]!)}`);
      expect(rows.sort()).toEqual(t.sent);
      // Each e-mail went out at its day's planning instant (the tenant's hour on its wall clock), recorded so in the send log.
      for (const d of all) {
        const plan = plans.find((p) => p.today === localDay(d.arrivedAt, SANTIAGO))!;
        expect([d.item.createdAt, d.item.sentAt, d.arrivedAt]).toEqual([plan.at, plan.at, plan.at]);
      }
    });
  });
});
