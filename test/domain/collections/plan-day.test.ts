import { describe, expect, it } from 'vitest';
import type { OutboundEmail } from '../../../domain/messaging/outbound-email.schema.ts';
import { businessCalendar, isoWeekday } from '../../../domain/collections/business-days.ts';
import { collectionMessageId } from '../../../domain/collections/message-id.ts';
import { planDay } from '../../../domain/collections/plan-day.ts';
import { dateRanges, dueDateReads, isoWeek, planWindow } from '../../../domain/collections/schedule.ts';
import { aContact, anInvoice, dayInput, noticesOf, planClient, settings, tenant } from './planner-fixtures.ts';

const plan = (...args: Parameters<typeof dayInput>) => {
  const input = dayInput(...args);
  if (!input) throw new Error('no run that day');
  return planDay(input);
};
/** `type[:concept] invoice-or-client step status[/reason]`, sorted: what the assertions read. */
const summary = (messages: OutboundEmail[]) =>
  messages
    .map((m) => {
      const c = m.collection!;
      const what = c.conceptId ? `notice:${c.conceptId}` : c.type;
      const about = c.type === 'statement' ? c.clientId : c.invoiceIds.join('+');
      return `${what} ${about} ${c.step} ${m.status}${c.skipReason ? `/${c.skipReason}` : ''}`;
    })
    .sort();

describe('plan of one business day (Tuesday 2026-12-01, Chile)', () => {
  it('sends each reminder type and notice on its day', () => {
    const invoices = [
      anInvoice('soon', '2026-12-04'), // due in 3 days
      anInvoice('today', '2026-12-01'),
      anInvoice('od1', '2026-11-30'), // 1 day past: first overdue
      anInvoice('od2', '2026-11-23'), // 8 days: second
      anInvoice('od3', '2026-11-16'), // 15 days: third and last
      anInvoice('od4', '2026-11-09'), // 22 days: past maxTimes
      anInvoice('n7b', '2026-12-08'), // 7 days before
      anInvoice('n7a', '2026-11-24'), // 7 days after
      anInvoice('none', '2026-12-10'),
    ];
    expect(summary(plan('2026-12-01', invoices))).toEqual([
      'due_soon soon 2026-12-04 pending',
      'due_today today 2026-12-01 pending',
      'notice:c7after n7a 2026-11-24 pending',
      'notice:c7before n7b 2026-12-08 pending',
      'overdue od1 1 pending',
      'overdue od2 2 pending',
      'overdue od3 3 pending',
    ]);
  });

  it('fills the message: deterministic id, recipients from the routing, sender, metadata', () => {
    const [message] = plan('2026-12-01', [anInvoice('soon', '2026-12-04')], {
      clients: [planClient('cli', { contacts: [aContact('cli', 'k1'), aContact('cli', 'k2', ['invoices'])] })],
    });
    expect(message).toMatchObject({
      id: collectionMessageId({ tenantId: 'ten', subject: { kind: 'invoice', id: 'soon' }, what: 'due_soon', step: '2026-12-04' }),
      tenantId: 'ten',
      kind: 'collections.due_soon',
      from: 'cobranza@demo.cl',
      to: ['cli@client.cl', 'k1@contact.cl'],
      status: 'pending',
      subject: 'due_soon F-soon',
      collection: { type: 'due_soon', clientId: 'cli', invoiceIds: ['soon'], step: '2026-12-04', plannedFor: '2026-12-01' },
    });
    expect(message?.text).toContain('F-soon:-3');
  });

  it('notices go to contacts only when the client says so, and only for the concepts it chose', () => {
    const contacts = [aContact('cli', 'k1')];
    const toClientOnly = plan('2026-12-01', [anInvoice('n7b', '2026-12-08')], {
      clients: [planClient('cli', { contacts, notices: noticesOf('cli', { toContacts: false }) })],
    });
    expect(toClientOnly.map((m) => m.to)).toEqual([['cli@client.cl']]);
    const notChosen = plan('2026-12-01', [anInvoice('n7b', '2026-12-08')], {
      clients: [planClient('cli', { notices: noticesOf('cli', { beforeConceptIds: [] }) })],
    });
    expect(notChosen).toEqual([]);
    const off = plan('2026-12-01', [anInvoice('n7b', '2026-12-08')], { clients: [planClient('cli', { notices: noticesOf('cli', { enabled: false }) })] });
    expect(off).toEqual([]);
  });

  it('a type switched off sends nothing', () => {
    const s = settings({ due_today: { enabled: false }, overdue: { enabled: false, daysAfter: 1, everyDays: 7, maxTimes: 3 } });
    expect(summary(plan('2026-12-01', [anInvoice('today', '2026-12-01'), anInvoice('od1', '2026-11-30')], { settings: s }))).toEqual([]);
  });
});

