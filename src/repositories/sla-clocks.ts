import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { EscalationLevel, SlaState, TimelineEventType } from '../domain/vocabulary.js';
import { worstState } from '../sla/index.js';
import { queueNotifications } from './notifications.js';

const clockSelect = {
  id: true,
  requestId: true,
  taskId: true,
  stage: true,
  holder: true,
  calendar: true,
  target: true,
  targetMs: true,
  consumedMs: true,
  segmentStartedAt: true,
  pausedAt: true,
  pausedMs: true,
  state: true,
  level: true,
  onBreach: true,
  startedAt: true,
  dueAt: true,
  originalDueAt: true,
  extensionReason: true,
  stoppedAt: true,
} satisfies Prisma.SlaClockSelect;

export type ClockRow = Prisma.SlaClockGetPayload<{ select: typeof clockSelect }>;

export interface NewClock {
  id: string;
  requestId: string;
  taskId: string | null;
  stage: string;
  holder: string;
  calendar: string;
  target: string;
  targetMs: number;
  onBreach: string | null;
  startedAt: Date;
  dueAt: Date;
}

export type ClockChange = Partial<
  Pick<ClockRow, 'state' | 'level' | 'segmentStartedAt' | 'pausedAt' | 'dueAt' | 'extensionReason' | 'stoppedAt'>
> & { targetMs?: number; consumedMs?: number; pausedMs?: number };

export interface TimelineNote {
  id: string;
  type: TimelineEventType;
  actor: string;
  at: Date;
  data: Record<string, string | number | null>;
}

/**
 * Clock rows, their running/paused intervals, escalations, and the request's `slaState`, which is the
 * worst state among its running clocks (or among all of them once none runs). Every write is keyed so
 * that a retried activity changes nothing twice.
 */
