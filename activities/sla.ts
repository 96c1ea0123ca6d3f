import { ApplicationFailure } from '@temporalio/activity';
import { addBusinessDuration, businessTimeBetween, type CalendarDefinition } from '../src/calendar/index.js';
import { INVALID_EXTENSION } from '../src/domain/messages.js';
import type { ClockRow, SlaClockRepository } from '../src/repositories/sla-clocks.js';
import type { SlaPolicyRepository } from '../src/repositories/sla-policies.js';
import type { CalendarService } from '../src/services/calendars.js';
import {
  checkExtensionTarget,
  consumedBy,
  extendedProgress,
  planLevels,
  progressOf,
  escalationEventType,
  stateAtLevel,
  targetFor,
  toPlan,
  type ClockPlan,
  type ClockSpec,
  type SlaPolicy,
} from '../src/sla/index.js';
import type { EscalationLevel } from '../src/domain/vocabulary.js';

export interface SlaActivityDependencies {
  clocks: SlaClockRepository;
  policies: SlaPolicyRepository;
  calendars: CalendarService;
  /** Name of the active policy (SLA_POLICY). */
  policyName: string;
}

/**
 * SLA clock activities. Deadlines depend on calendars and policies (data), so they are computed here
 * and the workflow only sleeps until the instants returned. Every call is safe to retry.
 */