describe('skip reasons, recorded on the message', () => {
  const one = (options: Parameters<typeof dayInput>[2], invoice = anInvoice('today', '2026-12-01')) => summary(plan('2026-12-01', [invoice], options));

  it('collections off, client deactivated', () => {
    expect(one({ clients: [planClient('cli', {}, { collectionsEnabled: false })] })).toEqual(['due_today today 2026-12-01 skipped/collections_off']);
    expect(one({ clients: [planClient('cli', {}, { status: 'inactive' as never })] })).toEqual(['due_today today 2026-12-01 skipped/client_inactive']);
    expect(one({ clients: [] })).toEqual(['due_today today 2026-12-01 skipped/client_inactive']);
  });

  it('an invoice on hold (disputed, or a promise not yet due), but not a broken promise', () => {
    const disputed = anInvoice('today', '2026-12-01', { hold: { kind: 'disputed', reason: 'x', since: '2026-11-20' } });
    expect(one({}, disputed)).toEqual(['due_today today 2026-12-01 skipped/on_hold']);
    const promised = anInvoice('today', '2026-12-01', { hold: { kind: 'promise', promisedDate: '2026-12-05', since: '2026-11-20' } });
    expect(one({}, promised)).toEqual(['due_today today 2026-12-01 skipped/on_hold']);
    const broken = anInvoice('today', '2026-12-01', { hold: { kind: 'promise', promisedDate: '2026-11-30', since: '2026-11-20' } });
    expect(one({}, broken)).toEqual(['due_today today 2026-12-01 pending']);
  });

  it('paid (a stale index entry with no balance left)', () => {
    expect(one({}, anInvoice('today', '2026-12-01', { balance: 0, status: 'paid' }))).toEqual(['due_today today 2026-12-01 skipped/paid']);
  });

  it('no recipient; every recipient suppressed; a suppressed one dropped', () => {
    expect(one({ clients: [planClient('cli', {}, { email: undefined })] })).toEqual(['due_today today 2026-12-01 skipped/no_recipient']);
    expect(one({ suppressed: ['cli@client.cl'] })).toEqual(['due_today today 2026-12-01 skipped/suppressed']);
    const [message] = plan('2026-12-01', [anInvoice('today', '2026-12-01')], {
      clients: [planClient('cli', { contacts: [aContact('cli', 'k1')] })],
      suppressed: ['cli@client.cl'],
    });
    expect(message).toMatchObject({ status: 'pending', to: ['k1@contact.cl'] });
  });
});

describe('sender', () => {
  const fromOf = (options: Parameters<typeof dayInput>[2]) => {
    const [m] = plan('2026-12-01', [anInvoice('today', '2026-12-01')], options);
    return { from: m?.from, replyTo: m?.replyTo };
  };
  const collector = { id: 'u1', name: 'Ana', email: 'ana@demo.cl', mailbox: 'ana.cobranza@demo.cl' };

  it("the collector's mailbox when verified; else the tenant's sender with Reply-To the collector; else the platform's", () => {
    expect(fromOf({ clients: [planClient('cli', { collector: { ...collector, mailboxVerified: true } })] })).toEqual({
      from: 'ana.cobranza@demo.cl',
      replyTo: undefined,
    });
    expect(fromOf({ clients: [planClient('cli', { collector: { ...collector, mailboxVerified: false } })] })).toEqual({
      from: 'cobranza@demo.cl',
      replyTo: 'ana.cobranza@demo.cl',
    });
    expect(fromOf({ t: tenant({ senderEmail: undefined }), clients: [planClient('cli')] })).toEqual({ from: 'no-reply@cobranza.local', replyTo: undefined });
  });
});

