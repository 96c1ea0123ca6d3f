import { createHash, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  answerClarificationUpdate,
  answerInfoUpdate,
  extendClockUpdate,
  requestWorkflowId,
  reviewUpdate,
  submitUpdate,
  taskWorkflowId,
  triageUpdate,
  withdrawUpdate,
} from '../domain/messages.js';
import type { NewRequest, ReviewDecision, Submission, TriageCommand } from '../domain/model.js';
import type { Stage } from '../domain/vocabulary.js';
import { idempotencyKeyReused, invalidTransition, notFound, validationFailed } from '../errors.js';
import type { RequestDetailRow, RequestFilter, RequestRepository } from '../repositories/requests.js';
import type { requestWorkflow } from '../../workflows/request.js';
import { byCreation, decodeCursor, page } from './cursor.js';
import type { Principal } from '../auth/principal.js';
import {
  requestViewer,
  scopeRequestList,
  seeRequestDetail,
  seeRequestListItem,
  visibleRequest,
  type Viewer,
  type VisibleRequestDetail,
} from '../access/need-to-know.js';
import type { SlaExtensionRules } from './sla-extensions.js';
import { actorOf, retryingAbortedUpdates, type WorkflowCalls } from './workflow-calls.js';

export interface RequestServiceDependencies {
  requests: RequestRepository;
  workflows: WorkflowCalls;
  extensions: SlaExtensionRules;
  taskQueue: string;
}

