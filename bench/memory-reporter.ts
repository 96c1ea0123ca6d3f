/**
 * Preloaded into the product's API and worker processes by the benchmark (`node --import tsx --import <this as a
 * data: URL> src/main/…`): every second it replaces BENCH_MEMORY_FILE (written aside, then renamed, so a reader never
 * sees half a file) with `process.memoryUsage()` (RSS covers every thread; the heap is this thread's), so the
 * benchmark reports heap next to RSS without touching product code. Worker threads inherit the preload (Temporal's
 * workflow thread, whose heap holds the cached workflows) and write `<file>.thread-<id>`. Plain JavaScript in a data:
 * URL because worker threads do not get tsx's loader. The timer is unref'd: it never keeps the process alive.
 */
const source = `
import { renameSync, writeFileSync } from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';
const base = process.env.BENCH_MEMORY_FILE;
const file = base && (isMainThread ? base : base + '.thread-' + threadId);
if (file) {
  const write = () => {
    try {
      writeFileSync(file + '.tmp', JSON.stringify({ at: Date.now(), pid: process.pid, ...process.memoryUsage() }));
      renameSync(file + '.tmp', file);
    } catch {}
  };
  write();
  setInterval(write, 1000).unref();
}
`;

export const memoryReporterUrl = `data:text/javascript,${encodeURIComponent(source)}`;
