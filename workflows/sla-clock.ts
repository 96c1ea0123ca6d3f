import { ActivityFailure, ApplicationFailure, CancellationScope, condition, workflowInfo } from '@temporalio/workflow';
import {
  CALENDAR_COVERAGE,
  INVALID_EXTENSION,
  INVALID_TRANSITION,
  type CalendarChange,
  type ClockExtension,
} from '../src/domain/messages.js';
import { checkExtension, stateAtLevel, worstState, type ClockPlan, type ClockSpec } from '../src/sla/clock.js';
import type { EscalationLevel, SlaState } from '../src/domain/vocabulary.js';
import { checkActor } from '../src/domain/authority.js';
import { forbid, refuse } from './failures.js';
import { recording } from './recording.js';

export interface StageClock {
  readonly spec: ClockSpec;
  /** True once stopped and its ladder loop has finished: the workflow may complete. */
  readonly settled: boolean;
  readonly extended: boolean;
  /** Who extended the clock, to when and why (once per clock). */
  readonly extension: { actor: string; until: string; reason: string } | undefined;
  readonly running: boolean;
  readonly stopped: boolean;
  /** on_track / at_risk / breached from the ladder, or paused. */
  readonly state: SlaState;
  readonly plan: ClockPlan;
  pause(waitingOn: string): Promise<void>;
  resume(): Promise<void>;
  extend(until: string, reason: string, actor: string): Promise<void>;
  replan(reason: string, noteId: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts one SLA clock and its escalation ladder. The instants come from activities (calendars and
 * policies are data); the workflow only sleeps until the next one, so replay stays deterministic and a
 * level that fell due while no worker ran fires as soon as one does, in order.
 *
 * `onLevel` runs after a level is recorded (the review stage closes the request on breach).
 */
export async function startStageClock(
  spec: ClockSpec,
  onLevel: (level: EscalationLevel, plan: ClockPlan) => Promise<void>,
): Promise<StageClock> {
  let plan = await recording().startClock({ spec, at: now() });
  let pending = [...plan.thresholds];
  let paused = false;
  let stopped = false;
  let settled = false;
  let extension: StageClock['extension'];
  // Bumped on every change so the sleeping ladder wakes and looks again.
  let generation = 0;
  let intervalSeq = 0;
  let reached: EscalationLevel | 0 = 0;

  const adopt = (next: ClockPlan) => {
    plan = next;
    pending = [...next.thresholds];
    generation += 1;
  };

  // The ladder outlives a cancellation of the workflow: the workflow stops the clock on its way out.
  void CancellationScope.nonCancellable(async () => {
    while (!stopped) {
      const seen = generation;
      const next = paused ? undefined : pending[0];
      if (next === undefined) {
        await condition(() => stopped || generation !== seen);
        continue;
      }
      const wait = Date.parse(next.at) - Date.now();
      if (wait > 0 && (await condition(() => stopped || generation !== seen, wait))) continue;
      pending.shift();
      await recording().escalate({ clockId: spec.clockId, level: next.level, dueAt: next.at, at: now() });
      reached = Math.max(reached, next.level) as EscalationLevel;
      if (!stopped) await onLevel(next.level, plan);
    }
    settled = true;
  });

  return {
    spec,
    get settled() {
      return settled;
    },
    get extended() {
      return extension !== undefined;
    },
    get extension() {
      return extension;
    },
    get running() {
      return !stopped && !paused;
    },
    get stopped() {
      return stopped;
    },
    get state() {
      return paused ? 'paused' : reached === 0 ? 'on_track' : stateAtLevel[reached];
    },
    get plan() {
      return plan;
    },
    async pause(waitingOn) {
      if (stopped || paused) return;
      paused = true;
      generation += 1;
      intervalSeq += 1;
      await recording().pauseClock({ clockId: spec.clockId, at: now(), waitingOn, seq: intervalSeq });
    },
    async resume() {
      if (stopped || !paused) return;
      paused = false;
      intervalSeq += 1;
      adopt(await recording().resumeClock({ clockId: spec.clockId, at: now(), seq: intervalSeq }));
    },
    async extend(until, reason, actor) {
      if (stopped || extension !== undefined) return;
      // Taken before the activity runs, so a second extension is refused meanwhile; given back if it fails.
      extension = { actor, until, reason };
      const reachedBefore = reached;
      reached = 0;
      try {
        adopt(await recording().extendClock({ clockId: spec.clockId, until, reason, actor, at: now() }));
      } catch (error) {
        extension = undefined;
        reached = reachedBefore;
        throw refusedExtension(error) ?? error;
      }
    },
    async replan(reason, noteId) {
      if (stopped || paused) return;
      adopt(await recording().replanClock({ clockId: spec.clockId, reason, noteId, at: now() }));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      generation += 1;
      await recording().stopClock({ clockId: spec.clockId, at: now() });
    },
  };
}

const now = () => new Date().toISOString();

/** An extension the activity refused (its rules, or a date beyond the calendars) fails its Update as a 409. */
function refusedExtension(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  if (!(cause instanceof ApplicationFailure) || (cause.type !== INVALID_EXTENSION && cause.type !== CALENDAR_COVERAGE))
    return undefined;
  return ApplicationFailure.create({ type: INVALID_TRANSITION, message: cause.message, nonRetryable: true });
}

export interface ClockSet {
  open(
    spec: Omit<ClockSpec, 'clockId'>,
    onLevel?: (level: EscalationLevel, plan: ClockPlan) => Promise<void>,
  ): Promise<StageClock>;
  stopAll(): Promise<void>;
  /** Handler of `extendClockUpdate`: a coordinator moves one running clock's deadline. */
  readonly extend: (extension: ClockExtension) => Promise<void>;
  /** Validator of `extendClockUpdate`: once per clock, a running clock, a time in the future. */
  readonly validateExtension: (extension: ClockExtension) => void;
  /** Handler of `calendarChangedSignal`: the running clocks recompute their instants. */
  readonly holidayDeclared: (change: CalendarChange) => Promise<void>;
  /** Every clock stopped and its ladder finished. */
  readonly settled: boolean;
  /** Worst state of the running clocks (on_track when none runs). */
  readonly state: SlaState;
  /** Earliest due time of the running clocks. */
  readonly nextDueAt: Date | undefined;
}

/**
 * The clocks of one workflow. A workflow that owns clocks registers {@link ClockSet.extend} and
 * {@link ClockSet.holidayDeclared} as its handlers of coordinators' extensions and declared holidays.
 */
export function createClockSet(onChange: () => void): ClockSet {
  const clocks: StageClock[] = [];
  let seq = 0;
  const find = (clockId: string) => clocks.find((clock) => clock.spec.clockId === clockId);

  return {
    async open(spec, onLevel = async () => {}) {
      seq += 1;
      const clock = await startStageClock(
        { ...spec, clockId: `${workflowInfo().workflowId}:${spec.stage}:${seq}` },
        async (level, plan) => {
          onChange();
          await onLevel(level, plan);
        },
      );
      clocks.push(clock);
      onChange();
      return clock;
    },
    async stopAll() {
      for (const clock of clocks) await clock.stop();
      onChange();
    },
    async extend({ clockId, until, reason, actor }) {
      await find(clockId)!.extend(until, reason, actor);
      onChange();
    },
    validateExtension(extension) {
      forbid(checkActor(extension, 'extendClock'));
      const { clockId, until } = extension;
      const clock = find(clockId);
      refuse(checkExtension(clock && describe(clock), until, Date.now()));
    },
    async holidayDeclared({ holidayId }) {
      for (const clock of clocks.filter((candidate) => candidate.running)) {
        await clock.replan(`holiday declared (${holidayId})`, `${clock.spec.clockId}:holiday:${holidayId}`);
      }
      onChange();
    },
    get settled() {
      return clocks.every((clock) => clock.settled);
    },
    get state() {
      return worstState(clocks.filter((clock) => !clock.stopped).map((clock) => clock.state));
    },
    get nextDueAt() {
      const due = clocks.filter((clock) => clock.running).map((clock) => Date.parse(clock.plan.dueAt));
      return due.length === 0 ? undefined : new Date(Math.min(...due));
    },
  };
}

const describe = (clock: StageClock) => ({
  stage: clock.spec.stage,
  stopped: clock.stopped,
  extended: clock.extended,
  dueAt: clock.plan.dueAt,
});
