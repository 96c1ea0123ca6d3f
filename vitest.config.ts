import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The real stack (PostgreSQL, the Temporal dev server, the workflow bundle), started once per run by the
 * global setup and shared by the integration and browser tests.
 */
export const integrationProject = {
  extends: true,
  test: {
    name: 'integration',
    // Groups run in order, each with its own number of workers: unit, workflows, integration.
    sequence: { groupOrder: 2 },
    include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
    // The Temporal worker's native runtime wants a process of its own, not a worker thread.
    pool: 'forks',
    // Most integration files wait on real timers (SLA ladders, restarts) rather than compute, so they
    // overlap well even on 2 cores; vitest's default here would be a single worker.
    maxWorkers: 3,
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
} satisfies TestProjectInlineConfiguration;

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      // No servers: `npm run test:unit`. Files share a worker's loaded modules (no isolation), which halves
      // the CPU the run takes (most files import the whole app); cleanup is per test, not per module.
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 }, isolate: false },
      },
      // The workflows on fake activities and Temporal's time-skipping test server, and the replay of
      // recorded histories: `npm run test:workflows`, seconds per file.
      {
        extends: true,
        test: {
          name: 'workflows',
          include: ['test/workflows/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          pool: 'forks',
          globalSetup: ['test/support/workflow-bundle.ts'],
          testTimeout: 30_000,
          // The first run on a machine provisions the time-skipping server (about half a minute).
          hookTimeout: 600_000,
        },
      },
      integrationProject,
    ],
  },
});
