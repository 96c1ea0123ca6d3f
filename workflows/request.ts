import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  setHandler,
  startChild,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  answerClarificationUpdate,
  calendarChangedSignal,
  extendClockUpdate,
  requestStateQuery,
  reviewUpdate,
  submitUpdate,
  taskSlaSignal,
  taskWorkflowId,
  triageUpdate,
  withdrawUpdate,
  type Answer,
} from '../src/domain/messages.js';
import type { RequestState, ReviewDecision, Submission, TriageCommand } from '../src/domain/model.js';
import { checkActor, type Actor, type WorkflowAction } from '../src/domain/authority.js';
import type { AuditEventRecord, NewTask, RecordRequestEventInput, RequestSnapshot } from '../src/domain/projection.js';
import { dueAtKey, missionsKey, provinceKey, slaStateKey, statusKey } from '../src/domain/search-attributes.js';
import { MOFA_CODE } from '../src/domain/agencies.js';
import { worstState } from '../src/sla/clock.js';
import {
  KOREA_CALENDAR,
  type Outcome,
  type SlaState,
  type Stage,
  type TimelineEventType,
} from '../src/domain/vocabulary.js';
import {
  isTaskActive,
  checkAnswerClarification,
  checkReview,
  checkTriage,
  checkWithdraw,
  missionsToReopen,
  statusAfterTaskSettled,
} from '../src/domain/transitions.js';
import { forbid, refuse } from './failures.js';
import { missionTaskWorkflow, type MissionTaskResult } from './mission-task.js';
import { recording } from './recording.js';
import { createClockSet, type StageClock } from './sla-clock.js';

export interface RequestWorkflowInput {
  submission: Submission;
}

