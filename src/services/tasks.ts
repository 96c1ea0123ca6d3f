import {
  acceptTaskUpdate,
  declineTaskUpdate,
  requestInfoUpdate,
  respondTaskUpdate,
  taskWorkflowId,
} from '../domain/messages.js';
import { notFound } from '../errors.js';
import type { TaskFilter, TaskRepository, TaskWithRequestRow } from '../repositories/tasks.js';
import { byCreation, decodeCursor, page } from './cursor.js';
import type { Principal } from '../auth/principal.js';
import { scopeTaskList, seeTask, seeTaskListItem, taskViewer } from '../access/need-to-know.js';
import { actorOf, type WorkflowCalls } from './workflow-calls.js';

export interface TaskServiceDependencies {
  tasks: TaskRepository;
  workflows: WorkflowCalls;
}

export function createTaskService({ tasks, workflows }: TaskServiceDependencies) {
  async function visibleTask(caller: Principal, id: string): Promise<TaskWithRequestRow> {
    const task = await tasks.find(id);
    const viewer = task === null ? undefined : taskViewer(caller, task);
    if (task === null || viewer === undefined) throw notFound('task', id);
    return seeTask(viewer, task);
  }

  /** Runs one mission action on the task's workflow and answers with the recorded task. */
  async function act(
    caller: Principal,
    id: string,
    send: (workflowId: string) => Promise<unknown>,
  ): Promise<TaskWithRequestRow> {
    await visibleTask(caller, id);
    await send(taskWorkflowId(id));
    return visibleTask(caller, id);
  }

  return {
    async list(caller: Principal, filter: TaskFilter, limit: number, cursor?: string) {
      const scoped = scopeTaskList(caller, filter);
      if (scoped === undefined) return { items: [], nextCursor: null };
      const { items, nextCursor } = page(await tasks.list(scoped, limit + 1, decodeCursor(cursor)), limit, byCreation);
      return { items: items.map((row) => seeTaskListItem(caller, row)), nextCursor };
    },

    get: visibleTask,

    accept: (caller: Principal, id: string) =>
      act(caller, id, (workflowId) => workflows.update(workflowId, acceptTaskUpdate, { ...actorOf(caller) })),

    decline: (caller: Principal, id: string, reason: string) =>
      act(caller, id, (workflowId) => workflows.update(workflowId, declineTaskUpdate, { reason, ...actorOf(caller) })),

    requestInfo: (caller: Principal, id: string, question: string) =>
      act(caller, id, (workflowId) =>
        workflows.update(workflowId, requestInfoUpdate, { question, ...actorOf(caller) }),
      ),

    respond: (caller: Principal, id: string, response: { summary: string; details?: string }) =>
      act(caller, id, (workflowId) =>
        workflows.update(workflowId, respondTaskUpdate, { ...response, ...actorOf(caller) }),
      ),
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
