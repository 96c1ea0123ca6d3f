/**
 * Finds the Temporal CLI binary for the dev server, building it once with `go install` when it is nowhere to be
 * found: `cliPath` → `temporal` on PATH → `$GOBIN`/`$GOPATH/bin`/`~/go/bin` → `go install` → undefined, meaning
 * "let the SDK download it" (see sdk-download.ts).
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findOnPath, isExecutableFile, startChild } from '../processes/index.js';
import type { DevServerLogger } from './errors.js';

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
export const TEMPORAL_CLI_VERSION = '1.5.1';

export interface FindTemporalCliOptions {
  /** Explicit binary (config.TEMPORAL_CLI_PATH). When set it must exist; no other location is tried. */
  cliPath?: string;
  log: DevServerLogger;
  /** Build with `go install` when nothing is found and `go` exists (default true). */
  build?: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function findTemporalCli(opts: FindTemporalCliOptions): Promise<string | undefined> {
  const env = opts.env ?? process.env;
  if (opts.cliPath) {
    const resolved = path.resolve(opts.cliPath);
    if (!(await isExecutableFile(resolved))) {
      throw new Error(`TEMPORAL_CLI_PATH=${opts.cliPath} is not an executable file`);
    }
    return resolved;
  }

  const onPath = await findOnPath('temporal', env);
  if (onPath) return onPath;

  const goBinDirs = goBinCandidates(env);
  for (const dir of goBinDirs) {
    const candidate = path.join(dir, 'temporal');
    if (await isExecutableFile(candidate)) return candidate;
  }

  const go = await findOnPath('go', env);
  if (!go) {
    opts.log.warn('Temporal CLI not found (TEMPORAL_CLI_PATH, PATH, Go bin dirs) and Go is not installed');
    return undefined;
  }
  // `go env` knows GOBIN/GOPATH set through `go env -w` too.
  const goEnvBin = await goInstallDir(go, env);
  if (goEnvBin && !goBinDirs.includes(goEnvBin)) {
    const candidate = path.join(goEnvBin, 'temporal');
    if (await isExecutableFile(candidate)) return candidate;
  }
  if (opts.build === false) return undefined;

  const built = await goInstallTemporalCli(go, env, opts.log);
  if (!built || !goEnvBin) return undefined;
  const candidate = path.join(goEnvBin, 'temporal');
  return (await isExecutableFile(candidate)) ? candidate : undefined;
}

async function goInstallTemporalCli(go: string, env: NodeJS.ProcessEnv, log: DevServerLogger): Promise<boolean> {
  const target = `${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}`;
  log.info(
    `Building the Temporal CLI once: go install ${target} (takes several minutes; set TEMPORAL_CLI_PATH to skip)`,
  );
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const heartbeat = setInterval(() => log.info(`Still building the Temporal CLI (${seconds()}s)...`), 30_000);
  heartbeat.unref();
  try {
    const child = await startChild({ name: 'go install', command: go, args: ['install', target], env, tailLines: 40 });
    const { code, signal } = await child.exited;
    if (code === 0) {
      log.info(`Built the Temporal CLI in ${seconds()}s`);
      return true;
    }
    log.warn(`go install ${target} failed after ${seconds()}s (exit ${code ?? signal}):\n${child.output()}`);
  } catch (error) {
    log.warn(`go install ${target} could not run: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearInterval(heartbeat);
  }
  return false;
}

function goBinCandidates(env: NodeJS.ProcessEnv): string[] {
  const dirs: string[] = [];
  if (env.GOBIN) dirs.push(env.GOBIN);
  for (const gopath of (env.GOPATH ?? '').split(path.delimiter)) if (gopath) dirs.push(path.join(gopath, 'bin'));
  dirs.push(path.join(env.HOME ?? os.homedir(), 'go', 'bin'));
  return [...new Set(dirs)];
}

/** Where `go install` puts binaries: GOBIN, else the first GOPATH entry's bin. */
async function goInstallDir(go: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(go, ['env', 'GOBIN', 'GOPATH'], { env });
    const [gobin, gopath] = stdout.split('\n').map((l) => l.trim());
    if (gobin) return gobin;
    const first = gopath?.split(path.delimiter)[0];
    return first ? path.join(first, 'bin') : undefined;
  } catch {
    return undefined;
  }
}
