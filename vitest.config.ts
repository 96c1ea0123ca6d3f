import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Temporal worker's native runtime wants a process of its own, not a worker thread.
    pool: 'forks',
    // Most integration files wait on real timers (SLA ladders, restarts) rather than compute, so they
    // overlap well even on 2 cores; vitest's default here would be a single worker.
    maxWorkers: 3,
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