export function createSlaClockRepository(prisma: PrismaClient) {
  async function refreshRequestState(tx: Prisma.TransactionClient, requestId: string): Promise<void> {
    const clocks = await tx.slaClock.findMany({ where: { requestId }, select: { state: true, stoppedAt: true } });
    const running = clocks.filter((clock) => clock.stoppedAt === null);
    const pool = running.length > 0 ? running : clocks;
    const slaState = worstState(pool.map((clock) => clock.state));
    await tx.request.update({ where: { id: requestId }, data: { slaState } });
  }

  /** The timeline entry and, the first time it is written, the notifications it sends. */
  async function note(tx: Prisma.TransactionClient, requestId: string, taskId: string | null, entry: TimelineNote) {
    const { count } = await tx.auditEvent.createMany({ data: [{ ...entry, requestId, taskId }], skipDuplicates: true });
    if (count > 0) await queueNotifications(tx, { ...entry, requestId, taskId });
  }

  return {
    find(id: string): Promise<ClockRow | null> {
      return prisma.slaClock.findUnique({ where: { id }, select: clockSelect });
    },

    /** Creates the clock and its first running interval; null when it already existed. */
    async create(clock: NewClock): Promise<ClockRow | null> {
      const row: ClockRow = {
        ...clock,
        targetMs: BigInt(clock.targetMs),
        consumedMs: 0n,
        segmentStartedAt: clock.startedAt,
        pausedAt: null,
        pausedMs: 0n,
        state: 'on_track',
        level: 0,
        originalDueAt: clock.dueAt,
        extensionReason: null,
        stoppedAt: null,
      };
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.slaClock.createMany({ data: [row], skipDuplicates: true });
        if (count === 0) return null;
        await tx.clockInterval.create({
          data: {
            id: `${clock.id}:0`,
            clockId: clock.id,
            agency: clock.holder,
            kind: 'running',
            startedAt: clock.startedAt,
          },
        });
        await refreshRequestState(tx, clock.requestId);
        return row;
      });
    },

    /**
     * Applies a change; when `interval` is given, closes the open interval at `interval.at` and opens one
     * of `interval.kind` for `interval.agency` (unless `interval.kind` is null: the clock stopped).
     */
    async update(
      clock: Pick<ClockRow, 'id' | 'requestId' | 'taskId'>,
      change: ClockChange,
      options: {
        interval?: { at: Date; kind: 'running' | 'paused' | null; agency: string; seq: number };
        timeline?: TimelineNote;
      } = {},
    ): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.slaClock.update({
          where: { id: clock.id },
          data: {
            ...change,
            ...(change.targetMs === undefined ? {} : { targetMs: BigInt(change.targetMs) }),
            ...(change.consumedMs === undefined ? {} : { consumedMs: BigInt(change.consumedMs) }),
            ...(change.pausedMs === undefined ? {} : { pausedMs: BigInt(change.pausedMs) }),
          },
        });
        if (change.stoppedAt != null) {
          // The stage is over: its escalations need no more attention.
          await tx.escalation.updateMany({
            where: { clockId: clock.id, state: { not: 'resolved' } },
            data: { state: 'resolved' },
          });
        }
        const { interval, timeline } = options;
        if (interval !== undefined) {
          await tx.clockInterval.updateMany({
            where: { clockId: clock.id, endedAt: null },
            data: { endedAt: interval.at },
          });
          if (interval.kind !== null) {
            await tx.clockInterval.createMany({
              data: [
                {
                  id: `${clock.id}:${interval.seq}`,
                  clockId: clock.id,
                  agency: interval.agency,
                  kind: interval.kind,
                  startedAt: interval.at,
                },
              ],
              skipDuplicates: true,
            });
          }
        }
        if (timeline !== undefined) await note(tx, clock.requestId, clock.taskId, timeline);
        await refreshRequestState(tx, clock.requestId);
      });
    },

    /** Records one escalation per clock and level; false when this level had fired already. */
    async escalate(
      clock: Pick<ClockRow, 'id' | 'requestId' | 'taskId' | 'stage' | 'holder'>,
      escalation: { level: EscalationLevel; state: SlaState; dueAt: Date; firedAt: Date },
      timeline: TimelineNote,
    ): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.escalation.createMany({
          data: [
            {
              id: `${clock.id}:L${escalation.level}`,
              clockId: clock.id,
              requestId: clock.requestId,
              taskId: clock.taskId,
              stage: clock.stage,
              agency: clock.holder,
              level: escalation.level,
              dueAt: escalation.dueAt,
              firedAt: escalation.firedAt,
            },
          ],
          skipDuplicates: true,
        });
        await tx.slaClock.updateMany({
          where: { id: clock.id, level: { lt: escalation.level } },
          data: { level: escalation.level, state: escalation.state },
        });
        await note(tx, clock.requestId, clock.taskId, timeline);
        await refreshRequestState(tx, clock.requestId);
        return count === 1;
      });
    },

    /**
     * The workflows owning running clocks on a calendar (a declared holiday may move their deadlines), a page at a
     * time in clock order: `next` is where the following page starts, undefined after the last.
     */
    async workflowsRunningOn(
      calendar: string,
      after: string | undefined,
      limit: number,
    ): Promise<{ clocks: Array<Pick<ClockRow, 'requestId' | 'taskId'>>; next: string | undefined }> {
      const clocks = await prisma.slaClock.findMany({
        where: { calendar, stoppedAt: null, ...(after === undefined ? {} : { id: { gt: after } }) },
        select: { id: true, requestId: true, taskId: true },
        orderBy: { id: 'asc' },
        take: limit,
      });
      return { clocks, next: clocks.length < limit ? undefined : clocks.at(-1)!.id };
    },

    /** Running clocks of a request, for the detail view and for extensions. */
    runningFor(requestId: string): Promise<ClockRow[]> {
      return prisma.slaClock.findMany({
        where: { requestId, stoppedAt: null },
        select: clockSelect,
        orderBy: { startedAt: 'asc' },
      });
    },
  };
}

export type SlaClockRepository = ReturnType<typeof createSlaClockRepository>;
