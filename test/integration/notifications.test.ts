/**
 * Notifications end to end: the loop queues its mail in the recording transaction, the worker's sender delivers it
 * to Mailpit, and the tests read what arrived through Mailpit's API. The only file whose workers send mail (the
 * database is shared), so the outage test may point its sender at a Mailpit of its own.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { createPrismaClient } from '../../src/db/client.js';
import { freePort } from '../../src/local/processes/index.js';
import type { MailpitServer } from '../../src/local/mailpit/index.js';
import { formatDue } from '../../src/notifications/mail.js';
import { createNotificationSender, smtpTransport } from '../../src/notifications/index.js';
import { createCalendarRepository } from '../../src/repositories/calendars.js';
import { createNotificationOutbox, deskMailbox } from '../../src/repositories/notifications.js';
import { createCalendarService } from '../../src/services/calendars.js';
import { readMail, searchMail, startTestMailpit } from '../support/mailpit.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { COORDINATOR, HANOI, LOS_ANGELES, PROVINCE } from '../support/users.js';

interface RequestBody {
  id: string;
  status: string;
  tasks: Array<{ id: string; missionCode: string; status: string }>;
}

const mailbox = (agencyCode: string, role: Parameters<typeof deskMailbox>[0]['role']) =>
  deskMailbox({ agencyCode, role });
const PROVINCE_DESK = mailbox('KR-43', 'province_officer');
const COORDINATOR_DESK = mailbox('MOFA', 'coordinator');
const HANOI_DESK = mailbox('VN-HAN', 'mission_officer');
const LOS_ANGELES_DESK = mailbox('US-LAX', 'mission_officer');

async function ok(stack: Stack, user: string, url: string, body?: unknown) {
  const response = await stack.as(user).post(url, body);
  expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(300);
  return response.json<RequestBody>();
}

async function submit(stack: Stack, secret: string): Promise<RequestBody> {
  return ok(stack, PROVINCE, '/v1/requests', {
    title: `Attract students ${randomUUID().slice(0, 8)}`,
    description: `Confidential plan ${secret}`,
    category: 'talent',
    priority: 'priority',
    targetCountries: ['VN', 'US'],
  });
}

async function waitForStatus(stack: Stack, id: string, status: string) {
  return eventually(async () => {
    const response = await stack.as(PROVINCE).get(`/v1/requests/${id}`);
    const body = response.json<RequestBody>();
    return body.status === status ? body : undefined;
  });
}

/** The notifications of a request once all are settled (sent or failed), as (address, kind) pairs. */
async function settledNotifications(stack: Stack, requestId: string, count: number) {
  return eventually(
    async () => {
      const rows = await stack.prisma.notification.findMany({ where: { requestId }, orderBy: { createdAt: 'asc' } });
      return rows.length >= count && rows.every((row) => row.status !== 'queued') ? rows : undefined;
    },
    30_000,
    `${count} notifications of ${requestId} settled`,
  );
}

