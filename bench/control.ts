/** Run-wide stop flag (Ctrl-C, fatal error) that every bounded loop of the benchmark checks. */
export class Aborted extends Error {
  override name = 'Aborted';
}

export const control = {
  aborted: false,
  reason: '',
  abort(reason: string): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
  },
  check(): void {
    if (this.aborted) throw new Aborted(this.reason);
  },
};

/** Sleeps, waking early (without throwing) when the run is aborted. */
export async function sleep(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!control.aborted && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, until - Date.now())));
  }
}