export function createSlaActivities({ clocks, policies, calendars, policyName }: SlaActivityDependencies) {
  let policyCache: SlaPolicy | undefined;
  async function policy(): Promise<SlaPolicy> {
    policyCache ??= await policies.find(policyName);
    if (policyCache === undefined) throw new Error(`SLA policy '${policyName}' is not in the database (SLA_POLICY)`);
    return policyCache;
  }

  async function existing(clockId: string): Promise<ClockRow> {
    const clock = await clocks.find(clockId);
    if (clock === null) throw new Error(`unknown SLA clock ${clockId}`);
    return clock;
  }

  /** The plan of a clock as stored now (after whatever change was just written). */
  /** Levels 1 and 3 from business time; level 2 is the stored due time, which is what the request shows. */
  async function planOf(clock: ClockRow, calendar?: CalendarDefinition): Promise<ClockPlan> {
    const levels = planLevels(calendar ?? (await calendars.get(clock.calendar)), progressOf(clock), await policy()).map(
      (entry) => (entry.level === 2 ? { level: entry.level, at: clock.dueAt } : entry),
    );
    return toPlan(
      levels.filter(({ level }) => level > clock.level),
      clock.dueAt,
      clock.onBreach,
    );
  }

  /** Business time the clock has used by `at`. */
  async function consumedAt(clock: ClockRow, at: Date): Promise<number> {
    if (clock.segmentStartedAt === null) return Number(clock.consumedMs);
    return consumedBy(await calendars.get(clock.calendar), progressOf(clock), at);
  }

  /**
   * The due time. A clock never paused nor extended is due exactly as the policy's duration reads on its
   * calendar (`P1D` from Friday 20:00 is Tuesday 09:00, as GET /v1/calendars/:calendar/due says); after
   * a pause, what is left is counted on from the resumption.
   */
  async function dueFrom(
    clock: ClockRow,
    segmentStartedAt: Date,
    consumedMs: number,
    targetMs: number,
    calendar?: CalendarDefinition,
  ): Promise<Date> {
    calendar ??= await calendars.get(clock.calendar);
    const untouched =
      consumedMs === 0 && clock.extensionReason === null && segmentStartedAt.getTime() === clock.startedAt.getTime();
    if (untouched && targetMs === Number(clock.targetMs))
      return addBusinessDuration(calendar, clock.startedAt, clock.target);
    const levels = planLevels(calendar, { targetMs, consumedMs, segmentStartedAt }, await policy());
    return levels.find(({ level }) => level === 2)!.at;
  }

  async function replan(clock: ClockRow, reason: string, noteId: string, at: Date): Promise<ClockPlan> {
    if (clock.segmentStartedAt === null || clock.stoppedAt !== null) return planOf(clock);
    const calendar = await calendars.get(clock.calendar);
    const dueAt = await dueFrom(
      clock,
      clock.segmentStartedAt,
      Number(clock.consumedMs),
      Number(clock.targetMs),
      calendar,
    );
    if (dueAt.getTime() === clock.dueAt.getTime()) return planOf(clock, calendar);
    await clocks.update(
      clock,
      { dueAt },
      {
        timeline: {
          id: noteId,
          type: 'sla_deadline_moved',
          actor: 'system',
          at,
          data: { stage: clock.stage, reason, previousDueAt: clock.dueAt.toISOString(), dueAt: dueAt.toISOString() },
        },
      },
    );
    return planOf(await existing(clock.id));
  }

  return {
    async startClock({ spec, at }: { spec: ClockSpec; at: string }): Promise<ClockPlan> {
      const active = await policy();
      const rule = targetFor(active, spec.stage, spec.priority, spec.category);
      const calendarCode = active.calendar ?? spec.calendar;
      const calendar = await calendars.get(calendarCode);
      const startedAt = new Date(at);
      const dueAt = addBusinessDuration(calendar, startedAt, rule.target);
      const targetMs = businessTimeBetween(calendar, startedAt, dueAt);
      const created = await clocks.create({
        id: spec.clockId,
        requestId: spec.requestId,
        taskId: spec.taskId ?? null,
        stage: spec.stage,
        holder: spec.holder,
        calendar: calendarCode,
        target: rule.target,
        targetMs,
        onBreach: rule.onBreach ?? null,
        startedAt,
        dueAt,
      });
      // A retry finds the clock as it was left.
      if (created === null) return planOf(await existing(spec.clockId));
      // A holiday declared between reading the calendar and writing the clock may be missing from its fan-out's
      // list (workflows/holiday.ts); read the calendar again now that the clock is written, and move it.
      return replan(
        created,
        'holiday declared while the clock started',
        `${spec.clockId}:calendar-at-start`,
        startedAt,
      );
    },

    /** Stops the clock while someone else is asked (the province); the paused time is theirs. */
    async pauseClock({
      clockId,
      at,
      waitingOn,
      seq,
    }: {
      clockId: string;
      at: string;
      waitingOn: string;
      seq: number;
    }): Promise<void> {
      const clock = await existing(clockId);
      if (clock.segmentStartedAt === null || clock.stoppedAt !== null) return;
      const when = new Date(at);
      await clocks.update(
        clock,
        { consumedMs: await consumedAt(clock, when), segmentStartedAt: null, pausedAt: when, state: 'paused' },
        { interval: { at: when, kind: 'paused', agency: waitingOn, seq } },
      );
    },

    async resumeClock({ clockId, at, seq }: { clockId: string; at: string; seq: number }): Promise<ClockPlan> {
      const clock = await existing(clockId);
      if (clock.pausedAt !== null && clock.stoppedAt === null) {
        const when = new Date(at);
        const consumedMs = Number(clock.consumedMs);
        await clocks.update(
          clock,
          {
            segmentStartedAt: when,
            pausedAt: null,
            pausedMs: Number(clock.pausedMs) + Math.max(0, when.getTime() - clock.pausedAt.getTime()),
            state: clock.level === 0 ? 'on_track' : stateAtLevel[clock.level as EscalationLevel],
            dueAt: await dueFrom(clock, when, consumedMs, Number(clock.targetMs)),
          },
          { interval: { at: when, kind: 'running', agency: clock.holder, seq } },
        );
      }
      return planOf(await existing(clockId));
    },

    /**
     * A coordinator's extension: the stage may now run until `until`; the original due time is kept. An
     * extension the rules refuse (src/sla/extension.ts) fails at once, not on every retry.
     */
    async extendClock(input: {
      clockId: string;
      until: string;
      reason: string;
      actor: string;
      at: string;
    }): Promise<ClockPlan> {
      const clock = await existing(input.clockId);
      if (clock.extensionReason === null && clock.stoppedAt === null) {
        const calendar = await calendars.get(clock.calendar);
        const until = new Date(input.until);
        const now = new Date(input.at);
        const refusal = checkExtensionTarget(
          calendar,
          { ...progressOf(clock), dueAt: clock.dueAt },
          until,
          now,
          await policy(),
        );
        if (refusal !== undefined) throw ApplicationFailure.nonRetryable(refusal, INVALID_EXTENSION);
        const { targetMs, consumedMs, segmentStartedAt } = extendedProgress(calendar, progressOf(clock), until, now);
        await clocks.update(
          clock,
          {
            targetMs,
            consumedMs,
            ...(segmentStartedAt === null ? {} : { segmentStartedAt }),
            dueAt: segmentStartedAt === null ? until : await dueFrom(clock, segmentStartedAt, consumedMs, targetMs),
            extensionReason: input.reason,
            ...(clock.segmentStartedAt === null ? {} : { state: 'on_track', level: 0 }),
          },
          {
            timeline: {
              id: `${input.clockId}:extended`,
              type: 'sla_extended',
              actor: input.actor,
              at: now,
              data: {
                stage: clock.stage,
                originalDueAt: clock.originalDueAt.toISOString(),
                until: input.until,
                reason: input.reason,
              },
            },
          },
        );
      }
      return planOf(await existing(input.clockId));
    },

    /** Recomputes a running clock's instants after its calendar changed (a declared holiday). */
    async replanClock({
      clockId,
      reason,
      noteId,
      at,
    }: {
      clockId: string;
      reason: string;
      noteId: string;
      at: string;
    }): Promise<ClockPlan> {
      return replan(await existing(clockId), reason, noteId, new Date(at));
    },

    async stopClock({ clockId, at }: { clockId: string; at: string }): Promise<void> {
      const clock = await existing(clockId);
      if (clock.stoppedAt !== null) return;
      const when = new Date(at);
      await clocks.update(
        clock,
        {
          consumedMs: await consumedAt(clock, when),
          segmentStartedAt: null,
          stoppedAt: when,
          ...(clock.pausedAt === null ? {} : { state: 'on_track' }),
        },
        { interval: { at: when, kind: null, agency: clock.holder, seq: 0 } },
      );
    },

    /** Records one rung of the ladder: exactly one escalation per clock and level. */
    async escalate({
      clockId,
      level,
      dueAt,
      at,
    }: {
      clockId: string;
      level: EscalationLevel;
      dueAt: string;
      at: string;
    }): Promise<void> {
      const clock = await existing(clockId);
      const firedAt = new Date(at);
      await clocks.escalate(
        clock,
        { level, state: stateAtLevel[level], dueAt: new Date(dueAt), firedAt },
        {
          id: `${clockId}:L${level}`,
          type: escalationEventType[level],
          actor: 'system',
          at: firedAt,
          data: { stage: clock.stage, agency: clock.holder, level, dueAt },
        },
      );
    },
  };
}

export type SlaActivities = ReturnType<typeof createSlaActivities>;
