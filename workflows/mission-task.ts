import {
  CancellationScope,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  acceptTaskUpdate,
  answerInfoUpdate,
  calendarChangedSignal,
  declineTaskUpdate,
  extendClockUpdate,
  requestInfoUpdate,
  respondTaskUpdate,
  taskSlaSignal,
  taskStateQuery,
  taskWorkflowId,
  type Answer,
} from '../src/domain/messages.js';
import type { TaskState } from '../src/domain/model.js';
import type { Priority, Stage, TaskStatus, TimelineEventType } from '../src/domain/vocabulary.js';
import { checkActor, type Actor, type WorkflowAction } from '../src/domain/authority.js';
import type { AuditEventRecord, TaskSnapshot } from '../src/domain/projection.js';
import {
  checkAnswerInfo,
  checkTaskAction,
  isTaskActive,
  taskActionTarget,
  type Refusal,
  type TaskAction,
} from '../src/domain/transitions.js';
import { forbid, refuse } from './failures.js';
import { localRecordingPatch, recording } from './recording.js';
import { createClockSet, type StageClock } from './sla-clock.js';

export interface MissionTaskInput {
  taskId: string;
  requestId: string;
  missionCode: string;
  provinceCode: string;
  priority: Priority;
  category: string;
}

export interface MissionTaskResult {
  taskId: string;
  status: TaskStatus;
}

/** One mission's unit of work on a request; the parent request workflow waits for its result. */
export async function missionTaskWorkflow(input: MissionTaskInput): Promise<MissionTaskResult> {
  const task: TaskState = {
    taskId: input.taskId,
    requestId: input.requestId,
    missionCode: input.missionCode,
    status: 'pending',
  };
  const detail: Omit<TaskSnapshot, 'taskId' | 'requestId' | 'version' | 'status'> = {
    infoQuestion: null,
    infoAnswer: null,
    declineReason: null,
    responseSummary: null,
    responseDetails: null,
  };
  // The parent created the task row at version 0.
  let version = 0;

  // Mission legs run on the mission's own calendar; the request hears of every change of state.
  const parent = workflowInfo().parent;
  // Awaited before the workflow completes: a signal's acknowledgement arriving while the completing
  // task runs would fail that task, and with it an Update it carries.
  const signalsInFlight = new Set<Promise<void>>();
  const clocks = createClockSet(() => {
    if (parent === undefined) return;
    const sent = getExternalWorkflowHandle(parent.workflowId)
      .signal(taskSlaSignal, { taskId: task.taskId, state: clocks.state })
      .finally(() => signalsInFlight.delete(sent));
    signalsInFlight.add(sent);
  });
  const openClock = (stage: Stage) =>
    clocks.open({
      requestId: input.requestId,
      taskId: input.taskId,
      stage,
      holder: input.missionCode,
      calendar: input.missionCode,
      priority: input.priority,
      category: input.category,
    });
  // Started before the handlers are registered but not awaited: an update may arrive meanwhile.
  const acceptanceClock = openClock('acceptance');
  let responseClock: StageClock | undefined;

  async function record(type: TimelineEventType, actor: string, data: AuditEventRecord['data']): Promise<void> {
    version += 1;
    await recording().recordTaskEvent({
      event: {
        id: `${taskWorkflowId(task.taskId)}:${version}`,
        requestId: task.requestId,
        taskId: task.taskId,
        type,
        actor,
        at: new Date().toISOString(),
        data: { missionCode: task.missionCode, ...data },
      },
      task: { taskId: task.taskId, requestId: task.requestId, version, status: task.status, ...detail },
    });
  }

  /**
   * The new status is set before anything is awaited, so an update arriving meanwhile is validated
   * against it (two concurrent accepts: one succeeds, one is refused).
   */
  async function transition(
    action: TaskAction,
    actor: string,
    data: AuditEventRecord['data'],
    moveClocks: () => Promise<unknown>,
  ): Promise<void> {
    task.status = taskActionTarget[action];
    await moveClocks();
    await record(eventTypes[action], actor, data);
  }

  // Who acts is checked first, as the API does; then whether the task's state allows the action.
  const owners = { provinceCode: input.provinceCode, missionCode: input.missionCode };
  const validate =
    <Input extends Partial<Actor>>(
      action: TaskAction,
      check: (input: Input) => Refusal = () => checkTaskAction(task, action),
    ) =>
    (input: Input) => {
      forbid(checkActor(input, updateOf[action], owners));
      refuse(check(input));
    };

  setHandler(taskStateQuery, () => ({ ...task }));
  setHandler(extendClockUpdate, clocks.extend, { validator: clocks.validateExtension });
  setHandler(calendarChangedSignal, clocks.holidayDeclared);
  setHandler(
    acceptTaskUpdate,
    ({ actor }) =>
      transition('accept', actor, {}, async () => {
        await (await acceptanceClock).stop();
        responseClock = await openClock('response');
      }),
    { validator: validate('accept') },
  );
  setHandler(
    declineTaskUpdate,
    ({ actor, reason }) => {
      detail.declineReason = reason;
      return transition('decline', actor, { reason }, async () => {
        await acceptanceClock;
        await clocks.stopAll();
      });
    },
    { validator: validate('decline') },
  );
  setHandler(
    requestInfoUpdate,
    ({ actor, question }) => {
      detail.infoQuestion = question;
      detail.infoAnswer = null;
      task.infoQuestion = question;
      return transition('requestInfo', actor, { question }, async () => responseClock?.pause(input.provinceCode));
    },
    { validator: validate('requestInfo') },
  );
  setHandler(
    answerInfoUpdate,
    ({ actor, answer }) => {
      detail.infoAnswer = answer;
      delete task.infoQuestion;
      return transition('answerInfo', actor, { answer }, async () => responseClock?.resume());
    },
    { validator: validate('answerInfo', (answer: Answer) => checkAnswerInfo(task, answer)) },
  );
  setHandler(
    respondTaskUpdate,
    ({ actor, summary, details }) => {
      detail.responseSummary = summary;
      detail.responseDetails = details ?? null;
      return transition('respond', actor, { summary }, () => clocks.stopAll());
    },
    { validator: validate('respond') },
  );

  try {
    await condition(() => !isTaskActive(task.status));
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // The request closed (withdrawn or rejected) while this task was still open.
    task.status = 'cancelled';
    await CancellationScope.nonCancellable(async () => {
      await acceptanceClock;
      await clocks.stopAll();
      await record('task_cancelled', 'system', {});
    });
  }
  await acceptanceClock;
  await condition(() => clocks.settled && allHandlersFinished());
  // Executions from before local activities completed without waiting; their replay must too.
  if (patched(localRecordingPatch)) await Promise.allSettled([...signalsInFlight]);
  return { taskId: task.taskId, status: task.status };
}

const updateOf: Record<TaskAction, WorkflowAction> = {
  accept: 'acceptTask',
  decline: 'declineTask',
  requestInfo: 'requestInfo',
  answerInfo: 'answerInfo',
  respond: 'respondTask',
};

const eventTypes: Record<TaskAction, TimelineEventType> = {
  accept: 'task_accepted',
  decline: 'task_declined',
  requestInfo: 'task_info_requested',
  answerInfo: 'task_info_provided',
  respond: 'task_responded',
};
