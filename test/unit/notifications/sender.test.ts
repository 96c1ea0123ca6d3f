import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/calendar/index.js';
import missionSources from '../../../src/db/seed-data/missions.json' with { type: 'json' };
import {
  createNotificationSender,
  PermanentDeliveryError,
  type MailTransport,
} from '../../../src/notifications/index.js';
import type { OutboxRow } from '../../../src/repositories/notifications.js';

const now = new Date('2027-03-01T00:00:00Z');

function row(id: string, attempts = 1, extra: Partial<OutboxRow> = {}): OutboxRow {
  return {
    id,
    kind: 'request_submitted',
    requestId: '0b7f3c2e-0000-4000-8000-000000000001',
    taskId: null,
    desk: 'MOFA:coordinator',
    address: `${id}@desks.oneteam.test`,
    language: 'ko',
    timeZone: 'Asia/Seoul',
    facts: {
      requestId: '0b7f3c2e-0000-4000-8000-000000000001',
      taskId: null,
      title: 'Title',
      provinceCode: 'KR-43',
      missionCode: null,
      stage: null,
      level: null,
      dueAt: '2027-03-02T00:00:00Z',
      outcome: null,
    },
    messageId: `<${id}@notifications.oneteam>`,
    attempts,
    createdAt: now,
    ...extra,
  };
}

/** An outbox that hands out `rows` once and records what the sender did with each. */
function fakeOutbox(rows: OutboxRow[], clockDue: Date | null = null) {
  const log: string[] = [];
  let claimed = false;
  return {
    log,
    outbox: {
      async claimDue() {
        if (claimed) return [];
        claimed = true;
        return rows;
      },
      async markSent(id: string) {
        log.push(`${id} sent`);
      },
      async retryLater(id: string, notBefore: Date, error: string) {
        log.push(`${id} retry in ${notBefore.getTime() - now.getTime()} ms: ${error}`);
      },
      async postpone(id: string) {
        log.push(`${id} postponed`);
      },
      async markFailed(id: string, error: string) {
        log.push(`${id} failed: ${error}`);
      },
      async dueAtOf() {
        return clockDue;
      },
      async agencyNames() {
        return new Map([['KR-43', { name: 'Chungcheongbuk-do', nameKo: '충청북도' }]]);
      },
    },
  };
}

function transport(refuse: (to: string) => Error | undefined): MailTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async send(mail) {
      const error = refuse(mail.to);
      if (error !== undefined) throw error;
      sent.push(`${mail.to} ${mail.messageId}`);
    },
    close: () => {},
  };
}

const sender = (outbox: ReturnType<typeof fakeOutbox>['outbox'], mail: MailTransport) =>
  createNotificationSender({
    outbox,
    transport: mail,
    from: 'OneTeam <oneteam@localhost>',
    publicUrl: 'https://oneteam.example',
    log: { warn: () => {} },
    retry: { maxAttempts: 3, firstDelayMs: 1_000, maxDelayMs: 3_000 },
    now: () => now,
  });

describe('the notification sender', () => {
  it('sends each row under its Message-ID; a refused address fails alone, a server down is retried with backoff', async () => {
    const { outbox, log } = fakeOutbox([row('a'), row('b', 2), row('c'), row('d', 3)]);
    const mail = transport((to) =>
      to.startsWith('b') || to.startsWith('d')
        ? new Error('connect ECONNREFUSED')
        : to.startsWith('c')
          ? new PermanentDeliveryError('550 no such mailbox')
          : undefined,
    );
    expect(await sender(outbox, mail).deliverDue()).toEqual({ claimed: 4, held: 0, sent: 1, retried: 1, failed: 2 });
    expect(mail.sent).toEqual(['a@desks.oneteam.test <a@notifications.oneteam>']);
    expect(log).toEqual([
      'a sent',
      'b retry in 2000 ms: connect ECONNREFUSED',
      'c failed: 550 no such mailbox',
      'd failed: connect ECONNREFUSED',
    ]);
  });

  it('caps the backoff', async () => {
    const { outbox, log } = fakeOutbox([row('a', 2, { attempts: 2 })]);
    const long = createNotificationSender({
      outbox,
      transport: transport(() => new Error('down')),
      from: 'x <x@localhost>',
      publicUrl: 'https://oneteam.example',
      log: { warn: () => {} },
      retry: { maxAttempts: 10, firstDelayMs: 1_000, maxDelayMs: 1_500 },
      now: () => now,
    });
    await long.deliverDue();
    expect(log).toEqual(['a retry in 1500 ms: down']);
  });

  it('waits a little for the deadline it names, then goes without it', async () => {
    const waiting = row('a', 1, { facts: { ...row('a').facts, dueAt: null, actOn: 'triage' } });
    const first = fakeOutbox([waiting]);
    await sender(
      first.outbox,
      transport(() => undefined),
    ).deliverDue();
    expect(first.log).toEqual(['a postponed']);

    const old = fakeOutbox([{ ...waiting, createdAt: new Date(now.getTime() - 60_000) }]);
    const mail = transport(() => undefined);
    await sender(old.outbox, mail).deliverDue();
    expect(old.log).toEqual(['a sent']);
  });
});

describe('quiet hours', () => {
  const missions = Object.fromEntries(missionSources.map((mission) => [mission.code, mission]));
  const calendars = {
    async get(code: string) {
      return code === 'KR' ? createCalendar('KR') : createCalendar(missions[code]!);
    },
  };
  async function deliverAt(at: string, queued: OutboxRow) {
    const { outbox, log } = fakeOutbox([queued]);
    const postponed: string[] = [];
    const mail = transport(() => undefined);
    await createNotificationSender({
      outbox: {
        ...outbox,
        async postpone(id: string, notBefore: Date) {
          postponed.push(`${id} held until ${notBefore.toISOString()}`);
        },
      },
      transport: mail,
      from: 'OneTeam <oneteam@localhost>',
      publicUrl: 'https://oneteam.example',
      log: { warn: () => {} },
      calendars,
      now: () => new Date(at),
    }).deliverDue();
    return [...postponed, ...log];
  }

  it('holds a mail outside the recipient working hours until the next working morning of its calendar', async () => {
    // Saturday 10:00 in Seoul: MOFA hears on Monday 09:00 KST.
    expect(await deliverAt('2027-03-06T01:00:00Z', row('kr'))).toEqual(['kr held until 2027-03-08T00:00:00.000Z']);
    // Friday 10:00 in Riyadh is the weekend there: Sunday 09:00 AST.
    const riyadh = row('ruh', 1, { desk: 'SA-RUH:mission_officer' });
    expect(await deliverAt('2027-03-05T07:00:00Z', riyadh)).toEqual(['ruh held until 2027-03-07T06:00:00.000Z']);
    // Tuesday 23:00 in Los Angeles: Wednesday 09:00 PST.
    const la = row('lax', 1, { desk: 'US-LAX:mission_officer' });
    expect(await deliverAt('2027-03-03T07:00:00Z', la)).toEqual(['lax held until 2027-03-03T17:00:00.000Z']);
    // Within working hours it goes.
    expect(await deliverAt('2027-03-03T18:00:00Z', la)).toEqual(['lax sent']);
  });

  it('lets a level 3 escalation through at once', async () => {
    expect(await deliverAt('2027-03-06T01:00:00Z', row('kr', 1, { kind: 'sla_level3' }))).toEqual(['kr sent']);
  });
});
