/** The run's result: its JSON shape and the Markdown tables printed at the end. */
import { mib, type CapacityResult } from './phases/capacity.js';
import type { Measured } from './phases/cpu.js';
import type { LoopResult } from './phases/loop.js';
import { RAMP_CRITERIA, type RampResult } from './phases/max.js';
import type { SubmissionLevel } from './phases/submission.js';
import type { TransitionResult } from './phases/transition.js';
import { ratio } from './stats.js';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  platform: string;
  loadAverageStart: number[];
  loadAverageBeforeCapacity: number[] | null;
  loadAverageEnd: number[] | null;
}

export interface BenchResult {
  startedAt: string;
  finishedAt: string | null;
  runSeconds: number | null;
  mode: 'full' | 'quick';
  commit: { sha: string; dirty: boolean };
  machine: MachineInfo;
  setup: {
    database: string;
    temporal: string;
    sqlitePragmas: Record<string, string>;
    product: string;
    raw: string;
    client: string;
    workerEnv: Record<string, string>;
    apiEnv: Record<string, string>;
    workerEntry: string;
    notes: string[];
  };
  submission: SubmissionLevel[];
  ramp: { api: RampResult | null; rawStart: RampResult | null; criteria: typeof RAMP_CRITERIA };
  transition: TransitionResult | null;
  loops: LoopResult[];
  capacity: CapacityResult | null;
  /** Why the run ended early, if it did. */
  aborted: string | null;
}

const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? '-' : value >= 100 ? value.toFixed(0) : value.toFixed(1);
const x = (value: number | null) => (value === null ? '-' : `${value.toFixed(2)}×`);
const perS = (value: number) => value.toFixed(1);

function lat(result: Measured | undefined): string[] {
  if (result === undefined) return ['-', '-', '-', '-'];
  const notOk = result.scheduled - result.ok;
  return [
    perS(result.achievedPerS),
    ms(result.latencyMs.p50),
    ms(result.latencyMs.p95),
    `${ms(result.latencyMs.p99)}${notOk > 0 ? ` (${notOk} not ok)` : ''}`,
  ];
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: string[], rows: string[][]): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

/** Worker RSS with 10,000 open requests: what was measured plus the growth per cached workflow until the cache is full. */
export function projectedWorkerRss(c: CapacityResult): number | null {
  const cached = (n: number) => Math.min(n, c.workflowCacheSize);
  if (c.memory.workerRss === null || c.memory.workerRssPerRequest === null) return null;
  return (
    c.memory.workerRss + Math.max(0, c.memory.workerRssPerRequest) * Math.max(0, cached(10_000) - cached(c.submitted))
  );
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

export function targetChecks(result: BenchResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const level of result.submission) {
    const p99 = ratio(level.api.latencyMs.p99, level.rawStart.latencyMs.p99);
    checks.push({
      target: `submission p99 ≤ 1.5× raw start p99 at ${level.offeredPerS}/s`,
      measured: `${ms(level.api.latencyMs.p99)} vs ${ms(level.rawStart.latencyMs.p99)} ms = ${x(p99)}`,
      met: p99 === null ? null : p99 <= 1.5,
    });
  }
  // Max sustained on both sides when both have one; otherwise the peak completion rates of the ramps.
  const sustained = result.ramp.api?.maxSustained != null && result.ramp.rawStart?.maxSustained != null;
  const apiMax = sustained ? result.ramp.api!.maxSustained!.achievedPerS : (result.ramp.api?.peakAchievedPerS ?? null);
  const rawMax = sustained
    ? result.ramp.rawStart!.maxSustained!.achievedPerS
    : (result.ramp.rawStart?.peakAchievedPerS ?? null);
  const tput = ratio(apiMax, rawMax);
  if (result.ramp.api !== null || result.ramp.rawStart !== null) {
    checks.push({
      target: 'submission throughput ≥ 0.8× raw (open-loop maximum)',
      measured: `${apiMax ?? '-'} vs ${rawMax ?? '-'} /s = ${x(tput)}${sustained ? ' (max sustained)' : ' (peak completions: no step met the criteria on both sides)'}`,
      met: tput === null ? null : tput >= 0.8,
    });
  }
  if (result.transition !== null) {
    const p99 = result.transition.api.latencyMs.p99;
    checks.push({
      target: `update round-trip through the API p99 ≤ 100 ms at ${result.transition.offeredPerS}/s`,
      measured: `${ms(p99)} ms (raw ${ms(result.transition.raw.latencyMs.p99)} ms)`,
      met: p99 === null ? null : p99 <= 100,
    });
  }
  const oneMission = result.loops.filter((loop) => loop.missions === 1);
  if (oneMission.length > 0) {
    const best = Math.max(...oneMission.map((loop) => loop.perS));
    checks.push({
      target: '≥ 20 whole loops/s with one mission',
      measured: `${best} loops/s (best driver count)`,
      met: best >= 20,
    });
  }
  const capacity = result.capacity;
  if (capacity !== null) {
    const rss = capacity.memory.workerPeakRss ?? capacity.memory.workerRss;
    checks.push({
      target: '10,000 open requests with running clocks',
      measured: `${capacity.submitted.toLocaleString('en')} held by this phase (${capacity.openRequestsTotal?.toLocaleString('en') ?? '-'} open in all)`,
      met: capacity.submitted >= 10_000,
    });
    if (capacity.submitted >= 10_000) {
      checks.push({
        target: 'worker RSS ≤ 1 GiB',
        measured: `${mib(rss)} MiB peak`,
        met: rss === null ? null : rss <= 1024 ** 3,
      });
    } else {
      const projected = projectedWorkerRss(capacity);
      checks.push({
        target: 'worker RSS ≤ 1 GiB',
        measured: `${mib(rss)} MiB peak with ${capacity.submitted.toLocaleString('en')}; projected ${mib(projected)} MiB with 10,000 (cache of ${capacity.workflowCacheSize.toLocaleString('en')})`,
        met: projected === null ? null : projected <= 1024 ** 3,
      });
    }
    const p99 = capacity.escalations.lagMs.p99;
    checks.push({
      target: 'timer lag p99 ≤ 1 s',
      measured: `${ms(p99)} ms over ${capacity.escalations.fired} escalations`,
      met: p99 === null ? null : p99 <= 1000,
    });
  }
  return checks;
}