export function createRequestService({ requests, workflows, extensions, taskQueue }: RequestServiceDependencies) {
  /** The request and how the caller sees it; 404 when it does not exist or is not theirs to see. */
  async function findVisible(caller: Principal, id: string): Promise<{ request: RequestDetailRow; viewer: Viewer }> {
    return visibleRequest(caller, await requests.findDetail(id), id);
  }

  async function visibleDetail(caller: Principal, id: string): Promise<VisibleRequestDetail> {
    const { request, viewer } = await findVisible(caller, id);
    return seeRequestDetail(viewer, request);
  }

  /** The cheap visibility check before a change; the caller's role was checked by the route. */
  async function checkVisible(caller: Principal, id: string): Promise<void> {
    visibleRequest(caller, await requests.findSummary(id), id);
  }

  function matching(caller: Principal, request: RequestDetailRow, fingerprint: string): VisibleRequestDetail {
    if (request.fingerprint !== fingerprint) throw idempotencyKeyReused();
    const viewer = requestViewer(caller, request);
    if (viewer === undefined) throw notFound('request', request.id);
    return seeRequestDetail(viewer, request);
  }

  return {
    async submit(caller: Principal, body: NewRequest, idempotencyKey?: string): Promise<VisibleRequestDetail> {
      if (!(await requests.categoryExists(body.category))) {
        throw validationFailed([{ path: 'body.category', message: `unknown category '${body.category}'` }]);
      }
      const fingerprint = fingerprintOf(body);
      // The same key from the same province always names the same request, so retries converge on one workflow.
      const requestId =
        idempotencyKey === undefined ? randomUUID() : uuidFromName(`${caller.agency}\n${idempotencyKey}`);
      // A retry of a recorded submission is answered from the read model without touching the workflow.
      if (idempotencyKey !== undefined) {
        const earlier = await requests.findDetail(requestId);
        if (earlier !== null) return matching(caller, earlier, fingerprint);
      }
      const submission: Submission = {
        requestId,
        provinceCode: caller.agency,
        createdBy: caller.sub,
        ...body,
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        fingerprint,
      };
      try {
        const updateId = randomUUID();
        await workflows.bounded((temporal) =>
          retryingAbortedUpdates(() =>
            temporal.workflow.executeUpdateWithStart(submitUpdate, {
              updateId,
              startWorkflowOperation: new WithStartWorkflowOperation<typeof requestWorkflow>('requestWorkflow', {
                workflowId: requestWorkflowId(requestId),
                taskQueue,
                args: [{ submission }],
                workflowIdConflictPolicy: 'USE_EXISTING',
                workflowIdReusePolicy: 'REJECT_DUPLICATE',
              }),
            }),
          ),
        );
      } catch (error) {
        // The request was submitted before and has closed since: answer with what was recorded.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      const request = await requests.findDetail(requestId);
      if (request === null) throw new Error(`request ${requestId} was submitted but not recorded`);
      return matching(caller, request, fingerprint);
    },

    async list(caller: Principal, filter: RequestFilter, limit: number, cursor?: string) {
      const scoped = scopeRequestList(caller, filter);
      if (scoped === undefined) return { items: [], nextCursor: null };
      const { items, nextCursor } = page(
        await requests.list(scoped, limit + 1, decodeCursor(cursor)),
        limit,
        byCreation,
      );
      return { items: items.map((row) => seeRequestListItem(caller, row)), nextCursor };
    },

    get: visibleDetail,

    async triage(caller: Principal, id: string, command: TriageCommand): Promise<VisibleRequestDetail> {
      await checkVisible(caller, id);
      if (command.action === 'assign') {
        const unknown = await requests.unknownMissions(command.missions);
        if (unknown.length > 0) {
          throw validationFailed(
            unknown.map((code) => ({ path: 'body.missions', message: `unknown mission '${code}'` })),
          );
        }
      }
      await workflows.update(requestWorkflowId(id), triageUpdate, { ...command, ...actorOf(caller) });
      return visibleDetail(caller, id);
    },

    /**
     * The province's answer goes where a question is waiting: the task named by `taskId`; without it, MOFA's
     * clarification, or else every task whose mission asked for information.
     */
    async answer(caller: Principal, id: string, answer: string, taskId?: string): Promise<VisibleRequestDetail> {
      const { request } = await findVisible(caller, id);
      // An answer that names a task is that mission's, even while MOFA's clarification is open too.
      if (taskId === undefined && request.status === 'clarification') {
        await workflows.update(requestWorkflowId(id), answerClarificationUpdate, { answer, ...actorOf(caller) });
        return visibleDetail(caller, id);
      }
      const waiting = request.tasks.filter(
        (task) => task.status === 'info_requested' && (taskId === undefined || task.id === taskId),
      );
      if (waiting.length === 0) {
        throw invalidTransition(
          taskId === undefined
            ? 'no question is waiting for an answer on this request'
            : `task ${taskId} of this request has no question waiting for an answer`,
        );
      }
      for (const task of waiting) {
        await workflows.update(taskWorkflowId(task.id), answerInfoUpdate, {
          answer,
          taskId: task.id,
          ...actorOf(caller),
        });
      }
      return visibleDetail(caller, id);
    },

    async withdraw(caller: Principal, id: string, reason: string): Promise<VisibleRequestDetail> {
      await checkVisible(caller, id);
      await workflows.update(requestWorkflowId(id), withdrawUpdate, { reason, ...actorOf(caller) });
      return visibleDetail(caller, id);
    },

    /**
     * A coordinator extends one running stage deadline, once, with a reason: later than it was, within the policy's
     * cap and the calendar's years (400 here, before the workflow hears of it); the workflow's validator refuses
     * a second extension, a stopped clock and a deadline that is not later (409).
     */
    async extend(
      caller: Principal,
      id: string,
      extension: { stage: Stage; until: string; reason: string; taskId?: string },
    ): Promise<VisibleRequestDetail> {
      const { request } = await findVisible(caller, id);
      const candidates = request.slaClocks.filter(
        (clock) =>
          clock.stage === extension.stage && (extension.taskId === undefined || clock.taskId === extension.taskId),
      );
      const [clock, ...others] = candidates;
      if (clock === undefined) throw invalidTransition(`no ${extension.stage} deadline is running on this request`);
      if (others.length > 0) {
        throw validationFailed([
          { path: 'body.taskId', message: `several ${extension.stage} deadlines run: name the task` },
        ]);
      }
      const refusal = await extensions.refusal(clock.id, new Date(extension.until), new Date());
      if (refusal !== undefined) throw validationFailed([{ path: 'body.until', message: refusal }]);
      const workflowId = clock.taskId === null ? requestWorkflowId(id) : taskWorkflowId(clock.taskId);
      await workflows.update(workflowId, extendClockUpdate, {
        clockId: clock.id,
        until: extension.until,
        reason: extension.reason,
        ...actorOf(caller),
      });
      return visibleDetail(caller, id);
    },

    async review(caller: Principal, id: string, decision: ReviewDecision): Promise<VisibleRequestDetail> {
      await checkVisible(caller, id);
      await workflows.update(requestWorkflowId(id), reviewUpdate, { ...decision, ...actorOf(caller) });
      return visibleDetail(caller, id);
    },
  };
}

export type RequestService = ReturnType<typeof createRequestService>;

function fingerprintOf(body: NewRequest): string {
  const canonical = JSON.stringify([
    body.title,
    body.description,
    body.category,
    body.priority,
    body.targetCountries,
    body.desiredBy ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** A name-based (version 5 style) UUID. */
function uuidFromName(name: string): string {
  const bytes = createHash('sha1').update(`oneteam-request\n${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
