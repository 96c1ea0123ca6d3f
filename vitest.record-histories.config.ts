import { defineConfig } from 'vitest/config';
import { integrationProject } from './vitest.config.js';

/** Records the replay fixtures: `RECORD_HISTORIES=<name> npx vitest run --config vitest.record-histories.config.ts`. */
export default defineConfig({
  test: { ...integrationProject.test, name: 'record-histories', include: ['test/integration/record-histories.ts'] },
});
