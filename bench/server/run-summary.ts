/** Merges the load workers' results of one run into the numbers the scenarios report. */
import { createLatencyHistogram, type LatencyHistogram } from './latency-histogram.js';
import type { WorkerRunResult } from './worker-messages.js';

export interface RunSummary {
  windowMs: number;
  sent: number;
  /** Every registered client receives every public message, its sender included. */
  expected: number;
  delivered: number;
  deliveredPerSec: number;
  /** Latency of the deliveries to the latency probes, their lost deliveries counted as infinitely late. */
  histogram: LatencyHistogram;
  probeClients: number;
  p50Us: number;
  p99Us: number;
  /** CPU of all load workers during the window, in cores (1 = one core busy). */
  loadCores: number;
  serverErrors: Record<string, number>;
  disconnects: number;
  outsideWindow: number;
}

export function summarize(
  results: WorkerRunResult[],
  clients: number,
  windowMs: number,
): RunSummary {
  const histogram = createLatencyHistogram();
  const serverErrors: Record<string, number> = {};
  let sent = 0;
  let delivered = 0;
  let cpuUs = 0;
  let disconnects = 0;
  let outsideWindow = 0;
  let probeClients = 0;
  for (const result of results) {
    histogram.merge(result.histogram);
    sent += result.sent;
    delivered += result.delivered;
    cpuUs += result.cpuUs;
    disconnects += result.disconnects;
    outsideWindow += result.outsideWindow;
    probeClients += result.probeClients;
    for (const [code, n] of Object.entries(result.serverErrors)) {
      serverErrors[code] = (serverErrors[code] ?? 0) + n;
    }
  }
  const expected = sent * clients;
  histogram.addMissing(Math.max(0, sent * probeClients - histogram.count));
  return {
    windowMs,
    sent,
    expected,
    delivered,
    deliveredPerSec: delivered / (windowMs / 1000),
    histogram,
    probeClients,
    p50Us: histogram.quantileUs(0.5),
    p99Us: histogram.quantileUs(0.99),
    loadCores: cpuUs / (windowMs * 1000),
    serverErrors,
    disconnects,
    outsideWindow,
  };
}
