/** Turns the scenarios' results into the final table (tchat next to the baseline). */
import { TARGETS, type BenchConfig } from './bench-config.js';
import {
  formatBytes,
  formatCores,
  formatRate,
  formatUs,
  ratio,
  verdict,
  type TableRow,
} from './report.js';
import type { CapacityResult, CapacityStep } from './scenario-capacity.js';
import type { IdleMemoryResult } from './scenario-idle-memory.js';
import type { SteadyRateResult } from './scenario-steady-rate.js';
import type { ServerKind } from './servers.js';

export interface BenchResults {
  idle: Partial<Record<ServerKind, IdleMemoryResult>>;
  steady: Partial<Record<ServerKind, SteadyRateResult>>;
  /** Every search made, per server. */
  capacity: Partial<Record<ServerKind, CapacityResult[]>>;
}

/** The best passing step over all searches made for one server. */
export function bestCapacity(
  attempts: readonly CapacityResult[] | undefined,
): CapacityStep | undefined {
  let best: CapacityStep | undefined;
  for (const attempt of attempts ?? []) {
    const step = attempt.best;
    if (step && (!best || step.run.deliveredPerSec > best.run.deliveredPerSec)) best = step;
  }
  return best;
}

type Pair<T> = Partial<Record<ServerKind, T>>;

function row<T>(
  metric: string,
  pair: Pair<T>,
  value: (result: T) => number,
  format: (n: number) => string,
  target = '',
  met?: (tchat: number, baseline: number | undefined) => boolean,
): TableRow {
  const b = pair.baseline === undefined ? undefined : value(pair.baseline);
  const t = pair.tchat === undefined ? undefined : value(pair.tchat);
  return {
    metric,
    baseline: b === undefined ? '-' : format(b),
    tchat: t === undefined ? '-' : format(t),
    ratio: ratio(t, b),
    target,
    verdict: verdict(met && t !== undefined ? met(t, b) : undefined),
  };
}

export function summaryRows(results: BenchResults, config: BenchConfig): TableRow[] {
  const rows: TableRow[] = [];
  const { idle, steady } = results;
  const { small, large } = config.idle;
  if (idle.baseline || idle.tchat) {
    rows.push(
      row('(a) RSS, no client', idle, (r) => r.rssEmptyBytes, formatBytes),
      row(`(a) RSS, ${small} idle clients`, idle, (r) => r.rssSmallBytes, formatBytes),
      row(`(a) RSS, ${large} idle clients`, idle, (r) => r.rssLargeBytes, formatBytes),
      row(
        `(a) RSS per added connection (${small}→${large})`,
        idle,
        (r) => r.bytesPerAddedConnection,
        formatBytes,
        `≤ ${formatBytes(TARGETS.idleBytesPerConnection)}`,
        (t) => t <= TARGETS.idleBytesPerConnection,
      ),
    );
  }
  if (steady.baseline || steady.tchat) {
    const { clients, ratePerSec, senders } = config.steady;
    const label = `(b) ${clients} clients, ${ratePerSec} msg/s from ${senders} senders:`;
    rows.push(
      row(
        `${label} delivered/s`,
        steady,
        (r) => r.run.deliveredPerSec,
        formatRate,
        `${formatRate(clients * ratePerSec)} offered`,
      ),
      row('(b) latency p50', steady, (r) => r.run.p50Us, formatUs),
      row(
        '(b) latency p99',
        steady,
        (r) => r.run.p99Us,
        formatUs,
        `≤ ${formatUs(TARGETS.steadyP99Us)}`,
        (t) => t <= TARGETS.steadyP99Us,
      ),
      row('(b) deliveries lost', steady, (r) => r.run.expected - r.run.delivered, String),
      row('(b) server CPU (cores)', steady, (r) => r.cpu.serverCores, formatCores),
      row("(b) other programs' CPU meanwhile (cores)", steady, (r) => r.otherCores, formatCores),
    );
  }
  const best: Pair<CapacityStep> = {
    baseline: bestCapacity(results.capacity.baseline),
    tchat: bestCapacity(results.capacity.tchat),
  };
  if (results.capacity.baseline || results.capacity.tchat) {
    const { clients, p99LimitMs } = config.capacity;
    rows.push(
      row(
        `(c) ${clients} clients: deliveries/s with p99 < ${p99LimitMs} ms`,
        best,
        (s) => s.run.deliveredPerSec,
        formatRate,
        `≥ ${TARGETS.capacityRatio.toFixed(2)} × baseline`,
        (t, b) => b !== undefined && t >= TARGETS.capacityRatio * b,
      ),
      row('(c) latency p50 at that rate', best, (s) => s.run.p50Us, formatUs),
      row('(c) latency p99 at that rate', best, (s) => s.run.p99Us, formatUs),
      row('(c) server CPU at that rate (cores)', best, (s) => s.cpu.serverCores, formatCores),
      row('(c) load-generator CPU at that rate (cores)', best, (s) => s.run.loadCores, formatCores),
      row(
        "(c) other programs' CPU during that step (cores)",
        best,
        (s) => s.otherCores,
        formatCores,
      ),
      row(
        `(c) closed-loop probe (window ${config.capacity.probeWindow}/sender): deliveries/s`,
        { baseline: results.capacity.baseline, tchat: results.capacity.tchat },
        (attempts) => Math.max(...attempts.map((a) => a.probe.run.deliveredPerSec)),
        formatRate,
      ),
    );
  }
  return rows;
}
