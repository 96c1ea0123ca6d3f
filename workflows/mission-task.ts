import {
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import {
  acceptTaskUpdate,
  answerInfoUpdate,
  declineTaskUpdate,
  requestInfoUpdate,
  respondTaskUpdate,
  taskStateQuery,
  taskWorkflowId,
} from '../src/domain/messages.js';
import { isTaskActive, type TaskState, type TaskStatus } from '../src/domain/model.js';
import type { AuditEventRecord, TaskSnapshot } from '../src/domain/projection.js';
import { checkTaskAction, taskActionTarget, type TaskAction } from '../src/domain/transitions.js';
import { recordingActivityOptions } from './activity-options.js';
import { refuse } from './failures.js';

const { recordTaskEvent } = proxyActivities<Activities>(recordingActivityOptions);

export interface MissionTaskInput {
  taskId: string;
  requestId: string;
  missionCode: string;
}

export interface MissionTaskResult {
  taskId: string;
  status: TaskStatus;
}

/** One mission's unit of work on a request; the parent request workflow waits for its result. */
export async function missionTaskWorkflow(input: MissionTaskInput): Promise<MissionTaskResult> {
  const task: TaskState = { taskId: input.taskId, requestId: input.requestId, missionCode: input.missionCode, status: 'pending' };
  const detail: Omit<TaskSnapshot, 'taskId' | 'requestId' | 'version' | 'status'> = {
    infoQuestion: null,
    infoAnswer: null,
    declineReason: null,
    responseSummary: null,
    responseDetails: null,
  };
  // The parent created the task row at version 0.
  let version = 0;

  async function record(type: string, actor: string, data: AuditEventRecord['data']): Promise<void> {
    version += 1;
    await recordTaskEvent({
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

  async function transition(action: TaskAction, actor: string, data: AuditEventRecord['data']): Promise<TaskState> {
    task.status = taskActionTarget[action];
    await record(`task_${eventNames[action]}`, actor, data);
    return { ...task };
  }

  // Validators ignore their input: whether an action is allowed depends only on the task's state.
  const validate = (action: TaskAction) => (_input: unknown) => refuse(checkTaskAction(task, action));

  setHandler(taskStateQuery, () => ({ ...task }));
  setHandler(acceptTaskUpdate, ({ actor }) => transition('accept', actor, {}), { validator: validate('accept') });
  setHandler(
    declineTaskUpdate,
    ({ actor, reason }) => {
      detail.declineReason = reason;
      return transition('decline', actor, { reason });
    },
    { validator: validate('decline') },
  );
  setHandler(
    requestInfoUpdate,
    ({ actor, question }) => {
      detail.infoQuestion = question;
      detail.infoAnswer = null;
      task.infoQuestion = question;
      return transition('requestInfo', actor, { question });
    },
    { validator: validate('requestInfo') },
  );
  setHandler(
    answerInfoUpdate,
    ({ actor, answer }) => {
      detail.infoAnswer = answer;
      delete task.infoQuestion;
      return transition('answerInfo', actor, { answer });
    },
    { validator: validate('answerInfo') },
  );
  setHandler(
    respondTaskUpdate,
    ({ actor, summary, details }) => {
      detail.responseSummary = summary;
      detail.responseDetails = details ?? null;
      return transition('respond', actor, { summary });
    },
    { validator: validate('respond') },
  );

  try {
    await condition(() => !isTaskActive(task.status));
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // The request closed (withdrawn or rejected) while this task was still open.
    task.status = 'cancelled';
    await CancellationScope.nonCancellable(() => record('task_cancelled', 'system', {}));
  }
  await condition(allHandlersFinished);
  return { taskId: task.taskId, status: task.status };
}

const eventNames: Record<TaskAction, string> = {
  accept: 'accepted',
  decline: 'declined',
  requestInfo: 'info_requested',
  answerInfo: 'info_provided',
  respond: 'responded',
};
