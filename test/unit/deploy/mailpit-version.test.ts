import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAILPIT_MODULE, MAILPIT_VERSION } from '../../../src/local/mailpit/index.js';

describe('.ci/run', () => {
  it('builds the Mailpit that `npm start` and the tests build', () => {
    const script = readFileSync(new URL('../../../.ci/run', import.meta.url), 'utf8');
    expect(script).toContain(`MAILPIT_MODULE=${MAILPIT_MODULE}\n`);
    expect(script).toContain(`MAILPIT_VERSION=v${MAILPIT_VERSION}\n`);
  });
});
