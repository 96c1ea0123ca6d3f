import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEMPORAL_CLI_VERSION } from '../../../src/local/temporal/index.js';

// deploy/temporal/versions.env pins what compose's Temporal image and the production shape build.
const versions = Object.fromEntries(
  readFileSync(new URL('../../../deploy/temporal/versions.env', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.split('=', 2) as [string, string]),
);

describe('deploy/temporal/versions.env', () => {
  it('pins the Temporal CLI that the dev server builds', () => {
    expect(versions.TEMPORAL_CLI_VERSION).toBe(`v${TEMPORAL_CLI_VERSION}`);
  });

  it('pins a server release that go install can build (v1.30.0 cannot)', () => {
    expect(versions.TEMPORAL_SERVER_VERSION).toMatch(/^v1\.\d+\.\d+$/);
    expect(versions.TEMPORAL_SERVER_VERSION).not.toBe('v1.30.0');
  });
});
