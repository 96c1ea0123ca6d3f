/**
 * Preloaded into the product's API and worker processes by the benchmark (`node --import tsx --import <this as a
 * data: URL> src/main/…`): every second it overwrites BENCH_MEMORY_FILE with the process' `process.memoryUsage()`
 * (main thread heap; RSS covers every thread), so the benchmark reports heap next to RSS without touching product
 * code. Plain JavaScript in a data: URL because worker threads (Temporal's workflow thread) inherit the preload but
 * not tsx's loader; they skip it. The timer is unref'd: it never keeps the process alive.
 */
const source = `
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
const file = process.env.BENCH_MEMORY_FILE;
if (isMainThread && file) {
  const write = () => {
    try {
      writeFileSync(file, JSON.stringify({ at: Date.now(), pid: process.pid, ...process.memoryUsage() }));
    } catch {}
  };
  write();
  setInterval(write, 1000).unref();
}
`;

export const memoryReporterUrl = `data:text/javascript,${encodeURIComponent(source)}`;
