/**
 * `npm run search-attributes`: fails when deploy/temporal/search-attributes.txt, which
 * deploy/temporal/bootstrap.sh registers in a production namespace ("NAME TYPE" lines, the temporal
 * CLI's type names), is not what src/domain/search-attributes.ts declares (CI runs this);
 * `-- --write` regenerates the file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TypedSearchAttributes } from '@temporalio/common';
import { searchAttributeKeys } from '../src/domain/search-attributes.js';

const name = 'deploy/temporal/search-attributes.txt';
const file = fileURLToPath(new URL(`../${name}`, import.meta.url));
const wanted = [
  '# Typed search attributes of the OneTeam request workflows: NAME TYPE (temporal CLI type names).',
  '# Generated from src/domain/search-attributes.ts by `npm run search-attributes -- --write`; CI checks it.',
  ...searchAttributeKeys.map((key) => `${key.name} ${TypedSearchAttributes.toMetadataType(key.type)}`),
  '',
].join('\n');

if (process.argv.includes('--write')) {
  await writeFile(file, wanted);
  console.log(`wrote ${name}`);
} else if ((await readFile(file, 'utf8')) !== wanted) {
  console.error(`${name} differs from src/domain/search-attributes.ts: run npm run search-attributes -- --write`);
  process.exitCode = 1;
} else {
  console.log(`${name} matches src/domain/search-attributes.ts`);
}
