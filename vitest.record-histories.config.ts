import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/** Records the replay fixtures: `RECORD_HISTORIES=<name> npx vitest run --config vitest.record-histories.config.ts`. */
export default defineConfig({ ...base, test: { ...base.test, include: ['test/integration/record-histories.ts'] } });
