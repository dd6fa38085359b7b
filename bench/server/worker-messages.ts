/**
 * The IPC messages between the coordinator (load-generator.ts) and each load
 * worker process (load-worker.ts). Times are µs on the shared monotonic clock
 * (bench-wire.ts `nowUs`), so every worker agrees on a run's window.
 */
import type { HistogramSnapshot } from './latency-histogram.js';

export interface ClientSpec {
  /** Global index across all workers; message senders are indexes 0 … senders-1. */
  index: number;
  name: string;
}

/**
 * One measured run. Open loop: message j (j = 0, 1, …) is due at
 * `startUs + j / ratePerSec` and is sent by client `j % senders`, whichever
 * worker holds it. Closed loop: each sender keeps `window` of its own messages
 * in flight (sent, own copy not yet back). Deliveries and sends count only for
 * messages sent in [measureFromUs, endUs); the worker then waits until no such
 * delivery arrived for `quietMs` (at most `maxDrainMs`) and reports.
 */
export type RunSpec = (
  { mode: 'open'; ratePerSec: number } | { mode: 'closed'; window: number }
) & {
  senders: number;
  startUs: number;
  measureFromUs: number;
  endUs: number;
  quietMs: number;
  maxDrainMs: number;
  /** Padding after the timestamp in each message text. */
  padding: string;
  /**
   * Open loop: clients whose index is a multiple of this read every line and
   * record latency; the others only count deliveries (line-scanner.ts). 1 =
   * every client reads every line. Closed loop always reads every line.
   * Counting clients neither see nor answer keepalive pings: use counting
   * only where every client sends (the server pings silent clients only).
   */
  latencyEvery: number;
};

export type ToWorker =
  | {
      type: 'connect';
      host: string;
      port: number;
      /** Over TLS (bench-client.ts). */
      tls: boolean;
      clients: ClientSpec[];
      concurrency: number;
    }
  | { type: 'run'; spec: RunSpec }
  /**
   * Each sender (index < senders) says a sync message (stamp 0) and waits for
   * its own copy: once every copy is back, everything those clients sent
   * before has been handled and delivered. Reply ok, or not ok after `maxWaitMs`.
   */
  | { type: 'sync'; senders: number; maxWaitMs: number }
  | { type: 'close' };

export interface WorkerRunResult {
  /** Messages this worker sent inside the window. */
  sent: number;
  /** Deliveries of in-window messages received by this worker's clients. */
  delivered: number;
  /** Latency of the deliveries to this worker's latency probes (see RunSpec.latencyEvery). */
  histogram: HistogramSnapshot;
  /** Clients of this worker that recorded latency. */
  probeClients: number;
  /** CPU time of this worker while the window was open, µs. */
  cpuUs: number;
  /** Wall time from the window's start to the end of the worker's drain, µs. */
  spanUs: number;
  /** `error` events from the server by code (e.g. `rate_limited`). */
  serverErrors: Record<string, number>;
  /** Clients whose connection closed during the run. */
  disconnects: number;
  /** Deliveries of messages sent outside the window (warm-up, or late ones from a previous run). */
  outsideWindow: number;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'connected'; registered: number; failures: string[] }
  | { type: 'result'; result: WorkerRunResult }
  | { type: 'synced'; ok: boolean }
  | { type: 'closed' }
  | { type: 'fatal'; message: string };
