import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The real stack (PostgreSQL, the Temporal dev server, the workflow bundle), started once per run by the
 * global setup and shared by the integration and browser tests.
 */
export const integrationProject = {
  extends: true,
  test: {
    name: 'integration',
    // After the unit tests (which fail fast), each group with its own number of workers.
    sequence: { groupOrder: 1 },
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
      // No servers: `npm run test:unit`.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      integrationProject,
    ],
  },
});
