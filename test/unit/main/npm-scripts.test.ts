/**
 * `npm run <script>` starts `sh -c '<script>'`, and a shell that runs its command as a child leaves it behind when npm
 * goes: npm passes a SIGTERM (a supervisor's stop, the parent-death signal the production shape sets) to the shell
 * only, which dies of it, and the program keeps running as an orphan. `exec` puts the program in the shell's place,
 * so it is npm's child and gets the signal itself (and shuts down gracefully).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const { scripts } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('the entry points npm starts', () => {
  it.each(['start', 'api', 'worker', 'migrate'])('`npm run %s` replaces the shell with node', (name) => {
    expect(scripts[name]).toMatch(/^exec node /);
  });
});
