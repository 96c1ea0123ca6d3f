/**
 * The workflow code bundled once per run, for every worker and replay of a test project: global setup
 * of the workflows project, and part of the integration project's (global-setup.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { workflowsPath } from '../../src/worker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    workflowBundlePath: string;
  }
}

/** Bundles workflows/ into `dir` and returns the bundle's path. */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  await writeFile(bundlePath, bundle.code);
  return bundlePath;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'oneteam-workflows-'));
  project.provide('workflowBundlePath', await writeWorkflowBundle(dir));
  return () => rm(dir, { recursive: true, force: true });
}

const quietBundlerLogger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  log: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
