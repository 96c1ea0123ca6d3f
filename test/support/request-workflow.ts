/**
 * Driving a request workflow without the API (tests on the time-skipping server): submitted as the API
 * submits, by update-with-start, answered once the submission is recorded.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client, type WorkflowHandle } from '@temporalio/client';
import { requestWorkflowId, submitUpdate } from '../../src/domain/messages.js';
import type { Submission } from '../../src/domain/model.js';
import type { requestWorkflow } from '../../workflows/request.js';
import { PROVINCE } from './users.js';

export type RequestHandle = WorkflowHandle<typeof requestWorkflow>;

/** A routine request of Chungcheongbuk-do to VN and US, unless `overrides` says otherwise. */
export async function submitRequest(
  { client, taskQueue }: { client: Client; taskQueue: string },
  overrides: Partial<Omit<Submission, 'requestId' | 'fingerprint'>> = {},
): Promise<RequestHandle> {
  const requestId = randomUUID();
  const submission: Submission = {
    requestId,
    provinceCode: 'KR-43',
    createdBy: PROVINCE,
    title: 'Attract Vietnamese students',
    description: 'Colleges in Chungbuk need students',
    category: 'talent',
    priority: 'routine',
    targetCountries: ['VN', 'US'],
    fingerprint: `workflow-test:${requestId}`,
    ...overrides,
  };
  await client.workflow.executeUpdateWithStart(submitUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation<typeof requestWorkflow>('requestWorkflow', {
      workflowId: requestWorkflowId(requestId),
      taskQueue,
      args: [{ submission }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  return client.workflow.getHandle<typeof requestWorkflow>(requestWorkflowId(requestId));
}

export const requestIdOf = (handle: RequestHandle): string => handle.workflowId.replace(/^request-/, '');
