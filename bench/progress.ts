/**
 * The short progress display on stderr: one status line rewritten in place on a terminal (at most every 5 s as a
 * plain line otherwise), and permanent lines for what finished.
 */
const started = Date.now();
const tty = process.stderr.isTTY === true;
let lastPlain = 0;
let statusShown = false;

const stamp = () => `[bench ${String(Math.round((Date.now() - started) / 1000)).padStart(4)}s]`;

export const progress = {
  /** A permanent line. */
  line(message: string): void {
    if (tty && statusShown) process.stderr.write('\r\x1b[K');
    statusShown = false;
    process.stderr.write(`${stamp()} ${message}\n`);
  },
  /** The live status line (throttled when stderr is not a terminal). */
  status(message: string): void {
    if (tty) {
      process.stderr.write(`\r\x1b[K${stamp()} ${message.slice(0, (process.stderr.columns ?? 120) - 14)}`);
      statusShown = true;
    } else if (Date.now() - lastPlain >= 5_000) {
      lastPlain = Date.now();
      process.stderr.write(`${stamp()} ${message}\n`);
    }
  },
  elapsedSeconds(): number {
    return (Date.now() - started) / 1000;
  },
};