describe('mail through the loop', () => {
  let stack: Stack;
  const mailpit = () => inject('mailpitHttpUrl');
  beforeAll(async () => {
    stack = await startStack({ mail: {} });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('tells each desk what to do and by when, in Korean, with a link and without the request text', async () => {
    const secret = `secret-${randomUUID()}`;
    const submitted = await submit(stack, secret);
    const id = submitted.id;
    await ok(stack, COORDINATOR, `/v1/requests/${id}/triage`, {
      action: 'clarify',
      question: `Which intake ${secret}?`,
    });
    await ok(stack, PROVINCE, `/v1/requests/${id}/clarification`, { answer: `Spring ${secret}` });
    const assigned = await ok(stack, COORDINATOR, `/v1/requests/${id}/triage`, {
      action: 'assign',
      missions: ['VN-HAN', 'US-LAX'],
      note: `Note ${secret}`,
    });
    const hanoiTask = assigned.tasks.find((task) => task.missionCode === 'VN-HAN')!;
    const laTask = assigned.tasks.find((task) => task.missionCode === 'US-LAX')!;
    await ok(stack, HANOI, `/v1/tasks/${hanoiTask.id}/accept`);
    await ok(stack, HANOI, `/v1/tasks/${hanoiTask.id}/request-info`, { question: `Which fields ${secret}?` });
    await ok(stack, PROVINCE, `/v1/requests/${id}/clarification`, { answer: `Nursing ${secret}` });
    await ok(stack, HANOI, `/v1/tasks/${hanoiTask.id}/respond`, { summary: `Three ${secret}` });
    await ok(stack, LOS_ANGELES, `/v1/tasks/${laTask.id}/accept`);
    await ok(stack, LOS_ANGELES, `/v1/tasks/${laTask.id}/respond`, { summary: `Two ${secret}` });
    await waitForStatus(stack, id, 'review');
    await ok(stack, PROVINCE, `/v1/requests/${id}/review`, { decision: 'accept' });

    const expected = [
      [COORDINATOR_DESK, 'request_submitted'],
      [PROVINCE_DESK, 'clarification_requested'],
      [COORDINATOR_DESK, 'clarification_answered'],
      [HANOI_DESK, 'task_assigned'],
      [LOS_ANGELES_DESK, 'task_assigned'],
      [PROVINCE_DESK, 'info_requested'],
      [HANOI_DESK, 'info_answered'],
      [PROVINCE_DESK, 'mission_responded'],
      [PROVINCE_DESK, 'mission_responded'],
      [PROVINCE_DESK, 'review_started'],
      [PROVINCE_DESK, 'request_closed'],
    ].sort();
    const rows = await settledNotifications(stack, id, expected.length);
    expect(rows.map((row) => [row.address, row.kind]).sort()).toEqual(expected);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);

    // Mailpit holds each of them once, under the Message-ID the outbox fixed.
    const delivered = await eventually(async () => {
      const found = await searchMail(mailpit(), id);
      return found.length >= expected.length ? found : undefined;
    });
    expect(delivered.map((message) => `<${message.MessageID}>`).sort()).toEqual(
      rows.map((row) => row.messageId).sort(),
    );

    for (const summary of delivered) {
      const message = await readMail(mailpit(), summary.ID);
      expect(message.Text).toContain(`http://oneteam.test/app/requests/${id}`);
      expect(message.HTML).toContain(`http://oneteam.test/app/requests/${id}`);
      expect(message.Subject).toMatch(/^\[OneTeam\] /);
      expect(message.Text).toContain('로그인');
      for (const part of [message.Subject, message.Text, message.HTML]) expect(part).not.toContain(secret);
    }

    // Hanoi's assignment says by when, in Hanoi's time.
    const hanoiAssigned = rows.find((row) => row.address === HANOI_DESK && row.kind === 'task_assigned')!;
    const clock = await stack.prisma.slaClock.findFirstOrThrow({
      where: { taskId: hanoiTask.id, stage: 'acceptance' },
    });
    const hanoiMail = delivered.find((message) => `<${message.MessageID}>` === hanoiAssigned.messageId)!;
    expect(hanoiMail.Subject).toContain(formatDue(clock.dueAt, 'ko', 'Asia/Ho_Chi_Minh'));
    expect(hanoiMail.Subject).toContain('수락');
  });

  it('queues an event exactly once however often it is recorded', async () => {
    const submitted = await submit(stack, 'once');
    await settledNotifications(stack, submitted.id, 1);
    const event = await stack.prisma.auditEvent.findFirstOrThrow({
      where: { requestId: submitted.id, type: 'submitted' },
    });
    const request = await stack.prisma.request.findUniqueOrThrow({ where: { id: submitted.id } });
    const activities = createActivities({ prisma: stack.prisma, slaPolicy: 'default' });
    // A retried activity: the same event again.
    await activities.recordRequestEvent({
      event: {
        id: event.id,
        requestId: submitted.id,
        type: 'submitted',
        actor: event.actor,
        at: event.at.toISOString(),
        data: {},
      },
      request: {
        version: 1,
        status: request.status,
        outcome: request.outcome,
        priority: request.priority,
        missions: request.missions,
        clarificationQuestion: null,
        closedAt: null,
      },
    });
    expect(await stack.prisma.notification.count({ where: { requestId: submitted.id } })).toBe(1);
  });

  it('records an event and its mail together or not at all', async () => {
    const submitted = await submit(stack, 'atomic');
    await settledNotifications(stack, submitted.id, 1);
    const request = await stack.prisma.request.findUniqueOrThrow({ where: { id: submitted.id } });
    const eventId = `notification-refused-${randomUUID()}`;
    // The outbox refuses this one event: the audit row must not stay behind without its mail.
    // The service's own role may not change the schema; the owner's may.
    const owner = createPrismaClient(inject('ownerDatabaseUrl'));
    await owner.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION refuse_test_notification() RETURNS trigger AS $$
      BEGIN
        IF NEW.event_id LIKE 'notification-refused-%' THEN RAISE EXCEPTION 'outbox refused'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await owner.$executeRawUnsafe(`
      CREATE TRIGGER refuse_test_notification BEFORE INSERT ON notifications
      FOR EACH ROW EXECUTE FUNCTION refuse_test_notification()`);
    onTestFinished(async () => {
      await owner.$executeRawUnsafe('DROP TRIGGER refuse_test_notification ON notifications');
      await owner.$executeRawUnsafe('DROP FUNCTION refuse_test_notification()');
      await owner.$disconnect();
    });
    const activities = createActivities({ prisma: stack.prisma, slaPolicy: 'default' });
    await expect(
      activities.recordRequestEvent({
        event: {
          id: eventId,
          requestId: submitted.id,
          type: 'withdrawn',
          actor: PROVINCE,
          at: new Date().toISOString(),
          data: {},
        },
        request: {
          version: 99,
          status: 'closed',
          outcome: 'withdrawn',
          priority: request.priority,
          missions: [],
          clarificationQuestion: null,
          closedAt: new Date().toISOString(),
        },
      }),
    ).rejects.toThrow(/outbox refused/);
    expect(await stack.prisma.auditEvent.count({ where: { id: eventId } })).toBe(0);
    expect((await stack.prisma.request.findUniqueOrThrow({ where: { id: submitted.id } })).status).toBe('triage');
  });
});

describe('senders the tests run themselves', () => {
  // No sender runs in this stack's worker: each test runs its own.
  let stack: Stack;
  const mailpit = () => inject('mailpitHttpUrl');
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('sends a mail whose sender died after the server took it again, under the same Message-ID, shown once', async () => {
    const submitted = await submit(stack, 'crash');
    const outbox = createNotificationOutbox(stack.prisma);
    const transport = smtpTransport(inject('mailpitSmtpUrl'));
    const log = { warn: () => {} };
    // The first sender hands the mail over, then dies before it can record it (its send never returns).
    const dying = createNotificationSender({
      outbox,
      transport: {
        async send(mail) {
          await transport.send(mail);
          if (mail.text.includes(submitted.id)) await new Promise(() => {});
        },
        close: () => {},
      },
      from: 'OneTeam <oneteam@localhost>',
      publicUrl: 'http://oneteam.test',
      log,
      leaseMs: 1_000,
      batchSize: 500,
    });
    void dying.deliverDue();
    await eventually(async () => ((await searchMail(mailpit(), submitted.id)).length === 1 ? true : undefined));
    // Its lease runs out; a second sender takes the row over and sends it again.
    const survivor = createNotificationSender({
      outbox,
      transport,
      from: 'OneTeam <oneteam@localhost>',
      publicUrl: 'http://oneteam.test',
      log,
    });
    const row = await eventually(async () => {
      await survivor.deliverDue();
      const found = await stack.prisma.notification.findFirst({ where: { requestId: submitted.id, status: 'sent' } });
      return found ?? undefined;
    });
    expect(row.attempts).toBe(2);
    const found = await searchMail(mailpit(), submitted.id);
    expect(found.map((message) => `<${message.MessageID}>`)).toEqual([row.messageId]);
    transport.close();
  });

  it('holds a mail outside working hours until the next working morning of the recipient calendar', async () => {
    const submitted = await submit(stack, 'quiet');
    const outbox = createNotificationOutbox(stack.prisma);
    const transport = smtpTransport(inject('mailpitSmtpUrl'));
    const calendars = createCalendarService({ calendars: createCalendarRepository(stack.prisma) });
    const senderAt = (at: string) =>
      createNotificationSender({
        outbox,
        transport,
        calendars,
        from: 'OneTeam <oneteam@localhost>',
        publicUrl: 'http://oneteam.test',
        log: { warn: () => {} },
        batchSize: 500,
        now: () => new Date(at),
      });
    const row = () => stack.prisma.notification.findFirstOrThrow({ where: { requestId: submitted.id } });
    // Saturday 5 December 2026, 10:00 in Seoul: MOFA's coordinators hear of it on Monday at 09:00 KST.
    const saturday = senderAt('2026-12-05T01:00:00Z');
    const held = await eventually(async () => {
      await saturday.deliverDue();
      const found = await row();
      return found.notBefore.getTime() > Date.now() ? found : undefined;
    });
    expect(held).toMatchObject({ status: 'queued', notBefore: new Date('2026-12-07T00:00:00Z') });
    expect(await searchMail(mailpit(), submitted.id)).toEqual([]);

    const monday = senderAt('2026-12-07T00:00:01Z');
    const sent = await eventually(async () => {
      await monday.deliverDue();
      const found = await row();
      return found.status === 'sent' ? found : undefined;
    });
    const delivered = await eventually(async () => {
      const found = await searchMail(mailpit(), submitted.id);
      return found.length > 0 ? found : undefined;
    });
    expect(delivered.map((message) => `<${message.MessageID}>`)).toEqual([sent.messageId]);
    transport.close();
  });
});

describe('mail server down', () => {
  let stack: Stack;
  let mailpit: MailpitServer | undefined;
  const ports = { smtpPort: 0, httpPort: 0 };
  beforeAll(async () => {
    ports.smtpPort = await freePort();
    ports.httpPort = await freePort();
    mailpit = await startTestMailpit(ports);
    stack = await startStack({
      mail: { smtpUrl: mailpit.smtpUrl, retry: { maxAttempts: 100, firstDelayMs: 100, maxDelayMs: 500 } },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await mailpit?.stop();
  });

  it('keeps the mail while the server is down and sends each once after it returns', async () => {
    await mailpit!.stop();
    const submitted = await submit(stack, 'outage');
    await ok(stack, COORDINATOR, `/v1/requests/${submitted.id}/triage`, { action: 'clarify', question: 'When?' });
    const failing = await eventually(async () => {
      const rows = await stack.prisma.notification.findMany({ where: { requestId: submitted.id } });
      return rows.length === 2 && rows.every((row) => row.attempts >= 2) ? rows : undefined;
    });
    expect(failing.map((row) => [row.status, row.lastError === null])).toEqual([
      ['queued', false],
      ['queued', false],
    ]);

    mailpit = await startTestMailpit(ports);
    const rows = await settledNotifications(stack, submitted.id, 2);
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent']);
    const delivered = await eventually(async () => {
      const found = await searchMail(mailpit!.httpUrl, submitted.id);
      return found.length >= 2 ? found : undefined;
    });
    expect(delivered.map((message) => `<${message.MessageID}>`).sort()).toEqual(
      rows.map((row) => row.messageId).sort(),
    );
  });
});
