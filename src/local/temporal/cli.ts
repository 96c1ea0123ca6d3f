/**
 * Finds the Temporal CLI binary for the dev server, building it once with `go install` when it is nowhere to be
 * found (src/local/processes/go-tools.ts); undefined means "let the SDK download it" (see sdk-download.ts).
 */
import { findGoTool, type GoTool } from '../processes/index.js';
import type { DevServerLogger } from './errors.js';

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
export const TEMPORAL_CLI_VERSION = '1.5.1';

const temporalCli: GoTool = {
  name: 'temporal',
  label: 'the Temporal CLI',
  module: TEMPORAL_CLI_MODULE,
  version: TEMPORAL_CLI_VERSION,
  pathVariable: 'TEMPORAL_CLI_PATH',
};

export interface FindTemporalCliOptions {
  /** Explicit binary (config.TEMPORAL_CLI_PATH). When set it must exist; no other location is tried. */
  cliPath?: string;
  log: DevServerLogger;
  /** Build with `go install` when nothing is found and `go` exists (default true). */
  build?: boolean;
  env?: NodeJS.ProcessEnv;
}

export function findTemporalCli({ cliPath, ...opts }: FindTemporalCliOptions): Promise<string | undefined> {
  return findGoTool(temporalCli, { ...opts, ...(cliPath === undefined ? {} : { explicitPath: cliPath }) });
}
