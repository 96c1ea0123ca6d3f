/** Finding programs: on PATH, or checking that a given file can be executed. */
import { accessSync, constants, statSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

export async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` in the PATH of `env`. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const candidate of pathCandidates(name, env)) if (await isExecutableFile(candidate)) return candidate;
  return undefined;
}

/** {@link findOnPath} for module initialisation. */
export function findOnPathSync(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return pathCandidates(name, env).find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

function pathCandidates(name: string, env: NodeJS.ProcessEnv): string[] {
  return (env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => path.join(dir, name));
}
