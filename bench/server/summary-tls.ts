/**
 * The TLS table (docs/benchmarks-server.md "TLS"): scenario (a) with clients
 * over TLS, tchat against the bare Node TLS server; (b) and (c) with clients
 * over TLS against the same tchat with plain clients. Each row holds the
 * reference, the TLS figure and their ratio.
 */
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
import type { ServerKind } from './servers.js';
import { bestCapacity, type BenchResults } from './summary.js';

export const TLS_HEADERS: TableRow = {
  metric: 'metric (TLS)',
  baseline: 'reference',
  tchat: 'tchat over TLS',
  ratio: 'TLS/reference',
  target: 'target',
  verdict: '',
};

function row(
  metric: string,
  reference: number | undefined,
  subject: number | undefined,
  format: (n: number) => string,
  target = '',
  met?: (subject: number, reference: number) => boolean,
): TableRow {
  return {
    metric,
    baseline: reference === undefined ? '-' : format(reference),
    tchat: subject === undefined ? '-' : format(subject),
    ratio: ratio(subject, reference),
    target,
    verdict: verdict(
      met && subject !== undefined && reference !== undefined ? met(subject, reference) : undefined,
    ),
  };
}

export function tlsSummaryRows(results: BenchResults, config: BenchConfig): TableRow[] {
  const rows: TableRow[] = [];
  const { idle, steady, capacity } = results;
  if (idle['tchat-tls']) {
    const { small, large } = config.idle;
    const per = (kind: ServerKind) => idle[kind]?.bytesPerAddedConnection;
    rows.push(
      row(
        `(a) RSS per added connection (${small}→${large}), bare Node TLS server → tchat`,
        per('baseline-tls'),
        per('tchat-tls'),
        formatBytes,
        `≤ ${TARGETS.tlsIdleRatio} × bare`,
        (t, b) => t <= TARGETS.tlsIdleRatio * b,
      ),
      row(
        '(a) the same, plain tchat → tchat over TLS',
        per('tchat'),
        per('tchat-tls'),
        formatBytes,
      ),
    );
  }
  if (steady['tchat-tls']) {
    const plain = steady.tchat;
    const secure = steady['tchat-tls'];
    rows.push(
      row(
        '(b) delivered/s, tchat plain → TLS',
        plain?.run.deliveredPerSec,
        secure.run.deliveredPerSec,
        formatRate,
        `≥ ${TARGETS.tlsFanOutRatio} × plain`,
        (t, b) => t >= TARGETS.tlsFanOutRatio * b,
      ),
      row('(b) latency p50', plain?.run.p50Us, secure.run.p50Us, formatUs),
      row('(b) latency p99', plain?.run.p99Us, secure.run.p99Us, formatUs),
      row(
        '(b) deliveries lost',
        plain && plain.run.expected - plain.run.delivered,
        secure.run.expected - secure.run.delivered,
        String,
      ),
      row('(b) server CPU (cores)', plain?.cpu.serverCores, secure.cpu.serverCores, formatCores),
    );
  }
  if (capacity['tchat-tls']) {
    const plain = bestCapacity(capacity.tchat);
    const secure = bestCapacity(capacity['tchat-tls']);
    const { clients, p99LimitMs } = config.capacity;
    rows.push(
      row(
        `(c) ${clients} clients: deliveries/s with p99 < ${p99LimitMs} ms, plain → TLS`,
        plain?.run.deliveredPerSec,
        secure?.run.deliveredPerSec,
        formatRate,
        `≥ ${TARGETS.tlsFanOutRatio} × plain`,
        (t, b) => t >= TARGETS.tlsFanOutRatio * b,
      ),
      row('(c) latency p99 at that rate', plain?.run.p99Us, secure?.run.p99Us, formatUs),
      row(
        '(c) server CPU at that rate (cores)',
        plain?.cpu.serverCores,
        secure?.cpu.serverCores,
        formatCores,
      ),
      row(
        '(c) load-generator CPU at that rate (cores)',
        plain?.run.loadCores,
        secure?.run.loadCores,
        formatCores,
      ),
    );
  }
  return rows;
}