describe('business days (Chile: weekends and public holidays)', () => {
  it('a non-business day plans nothing; with businessDaysOnly off it plans as any day', () => {
    expect(dayInput('2026-12-05', [anInvoice('today', '2026-12-05')])).toBeUndefined(); // Saturday
    expect(dayInput('2026-12-08', [anInvoice('today', '2026-12-08')])).toBeUndefined(); // Inmaculada Concepción
    const s = settings({}, false);
    expect(summary(plan('2026-12-05', [anInvoice('today', '2026-12-05')], { settings: s }))).toEqual(['due_today today 2026-12-05 pending']);
  });

  it('messages before the due date move to the previous business day: Friday sends the weekend due dates', () => {
    const invoices = [anInvoice('sat', '2026-12-05'), anInvoice('sun', '2026-12-06'), anInvoice('mon', '2026-12-07')];
    expect(summary(plan('2026-12-04', invoices))).toEqual([
      'due_soon mon 2026-12-07 pending', // natural day Friday
      'due_today sat 2026-12-05 pending',
      'due_today sun 2026-12-06 pending',
    ]);
    // The holiday Tuesday's due_today goes on Monday, with Monday's own.
    const holiday = plan('2026-12-07', [anInvoice('mon', '2026-12-07'), anInvoice('tue', '2026-12-08')], { plannedThrough: '2026-12-04' });
    expect(summary(holiday)).toContain('due_today tue 2026-12-08 pending');
  });

  it('messages after the due date move to the next business day: Monday sends the weekend overdue steps', () => {
    const invoices = [anInvoice('fri', '2026-12-04'), anInvoice('sat', '2026-12-05'), anInvoice('sun', '2026-12-06')];
    expect(summary(plan('2026-12-04', invoices)).filter((s) => s.startsWith('overdue'))).toEqual([]);
    expect(summary(plan('2026-12-07', invoices, { plannedThrough: '2026-12-04' })).filter((s) => s.startsWith('overdue'))).toEqual([
      'overdue fri 1 pending',
      'overdue sat 1 pending',
      'overdue sun 1 pending',
    ]);
  });

  it('knows ISO weekdays and the holiday table', () => {
    expect(['2026-11-30', '2026-12-05', '2026-12-06'].map(isoWeekday)).toEqual([1, 6, 7]);
    const chile = businessCalendar('CL', true);
    expect(['2026-09-18', '2026-09-19', '2026-12-25', '2026-12-24'].map((d) => chile.isBusinessDay(d))).toEqual([false, false, false, true]);
    expect(businessCalendar('other', true).isBusinessDay('2026-12-25')).toBe(true);
  });
});

describe('catch-up after missed runs (decision "Collections planning days")', () => {
  // Last planned Friday 2026-11-27; Monday 11-30 and Tuesday 12-01 missed; the run is on Wednesday 12-02.
  const missed = { plannedThrough: '2026-11-27' };

  it('before-due messages of missed days go late while the due date has not passed, else are skipped `late`', () => {
    const s = settings({ due_soon: { enabled: true, daysBefore: 1 } });
    const invoices = [anInvoice('a', '2026-12-01'), anInvoice('b', '2026-12-02'), anInvoice('c', '2026-11-30')];
    expect(summary(plan('2026-12-02', invoices, { ...missed, settings: s })).filter((x) => !x.startsWith('overdue') && !x.startsWith('notice'))).toEqual([
      'due_soon a 2026-12-01 skipped/late', // its day was 11-30, due 12-01 has passed
      'due_soon b 2026-12-02 pending', // its day was 12-01, due today: still before the due date ends
      'due_today a 2026-12-01 skipped/late',
      'due_today b 2026-12-02 pending', // today's own
      'due_today c 2026-11-30 skipped/late',
    ]);
  });

  it('notices before whose due date is still ahead are sent late; notices after and overdue are sent', () => {
    const invoices = [anInvoice('nb', '2026-12-07'), anInvoice('na', '2026-11-23'), anInvoice('od', '2026-11-29')];
    expect(summary(plan('2026-12-02', invoices, missed))).toEqual([
      'notice:c7after na 2026-11-23 pending', // its day 11-30
      'notice:c7before nb 2026-12-07 pending', // its day 11-30
      'overdue na 2 pending', // its day 12-01
      'overdue od 1 pending', // its day 11-30
    ]);
  });

  it('a series caught up over several days sends its latest step only; the earlier are recorded `late`', () => {
    const s = settings({ overdue: { enabled: true, daysAfter: 1, everyDays: 1, maxTimes: 5 } });
    expect(summary(plan('2026-12-02', [anInvoice('od', '2026-11-27')], { ...missed, settings: s }))).toEqual([
      // Steps 1–5 fell on Saturday 11-28 … Wednesday 12-02, all after the last planned day.
      'overdue od 1 skipped/late',
      'overdue od 2 skipped/late',
      'overdue od 3 skipped/late',
      'overdue od 4 skipped/late',
      'overdue od 5 pending',
    ]);
  });

  it('looks back at most MAX_CATCH_UP_DAYS; the first run ever plans only its day', () => {
    const calendar = businessCalendar('CL', true);
    expect(planWindow(calendar, '2026-12-02', '2026-10-01')).toEqual({ today: '2026-12-02', first: '2026-11-26' });
    expect(planWindow(calendar, '2026-12-02', undefined)).toEqual({ today: '2026-12-02', first: '2026-12-02' });
    expect(planWindow(calendar, '2026-12-02', '2026-12-02')).toBeUndefined();
    expect(summary(plan('2026-12-02', [anInvoice('a', '2026-12-01')], { plannedThrough: null }))).toEqual(['overdue a 1 pending']);
  });
});

