/**
 * The production entry points (and the workflow bundle the worker loads) reach nothing that only runs OneTeam locally:
 * not src/local (dev server, embedded PostgreSQL, process toolkit) and not @temporalio/testing, which is a development
 * dependency absent from the production image.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const localDir = path.join(repoRoot, 'src', 'local') + path.sep;
const forbiddenPackages = ['@temporalio/testing'];

/** Every file and package reachable by static or dynamic imports from `entry`, with the chain that reached it. */
function importGraph(entry: string): Map<string, string[]> {
  const reached = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const chain = reached.get(file)!;
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      const target = specifier.startsWith('.') ? resolveSource(path.dirname(file), specifier) : packageName(specifier);
      if (target === undefined || reached.has(target)) continue;
      reached.set(target, [...chain, target]);
      if (path.isAbsolute(target)) queue.push(target);
    }
  }
  return reached;
}

/** `./x.js` in TypeScript source means `./x.ts`; JSON and other assets are not followed. */
function resolveSource(dir: string, specifier: string): string | undefined {
  const resolved = path.resolve(dir, specifier);
  for (const candidate of [resolved.replace(/\.js$/, '.ts'), resolved, path.join(resolved, 'index.ts')]) {
    if (/\.(ts|js|mjs)$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const entries = ['src/main/api.ts', 'src/main/worker.ts', 'src/main/migrate.ts', 'workflows/index.ts'];

describe('production entry points', () => {
  it.each(entries)('%s imports nothing from src/local or @temporalio/testing', (entry) => {
    const graph = importGraph(path.join(repoRoot, entry));
    const offending = [...graph.entries()]
      .filter(([target]) => target.startsWith(localDir) || forbiddenPackages.includes(target))
      .map(([, chain]) => chain.map((step) => path.relative(repoRoot, step) || step).join(' → '));
    expect(offending).toEqual([]);
    // The walk itself works: it reaches the product's own modules.
    expect(graph.size).toBeGreaterThan(5);
  });

  it('`npm start` does use the local folder (the check above can see it)', () => {
    const graph = importGraph(path.join(repoRoot, 'src/main/all.ts'));
    expect([...graph.keys()].some((target) => target.startsWith(localDir))).toBe(true);
  });
});
