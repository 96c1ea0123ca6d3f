/**
 * Programs OneTeam runs locally that are built from Go modules (the Temporal CLI, Mailpit): found in this order —
 * an explicit path, `name` on PATH, `$GOBIN`/`$GOPATH/bin`/`~/go/bin`, the directory `go env` names — and otherwise
 * built once with `go install module@version` when Go is installed. Undefined when none of that gives a binary.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startChild } from './children.js';
import { findOnPath, isExecutableFile } from './executables.js';

export interface GoToolLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface GoTool {
  /** Binary name, e.g. `temporal`. */
  name: string;
  /** Human name in messages, e.g. `the Temporal CLI`. */
  label: string;
  module: string;
  version: string;
  /** The variable that names the binary explicitly (mentioned in the build message). */
  pathVariable: string;
}

export interface FindGoToolOptions {
  /** Explicit binary. When set it must exist; no other location is tried. */
  explicitPath?: string;
  log: GoToolLogger;
  /** Build with `go install` when nothing is found and `go` exists (default true). */
  build?: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function findGoTool(tool: GoTool, opts: FindGoToolOptions): Promise<string | undefined> {
  const env = opts.env ?? process.env;
  if (opts.explicitPath) {
    const resolved = path.resolve(opts.explicitPath);
    if (!(await isExecutableFile(resolved))) {
      throw new Error(`${tool.pathVariable}=${opts.explicitPath} is not an executable file`);
    }
    return resolved;
  }

  const onPath = await findOnPath(tool.name, env);
  if (onPath) return onPath;

  const goBinDirs = goBinCandidates(env);
  for (const dir of goBinDirs) {
    const candidate = path.join(dir, tool.name);
    if (await isExecutableFile(candidate)) return candidate;
  }

  const go = await findOnPath('go', env);
  if (!go) {
    opts.log.warn(
      `${capitalised(tool.label)} not found (${tool.pathVariable}, PATH, Go bin dirs) and Go is not installed`,
    );
    return undefined;
  }
  // `go env` knows GOBIN/GOPATH set through `go env -w` too.
  const goEnvBin = await goInstallDir(go, env);
  if (goEnvBin && !goBinDirs.includes(goEnvBin)) {
    const candidate = path.join(goEnvBin, tool.name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  if (opts.build === false) return undefined;

  const built = await goInstall(tool, go, env, opts.log);
  if (!built || !goEnvBin) return undefined;
  const candidate = path.join(goEnvBin, tool.name);
  return (await isExecutableFile(candidate)) ? candidate : undefined;
}

async function goInstall(tool: GoTool, go: string, env: NodeJS.ProcessEnv, log: GoToolLogger): Promise<boolean> {
  const target = `${tool.module}@v${tool.version}`;
  log.info(`Building ${tool.label} once: go install ${target} (takes minutes; set ${tool.pathVariable} to skip)`);
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const heartbeat = setInterval(() => log.info(`Still building ${tool.label} (${seconds()}s)...`), 30_000);
  heartbeat.unref();
  try {
    const child = await startChild({ name: 'go install', command: go, args: ['install', target], env, tailLines: 40 });
    const { code, signal } = await child.exited;
    if (code === 0) {
      log.info(`Built ${tool.label} in ${seconds()}s`);
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

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

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