/** One province request from submission to closing; each mission assignment runs as a child workflow. */
export async function requestWorkflow({ submission }: RequestWorkflowInput): Promise<RequestState> {
  const state: RequestState = {
    requestId: submission.requestId,
    provinceCode: submission.provinceCode,
    priority: submission.priority,
    status: 'triage',
    tasks: [],
  };
  let version = 0;
  let recorded = false;
  let closedAt: string | null = null;
  let runningChildren = 0;
  let pendingRecords = 0;
  const taskSla = new Map<string, SlaState>();
  const clocks = createClockSet(syncSearchAttributes);
  let triageClock: StageClock | undefined;
  let clarificationClock: StageClock | undefined;
  let reviewClock: StageClock | undefined;

  function syncSearchAttributes(): void {
    const due = clocks.nextDueAt;
    upsertSearchAttributes([
      { key: statusKey, value: state.status },
      { key: missionsKey, value: [...new Set(state.tasks.map((task) => task.missionCode))] },
      { key: slaStateKey, value: worstState([clocks.state, ...taskSla.values()]) },
      ...(due === undefined ? [] : [{ key: dueAtKey, value: due }]),
    ]);
  }

  /** Request-level clocks run on the Korean calendar: MOFA holds triage, the province the rest. */
  const openClock = (stage: Stage, holder: string, onLevel?: Parameters<typeof clocks.open>[1]) =>
    clocks.open(
      {
        requestId: state.requestId,
        stage,
        holder,
        calendar: KOREA_CALENDAR,
        priority: state.priority,
        category: submission.category,
      },
      onLevel,
    );

  function snapshot(): RequestSnapshot {
    return {
      version,
      status: state.status,
      outcome: state.outcome ?? null,
      priority: state.priority,
      missions: [...new Set(state.tasks.map((task) => task.missionCode))],
      clarificationQuestion: state.clarificationQuestion ?? null,
      closedAt,
    };
  }

  async function record(
    type: TimelineEventType,
    actor: string,
    data: AuditEventRecord['data'],
    extra: Pick<RecordRequestEventInput, 'submission' | 'newTasks'> = {},
  ): Promise<void> {
    version += 1;
    const request = snapshot();
    syncSearchAttributes();
    pendingRecords += 1;
    try {
      await recording().recordRequestEvent({
        event: {
          id: `${workflowInfo().workflowId}:${version}`,
          requestId: state.requestId,
          type,
          actor,
          at: new Date().toISOString(),
          data,
        },
        request,
        ...extra,
      });
    } finally {
      pendingRecords -= 1;
    }
  }

  const copy = (): RequestState => ({ ...state, tasks: state.tasks.map((task) => ({ ...task })) });
  // Validators take their update's input (Temporal infers the update's arguments from them). Who acts is
  // checked first, as the API does: a caller who may not act learns nothing about the request's state.
  const allow = (actor: Partial<Actor>, action: WorkflowAction, check: () => string | undefined) => {
    forbid(checkActor(actor, action, { provinceCode: state.provinceCode }));
    refuse(recorded ? check() : 'the request is still being recorded');
  };

  async function assign(
    missions: string[],
    note: string | null,
    actor: string,
    type: TimelineEventType,
    data: AuditEventRecord['data'],
  ) {
    const newTasks: NewTask[] = missions.map((missionCode) => ({ taskId: uuid4(), missionCode, note }));
    for (const task of newTasks)
      state.tasks.push({ taskId: task.taskId, missionCode: task.missionCode, status: 'pending' });
    state.status = 'assigned';
    await triageClock?.stop();
    await reviewClock?.stop();
    await record(type, actor, { ...data, missions }, { newTasks });
    for (const task of newTasks) await startTask(task);
  }

  async function startTask({ taskId, missionCode }: NewTask): Promise<void> {
    runningChildren += 1;
    const child = await startChild(missionTaskWorkflow, {
      workflowId: taskWorkflowId(taskId),
      args: [
        {
          taskId,
          requestId: state.requestId,
          missionCode,
          provinceCode: state.provinceCode,
          priority: state.priority,
          category: submission.category,
        },
      ],
    });
    void child.result().then(taskSettled, () => taskSettled({ taskId, status: 'cancelled' }));
    // The request may have closed while this child was starting.
    if (state.status === 'closed') await getExternalWorkflowHandle(child.workflowId).cancel();
  }

  async function taskSettled({ taskId, status }: MissionTaskResult): Promise<void> {
    taskSla.delete(taskId);
    const task = state.tasks.find((candidate) => candidate.taskId === taskId);
    if (task !== undefined) {
      task.status = status;
      const next = statusAfterTaskSettled(state, status);
      if (next !== state.status) {
        state.status = next;
        if (next === 'triage') {
          triageClock = await openClock('triage', MOFA_CODE);
        } else {
          reviewClock = await openClock('review', state.provinceCode, async (level, plan) => {
            if (level === 2 && plan.onBreach === 'auto_close' && state.status === 'review') {
              // The event names the deadline that ran out and, when a coordinator moved it, who did and why.
              const extension = reviewClock?.extension;
              await close('auto_closed', 'system', 'auto_closed', {
                reason: 'no review before the deadline',
                dueAt: plan.dueAt,
                ...(extension === undefined
                  ? {}
                  : { extendedBy: extension.actor, extendedUntil: extension.until, extensionReason: extension.reason }),
              });
            }
          });
        }
        await record(next === 'triage' ? 'returned_to_triage' : 'review_started', 'system', {
          taskId,
          missionCode: task.missionCode,
        });
      }
    }
    // Counted down last, so the workflow cannot complete while this settlement is still recording.
    runningChildren -= 1;
  }

  async function close(outcome: Outcome, actor: string, type: TimelineEventType, data: AuditEventRecord['data']) {
    state.status = 'closed';
    state.outcome = outcome;
    closedAt = new Date().toISOString();
    const open = state.tasks.filter((task) => isTaskActive(task.status));
    await clocks.stopAll();
    await record(type, actor, data);
    // Each open task records its own cancellation and then settles.
    await Promise.all(open.map((task) => getExternalWorkflowHandle(taskWorkflowId(task.taskId)).cancel()));
  }

  setHandler(requestStateQuery, copy);
  setHandler(taskSlaSignal, ({ taskId, state: clockState }) => {
    taskSla.set(taskId, clockState);
    syncSearchAttributes();
  });
  setHandler(extendClockUpdate, clocks.extend, { validator: clocks.validateExtension });
  setHandler(calendarChangedSignal, clocks.holidayDeclared);
  setHandler(submitUpdate, () => condition(() => recorded));

  setHandler(
    triageUpdate,
    async (command) => {
      switch (command.action) {
        case 'assign':
          if (command.priority !== undefined) state.priority = command.priority;
          return assign(command.missions, command.note ?? null, command.actor, 'assigned', {
            priority: state.priority,
            note: command.note ?? null,
          });
        case 'clarify':
          state.status = 'clarification';
          state.clarificationQuestion = command.question;
          await triageClock?.pause(state.provinceCode);
          clarificationClock = await openClock('clarification', state.provinceCode);
          return record('clarification_requested', command.actor, { question: command.question });
        case 'reject':
          return close('rejected', command.actor, 'rejected', { reason: command.reason });
      }
    },
    { validator: (command: TriageCommand & Actor) => allow(command, 'triage', () => checkTriage(state, command)) },
  );

  setHandler(
    answerClarificationUpdate,
    async ({ answer, actor }) => {
      state.status = 'triage';
      delete state.clarificationQuestion;
      await clarificationClock?.stop();
      await triageClock?.resume();
      return record('clarification_answered', actor, { answer });
    },
    {
      validator: (answer: Answer) =>
        allow(answer, 'answerClarification', () => checkAnswerClarification(state, answer)),
    },
  );

  setHandler(withdrawUpdate, ({ reason, actor }) => close('withdrawn', actor, 'withdrawn', { reason }), {
    validator: (withdrawal: Actor) => allow(withdrawal, 'withdraw', () => checkWithdraw(state)),
  });

  setHandler(
    reviewUpdate,
    ({ decision, comment, actor }) =>
      decision === 'accept'
        ? close('completed', actor, 'accepted', { comment: comment ?? null })
        : assign(missionsToReopen(state), comment ?? null, actor, 'reopened', { comment: comment ?? null }),
    { validator: (decision: ReviewDecision & Actor) => allow(decision, 'review', () => checkReview(state, decision)) },
  );

  upsertSearchAttributes([{ key: provinceKey, value: submission.provinceCode }]);
  await record(
    'submitted',
    submission.createdBy,
    { title: submission.title, category: submission.category },
    {
      submission: { ...submission, createdAt: workflowInfo().startTime.toISOString() },
    },
  );
  triageClock = await openClock('triage', MOFA_CODE);
  recorded = true;

  await condition(
    () =>
      state.status === 'closed' &&
      runningChildren === 0 &&
      pendingRecords === 0 &&
      clocks.settled &&
      allHandlersFinished(),
  );
  return copy();
}
