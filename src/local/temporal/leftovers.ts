/** Refuses to start next to a leftover server that would make the start fail in a confusing way. */
import { isPortFree, listProcesses } from '../processes/index.js';
import { DevServerError } from './errors.js';
import { answersAsTemporal } from './frontend.js';

export async function refuseLeftovers(p: {
  ip: string;
  port: number;
  uiPort: number | undefined;
  dbFile: string;
}): Promise<void> {
  const onDb = devServerProcesses((argv) => argv.includes(p.dbFile));
  if (onDb.length > 0) {
    throw new DevServerError(
      `A Temporal dev server is already running on ${p.dbFile} (pid ${onDb.join(', ')}), probably left over from a ` +
        `previous run that did not shut down. Stop it (kill ${onDb.join(' ')}) and try again.`,
    );
  }
  for (const [port, what] of [
    [p.port, 'frontend'],
    [p.uiPort, 'UI'],
  ] as const) {
    if (port === undefined || (await isPortFree(port, p.ip))) continue;
    const isTemporal = what === 'frontend' && (await answersAsTemporal(`${p.ip}:${port}`));
    if (isTemporal) {
      const pids = devServerProcesses((argv) => argValue(argv, '--port', '-p') === String(port));
      const stopHint = pids.length > 0 ? `kill ${pids.join(' ')}` : `find it with \`ss -ltnp 'sport = :${port}'\``;
      throw new DevServerError(
        `Port ${port} is already used by a Temporal server${pids.length > 0 ? ` (pid ${pids.join(', ')})` : ''}, ` +
          `probably a dev server left over from a previous crashed run, or another project's. Stop it (${stopHint}), ` +
          'choose another TEMPORAL_DEV_PORT, or point TEMPORAL_ADDRESS at it.',
      );
    }
    throw new DevServerError(
      `Port ${port} (Temporal dev server ${what}) is already in use by another program; ` +
        `choose another ${what === 'UI' ? 'TEMPORAL_DEV_UI_PORT' : 'TEMPORAL_DEV_PORT'}.`,
    );
  }
}

/** Pids of `temporal server start-dev` processes whose argv matches (none where /proc cannot be read). */
function devServerProcesses(match: (argv: string[]) => boolean): number[] {
  return listProcesses()
    .filter(({ argv }) => {
      const i = argv.indexOf('start-dev');
      return i > 0 && argv[i - 1] === 'server' && !argv.some((a) => a.endsWith('setpriv')) && match(argv);
    })
    .map(({ pid }) => pid);
}

function argValue(argv: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (names.includes(arg)) return argv[i + 1];
    const eq = names.find((n) => arg.startsWith(`${n}=`));
    if (eq) return arg.slice(eq.length + 1);
  }
  return undefined;
}