describe('statements', () => {
  const weekly = settings({ statement: { enabled: true, frequency: 'weekly', weekday: 1 } });
  const invoices = [
    anInvoice('od', '2026-11-20'),
    anInvoice('soon', '2026-12-09'),
    anInvoice('later', '2026-12-20'),
    anInvoice('x', '2026-11-30', { clientId: 'other' }),
  ];
  const clients = [planClient('cli'), planClient('other')];

  it('one per client on its weekday, listing overdue and due-soon invoices, keyed by ISO week', () => {
    const statements = plan('2026-12-07', invoices, { settings: weekly, clients, plannedThrough: '2026-12-04' }).filter(
      (m) => m.collection?.type === 'statement',
    );
    expect(statements.map((m) => [m.collection?.clientId, m.collection?.step, m.collection?.invoiceIds])).toEqual(
      expect.arrayContaining([
        ['cli', '2026-W50', ['od', 'soon']],
        ['other', '2026-W50', ['x']],
      ]),
    );
    expect(statements).toHaveLength(2);
  });

  it('a missed statement day is sent once by the next run; monthly uses the last day of a short month', () => {
    const late = plan('2026-12-09', invoices, { settings: weekly, clients, plannedThrough: '2026-12-04' }).filter((m) => m.collection?.type === 'statement');
    expect(late.map((m) => `${m.collection?.clientId} ${m.collection?.step} ${m.status}`).sort()).toEqual(['cli 2026-W50 pending', 'other 2026-W50 pending']);
    const monthly = settings({ statement: { enabled: true, frequency: 'monthly', dayOfMonth: 31 } });
    const reads = dueDateReads(businessCalendar('CL', true), { today: '2026-11-30', first: '2026-11-30' }, monthly, []);
    expect(reads.through).toBe('2026-12-03');
  });

  it('names ISO weeks across the year end', () => {
    expect(['2026-12-31', '2027-01-01', '2027-01-04', '2026-01-01'].map(isoWeek)).toEqual(['2026-W53', '2026-W53', '2027-W01', '2026-W01']);
  });
});

describe('reads', () => {
  it('asks the open-invoices index for the exact due dates of the day, merged into ranges', () => {
    const reads = dueDateReads(businessCalendar('CL', true), { today: '2026-12-01', first: '2026-12-01' }, settings(), [
      { id: 'c7before', description: '', days: 7, relation: 'before', version: 1, createdAt: '', updatedAt: '' },
    ]);
    expect(reads).toEqual({ dates: ['2026-11-16', '2026-11-23', '2026-11-30', '2026-12-01', '2026-12-04', '2026-12-08'] });
    expect(dateRanges(reads.dates)).toEqual([
      { from: '2026-11-16', to: '2026-11-16' },
      { from: '2026-11-23', to: '2026-11-23' },
      { from: '2026-11-30', to: '2026-12-01' },
      { from: '2026-12-04', to: '2026-12-04' },
      { from: '2026-12-08', to: '2026-12-08' },
    ]);
  });
});