const load = (values: number[] | null) => (values === null ? '-' : values.map((v) => v.toFixed(2)).join(' '));

export function markdown(result: BenchResult): string {
  const out: string[] = [];
  const m = result.machine;
  out.push(
    `## OneTeam benchmark, ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC${result.mode === 'quick' ? ' (--quick: short windows, indicative only)' : ''}`,
  );
  out.push('');
  out.push(
    `${m.cores} cores (${m.cpuModel}), ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB, Node ${m.node}, ${m.platform}; ` +
      `load average ${load(m.loadAverageStart)} at start, ${load(m.loadAverageBeforeCapacity)} before capacity, ${load(m.loadAverageEnd)} at end; ` +
      `commit ${result.commit.sha.slice(0, 12)}${result.commit.dirty ? ' (with uncommitted changes)' : ''}; run ${result.runSeconds ?? '-'} s.`,
  );
  out.push(`${result.setup.database}; ${result.setup.temporal}. ${result.setup.product}. ${result.setup.raw}.`);
  if (Object.keys(result.setup.workerEnv).length > 0 || result.setup.workerEntry !== 'src/main/worker.ts') {
    out.push(`Worker variant: ${result.setup.workerEntry} ${JSON.stringify(result.setup.workerEnv)}`);
  }
  if (Object.keys(result.setup.apiEnv).length > 0) out.push(`API environment: ${JSON.stringify(result.setup.apiEnv)}`);
  for (const note of result.setup.notes) out.push(`Note: ${note}.`);
  if (result.aborted !== null) out.push(`\n**Run ended early: ${result.aborted}**`);

  if (result.submission.length > 0 || result.ramp.api !== null) {
    out.push(
      '',
      '### Submission: `POST /v1/requests` against raw `client.workflow.start` (open loop, latency in ms)',
      '',
    );
    const rows = result.submission.map((level) => [
      `${level.offeredPerS}/s`,
      ...lat(level.api),
      ...lat(level.rawStart),
      x(ratio(level.api.latencyMs.p99, level.rawStart.latencyMs.p99)),
      x(ratio(level.api.achievedPerS, level.rawStart.achievedPerS)),
      level.rawUpdateWithStart === null ? '-' : ms(level.rawUpdateWithStart.latencyMs.p99),
    ]);
    const apiMax = result.ramp.api?.maxSustained ?? undefined;
    const rawMax = result.ramp.rawStart?.maxSustained ?? undefined;
    if (result.ramp.api !== null || result.ramp.rawStart !== null) {
      rows.push([
        `max sustained (API ${apiMax?.offeredPerS ?? 'none'}/s, raw ${rawMax?.offeredPerS ?? 'none'}/s offered; ` +
          `peak completions API ${perS(result.ramp.api?.peakAchievedPerS ?? 0)}/s, raw ${perS(result.ramp.rawStart?.peakAchievedPerS ?? 0)}/s)`,
        ...lat(apiMax),
        ...lat(rawMax),
        '- (different loads)',
        x(ratio(apiMax?.achievedPerS, rawMax?.achievedPerS)),
        '-',
      ]);
    }
    out.push(
      table(
        [
          'offered',
          'API /s',
          'API p50',
          'API p95',
          'API p99',
          'raw /s',
          'raw p50',
          'raw p95',
          'raw p99',
          'p99 API/raw',
          'throughput API/raw',
          'raw update-with-start p99',
        ],
        rows,
      ),
    );
    for (const ramp of [result.ramp.api, result.ramp.rawStart]) {
      if (ramp === null) continue;
      out.push(
        '',
        `Ramp ${ramp.system}: ` +
          ramp.steps
            .map(
              (step) =>
                `${step.offeredPerS}/s → ${perS(step.achievedPerS)}/s p99 ${ms(step.latencyMs.p99)} ms${step.passed ? '' : ' ✗'}`,
            )
            .join('; ') +
          `; peak completions ${perS(ramp.peakAchievedPerS)}/s.`,
      );
    }
    out.push(
      '',
      `Max sustained = highest offered load with ≤ ${RAMP_CRITERIA.maxErrorRate * 100} % errors, ≥ ${RAMP_CRITERIA.minAchievedFraction * 100} % of it completed and p99 ≤ ${RAMP_CRITERIA.maxP99Ms} ms.`,
    );
  }

  if (result.transition !== null) {
    const t = result.transition;
    out.push('', `### Transition: one Update round-trip at ${t.offeredPerS}/s (latency in ms)`, '');
    out.push(
      table(
        ['', '/s', 'p50', 'p95', 'p99'],
        [
          ['API `POST /v1/requests/:id/triage` (clarify, fresh request)', ...lat(t.api)],
          ['raw `executeUpdate` (one-line handler, fresh workflow)', ...lat(t.raw)],
          [
            'ratio API/raw',
            '',
            x(ratio(t.api.latencyMs.p50, t.raw.latencyMs.p50)),
            x(ratio(t.api.latencyMs.p95, t.raw.latencyMs.p95)),
            x(ratio(t.api.latencyMs.p99, t.raw.latencyMs.p99)),
          ],
        ],
      ),
    );
  }

  if (result.loops.length > 0) {
    out.push(
      '',
      '### Whole loop: submit → triage assign → accept → respond → review accept → closed (closed-loop drivers)',
      '',
    );
    out.push(
      table(
        ['missions', 'drivers', 'loops/s', 'loop p50 ms', 'loop p95 ms', 'loop p99 ms', 'failed', 'polls/loop'],
        result.loops.map((loop) => [
          String(loop.missions),
          String(loop.drivers),
          loop.perS.toFixed(2),
          ms(loop.latencyMs.p50),
          ms(loop.latencyMs.p95),
          ms(loop.latencyMs.p99),
          String(loop.failed),
          String(loop.pollsPerLoop),
        ]),
      ),
    );
  }

  const c = result.capacity;
  if (c !== null) {
    out.push('', '### Capacity: open requests with running SLA clocks (SLA_POLICY=demo)', '');
    out.push(
      table(
        [
          'open requests',
          'fill',
          'worker RSS (peak)',
          'workflow-thread heap',
          'API RSS (peak)',
          'Temporal RSS (peak)',
          'database',
          'timer lag p50',
          'timer lag p99',
          'escalations',
        ],
        [
          [
            `${c.submitted.toLocaleString('en')} (+${Math.max(0, (c.openRequestsTotal ?? c.submitted) - c.submitted).toLocaleString('en')} from earlier phases)`,
            `${c.fillSeconds} s at ${c.fillRatePerS}/s`,
            `${mib(c.memory.workerRss)} (${mib(c.memory.workerPeakRss)}) MiB`,
            `${mib(c.memory.workflowThreadHeapUsed)} MiB`,
            `${mib(c.memory.apiRss)} (${mib(c.memory.apiPeakRss)}) MiB`,
            `${mib(c.memory.temporalRss)} (${mib(c.memory.temporalPeakRss)}) MiB`,
            `${mib(c.databaseBytes)} MiB`,
            `${ms(c.escalations.lagMs.p50)} ms`,
            `${ms(c.escalations.lagMs.p99)} ms`,
            `${c.escalations.fired}/${c.escalations.expected}`,
          ],
        ],
      ),
    );
    const per = (bytes: number | null) => (bytes === null ? '-' : `${(bytes / 1024).toFixed(0)} KiB`);
    const lines = [
      `Growth per open request while filling: worker RSS ${per(c.memory.workerRssPerRequest)} (workflow-thread heap ${per(c.memory.workflowThreadHeapPerRequest)}), ` +
        `Temporal RSS ${per(c.memory.temporalRssPerRequest)}, database ${per(c.databaseBytesPerRequest)}. ` +
        `Submission latency while filling: p50 ${ms(c.submitLatencyMs.p50)}, p99 ${ms(c.submitLatencyMs.p99)} ms.`,
      `Timer lag p50/p99 by minute of due time: ${c.escalations.lagP99ByMinute.map((m) => `${ms(m.p50)}/${ms(m.p99)}`).join(', ')} ms.`,
    ];
    if (c.submitted < 10_000) {
      const more = 10_000 - c.submitted;
      const workerAt10k = projectedWorkerRss(c);
      lines.push(
        `10,000 did not fit this run's budget: at ${c.fillRatePerS}/s they take ${Math.ceil(10_000 / c.fillRatePerS)} s to submit. ` +
          `Projected for 10,000: worker RSS ${mib(workerAt10k)} MiB (growth continues until the workflow cache is full: ` +
          `maxCachedWorkflows = ${c.workflowCacheSize.toLocaleString('en')}), database ${mib((c.databaseBytes ?? 0) + (c.databaseBytesPerRequest ?? 0) * more)} MiB, ` +
          `Temporal RSS at most ${mib((c.memory.temporalRss ?? 0) + Math.max(0, c.memory.temporalRssPerRequest ?? 0) * more)} MiB ` +
          `(linear: an upper bound, the server's caches are bounded).`,
      );
    }
    out.push('', lines.join(' '));
  }

  const cores = coreRows(result);
  if (cores.length > 0) {
    out.push(
      '',
      '### Where the CPU went: CPU ms per successful operation (cores busy on average, 2.00 = both cores)',
      '',
    );
    out.push(
      table(['phase', 'API', 'worker', 'Temporal', 'PostgreSQL', 'raw worker', 'benchmark', 'total ms/op'], cores),
    );
  }

  const checks = targetChecks(result);
  if (checks.length > 0) {
    out.push('', '### Against the targets', '');
    out.push(
      table(
        ['target', 'measured', 'met'],
        checks.map((check) => [check.target, check.measured, check.met === null ? '-' : check.met ? 'yes' : 'no']),
      ),
    );
  }
  return out.join('\n') + '\n';
}

