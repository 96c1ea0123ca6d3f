import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { afterAll, describe, expect, it } from 'vitest';
import { searchAttributeKeys, statusKey } from '../../src/domain/search-attributes.js';
import { startTestTemporal, type TestTemporal } from '../support/temporal.js';

describe('Temporal dev server', () => {
  let dataDir: string | undefined;
  let server: TestTemporal | undefined;

  afterAll(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function withClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const connection = await Connection.connect({ address: server!.address });
    try {
      return await fn(new Client({ connection, namespace: server!.namespace }));
    } finally {
      await connection.close();
    }
  }

  it(
    'registers the search attributes and keeps workflows across a restart on the same data dir',
    async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'oneteam-temporal-it-'));
      server = await startTestTemporal({ dataDir });

      const registered = await withClient((client) =>
        client.connection.operatorService.listSearchAttributes({ namespace: server!.namespace }),
      );
      for (const { name } of searchAttributeKeys) {
        expect(registered.customAttributes?.[name], name).toBeDefined();
      }

      // Nobody polls this queue: the workflow just stays running.
      const workflowId = `dev-server-restart-${Date.now()}`;
      await withClient((client) =>
        client.workflow.start('noWorkerForThisType', {
          taskQueue: 'nobody-polls-this',
          workflowId,
          typedSearchAttributes: new TypedSearchAttributes([{ key: statusKey, value: 'SUBMITTED' }]),
        }),
      );

      await server.stop();
      server = await startTestTemporal({ dataDir });

      const description = await withClient((client) => client.workflow.getHandle(workflowId).describe());
      expect(description.type).toBe('noWorkerForThisType');
      expect(description.status.name).toBe('RUNNING');
      expect(description.typedSearchAttributes.get(statusKey)).toBe('SUBMITTED');

      const reRegistered = await withClient((client) =>
        client.connection.operatorService.listSearchAttributes({ namespace: server!.namespace }),
      );
      expect(Object.keys(reRegistered.customAttributes ?? {})).toEqual(
        expect.arrayContaining(searchAttributeKeys.map(({ name }) => name)),
      );
    },
    // Includes a one-time `go install` of the CLI when it is not provisioned yet.
    15 * 60_000,
  );
});
