/**
 * `npx tsx deploy/check-search-attributes.mjs` (tsx, since it imports the TypeScript source): exits 1
 * when deploy/temporal/search-attributes.txt, which the compose deployment registers in the Temporal
 * namespace, differs from the search attributes the workflows declare (`searchAttributeRegistrations`
 * in src/domain/search-attributes.ts).
 */
import console from 'node:console';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { searchAttributeRegistrations } from '../src/domain/search-attributes.ts';

const file = fileURLToPath(new URL('./temporal/search-attributes.txt', import.meta.url));

/** @type {Map<string, string>} */
const deployed = new Map();
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) continue;
  const [name, type] = trimmed.split(/\s+/);
  if (name !== undefined && type !== undefined) deployed.set(name, type);
}

const declared = new Map(searchAttributeRegistrations.map(({ name, cliType }) => [name, cliType]));
/** @type {string[]} */
const problems = [];
for (const [name, type] of declared) {
  const got = deployed.get(name);
  if (got === undefined) problems.push(`missing in ${file}: ${name} ${type}`);
  else if (got !== type) problems.push(`${name}: ${file} says ${got}, the code declares ${type}`);
}
for (const name of deployed.keys()) {
  if (!declared.has(name)) problems.push(`${name} is in ${file} but not declared in src/domain/search-attributes.ts`);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`search attributes in sync (${declared.size})`);