function coreRows(result: BenchResult): string[][] {
  type Accounting = { cores: Record<string, number | null>; cpuMsPerOp: Record<string, number | null> };
  const rows: Array<[string, Accounting]> = [];
  for (const level of result.submission) {
    rows.push([`submission API ${level.offeredPerS}/s`, level.api]);
    rows.push([`submission raw start ${level.offeredPerS}/s`, level.rawStart]);
    if (level.rawUpdateWithStart !== null)
      rows.push([`submission raw update-with-start ${level.offeredPerS}/s`, level.rawUpdateWithStart]);
  }
  if (result.ramp.api?.maxSustained)
    rows.push([`submission API max ${result.ramp.api.maxSustained.offeredPerS}/s`, result.ramp.api.maxSustained]);
  if (result.ramp.rawStart?.maxSustained)
    rows.push([
      `submission raw max ${result.ramp.rawStart.maxSustained.offeredPerS}/s`,
      result.ramp.rawStart.maxSustained,
    ]);
  if (result.transition) {
    rows.push(['transition API (clarify)', result.transition.api]);
    rows.push(['transition raw update', result.transition.raw]);
  }
  for (const loop of result.loops)
    rows.push([`whole loop, ${loop.missions} mission(s) × ${loop.drivers} drivers`, loop]);
  if (result.capacity)
    rows.push([
      'capacity: per held request (submission + 3 escalations)',
      { cores: result.capacity.cores, cpuMsPerOp: result.capacity.cpuMsPerRequest },
    ]);
  const f = (a: Accounting, key: string) => {
    const perOp = a.cpuMsPerOp[key];
    const cores = a.cores[key];
    if (perOp === null || perOp === undefined || cores === null || cores === undefined) return '-';
    return `${perOp >= 100 ? perOp.toFixed(0) : perOp.toFixed(1)} (${cores.toFixed(2)})`;
  };
  return rows.map(([name, a]) => {
    const keys = ['api', 'worker', 'temporal', 'postgres', 'rawWorker', 'bench'];
    const total = keys.reduce((sum, key) => sum + (a.cpuMsPerOp[key] ?? 0), 0);
    return [name, ...keys.map((key) => f(a, key)), total >= 100 ? total.toFixed(0) : total.toFixed(1)];
  });
}
