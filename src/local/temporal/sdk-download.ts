/**
 * The last resort of the dev server when no Temporal CLI could be found or built: `@temporalio/testing` downloads one
 * (needs internet) and runs it. A development dependency, loaded only here and only then.
 */
import type { Connection } from '@temporalio/client';
import type { DevServer, StartDevServerOptions } from './dev-server.js';
import { TEMPORAL_CLI_MODULE, TEMPORAL_CLI_VERSION } from './cli.js';
import { DevServerError } from './errors.js';

export async function startWithSdkDownload(
  opts: StartDevServerOptions & {
    ip: string;
    uiUrl: string | undefined;
    dbFile: string;
    extraArgs: string[];
    register: (connection: Pick<Connection, 'operatorService'>) => Promise<void>;
  },
): Promise<DevServer> {
  opts.log.warn('No Temporal CLI binary available; asking @temporalio/testing to download one (needs internet)');
  let env: Awaited<ReturnType<typeof import('@temporalio/testing').TestWorkflowEnvironment.createLocal>>;
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        dbFilename: opts.dbFile,
        ip: opts.ip,
        port: opts.port,
        ...(opts.uiPort === undefined ? { ui: false } : { ui: true, uiPort: opts.uiPort }),
        namespace: opts.namespace,
        extraArgs: opts.extraArgs,
      },
    });
  } catch (err) {
    throw new DevServerError(
      'Could not start a local Temporal dev server. Tried: TEMPORAL_CLI_PATH, `temporal` on PATH, $GOBIN/$GOPATH/bin/~/go/bin, ' +
        `building with \`go install ${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}\`, and downloading the CLI through ` +
        `@temporalio/testing, which failed: ${err instanceof Error ? err.message : String(err)}. ` +
        'Set TEMPORAL_CLI_PATH to a temporal binary, or TEMPORAL_ADDRESS to an existing Temporal server.',
      { cause: err },
    );
  }
  try {
    await opts.register(env.connection);
  } catch (err) {
    await env.teardown();
    throw err;
  }
  opts.log.info(`Temporal dev server (SDK download) ready at ${env.address}`);
  let stopped: Promise<void> | undefined;
  return {
    address: env.address,
    uiUrl: opts.uiUrl,
    namespace: opts.namespace,
    pid: undefined,
    stop: () => (stopped ??= env.teardown()),
  };
}
