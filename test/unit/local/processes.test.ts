import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ChildStartError,
  canInspectProcesses,
  findOnPath,
  freePort,
  isAlive,
  isPortFree,
  processTree,
  readProcess,
  startChild,
  stopChildren,
  waitUntil,
} from '../../../src/local/processes/index.js';

const toolkit = pathToFileURL(fileURLToPath(new URL('../../../src/local/processes/index.ts', import.meta.url))).href;
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const linux = canInspectProcesses && (await findOnPath('setpriv')) !== undefined;

afterAll(() => stopChildren(1_000));

/** A shell that starts `sleep` in the background, prints its pid, and waits. */
const shellWithGrandchild = ['-c', 'sleep 600 & echo "grandchild $!"; wait'];

async function grandchildPid(child: { output(): string; waitForOutput(p: RegExp, t: number): Promise<void> }) {
  await child.waitForOutput(/^grandchild \d+$/, 5_000);
  return Number(/grandchild (\d+)/.exec(child.output())![1]);
}

describe('startChild', () => {
  it('keeps the output, reports the exit, and runs the child in a process group of its own', async () => {
    const child = await startChild({ name: 'echo', command: 'sh', args: ['-c', 'echo one; echo two >&2; exit 3'] });
    expect(await child.exited).toEqual({ code: 3, signal: null });
    expect(child.output()).toMatch(/one[\s\S]*two|two[\s\S]*one/);
    expect(child.exitInfo()).toEqual({ code: 3, signal: null });

    const sleeper = await startChild({ name: 'sleeper', command: 'sleep', args: ['600'] });
    if (canInspectProcesses) expect(readProcess(sleeper.pid)?.pgid).toBe(sleeper.pid);
    await sleeper.stop(1_000);
    expect(sleeper.exitInfo()?.signal).toBe('SIGTERM');
  });

  it('refuses with a ChildStartError naming the command when it cannot start', async () => {
    const error = await startChild({ name: 'nowhere', command: 'sleep', args: ['1'], cwd: '/nonexistent-dir' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ChildStartError);
    expect((error as Error).message).toMatch(/could not start nowhere \(sleep\)/);
  });

  it('waits for output, and fails with the output when the child exits first', async () => {
    const child = await startChild({ name: 'talker', command: 'sh', args: ['-c', 'sleep 0.2; echo ready; sleep 600'] });
    await child.waitForOutput(/ready/, 5_000);
    await child.stop(1_000);
    const quitter = await startChild({ name: 'quitter', command: 'sh', args: ['-c', 'echo bye; exit 1'] });
    await expect(quitter.waitForOutput(/never/, 5_000)).rejects.toThrow(
      /quitter exited \(1\) before printing[\s\S]*bye/,
    );
  });

  it('writes to a log file when asked', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'oneteam-processes-'));
    try {
      const logFile = path.join(dir, 'child.log');
      const child = await startChild({
        name: 'logger',
        command: 'sh',
        args: ['-c', 'echo to-file; sleep 600'],
        logFile,
      });
      await child.waitForOutput(/to-file/, 5_000);
      expect(await readFile(logFile, 'utf8')).toBe('to-file\n');
      await child.stop(1_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.runIf(canInspectProcesses)('stop() ends the whole group, what the child started included', async () => {
    const child = await startChild({ name: 'shell', command: 'sh', args: shellWithGrandchild });
    const grandchild = await grandchildPid(child);
    expect(processTree(child.pid)).toContain(grandchild);
    await child.stop(2_000);
    expect(await waitUntil(() => !isAlive(grandchild), 2_000)).toBe(true);
  });

  it.runIf(linux)('a child dies with its parent, even when the parent is SIGKILLed', async () => {
    // A Node parent starts a shell through the toolkit and is then killed; the kernel signals the shell.
    const script = [
      `import { startChild } from ${JSON.stringify(toolkit)};`,
      `const child = await startChild({ name: 'orphan', command: 'sh', args: ['-c', 'sleep 600'] });`,
      `console.log('child ' + child.pid);`,
      `setInterval(() => {}, 60_000);`,
    ].join('\n');
    const parent = await startChild({
      name: 'parent',
      command: process.execPath,
      args: ['--import', 'tsx', '--input-type=module', '--eval', script],
      cwd: repoRoot,
    });
    await parent.waitForOutput(/^child \d+$/, 30_000);
    const orphan = Number(/child (\d+)/.exec(parent.output())![1]);
    expect(isAlive(orphan)).toBe(true);
    parent.signal('SIGKILL');
    await parent.exited;
    expect(await waitUntil(() => !isAlive(orphan), 5_000)).toBe(true);
  });
});

describe('ports', () => {
  it('finds a free port and sees it taken while something listens', async () => {
    const port = await freePort();
    expect(await isPortFree(port)).toBe(true);
    const child = await startChild({
      name: 'listener',
      command: process.execPath,
      args: ['-e', `require('net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening'))`],
    });
    await child.waitForOutput(/listening/, 10_000);
    expect(await isPortFree(port)).toBe(false);
    await child.stop(1_000);
  });
});
