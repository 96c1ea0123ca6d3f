import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('keeps 1000 workflows in the worker cache unless told otherwise', () => {
    expect(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBe(1000);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '250' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(250);
  });

  it('names the variable it refuses', () => {
    for (const value of ['1', 'many', '2.5']) {
      expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: value })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    }
    expect(() => loadConfig({ SLA_POLICY: 'fast' })).toThrow(/SLA_POLICY/);
  });
});
