/**
 * The load generator as the coordinator sees it: N JSON-mode clients on real
 * TCP, spread over worker processes (load-worker.ts) so that the load never
 * shares an event loop with the server under test. Clients are dealt to the
 * workers round-robin by global index.
 */
import { awaitExit } from './child-processes.js';
import { nowUs } from './bench-wire.js';
import { summarize, type RunSummary } from './run-summary.js';
import { startWorker } from './worker-handle.js';
import type { ClientSpec, WorkerRunResult } from './worker-messages.js';

export type { RunSummary } from './run-summary.js';

export interface LoadGeneratorOptions {
  host: string;
  port: number;
  /** The clients speak TLS (bench-client.ts). */
  tls?: boolean;
  workers: number;
  /** Client names are `<prefix><index>`. */
  namePrefix: string;
  /** taskset CPU list for the workers; undefined = not pinned. */
  cpus?: string;
}

export type RunRequest = (
  { mode: 'open'; ratePerSec: number } | { mode: 'closed'; window: number }
) & {
  senders: number;
  warmupMs: number;
  durationMs: number;
  quietMs?: number;
  maxDrainMs?: number;
  /** Message text length in bytes (the `t=…` stamp included). */
  textBytes?: number;
  /** See RunSpec.latencyEvery (default 1: every client records latency). */
  latencyEvery?: number;
};

/** Called on timers when a run's measurement window opens and closes. */
export interface WindowHooks {
  windowStart(): void;
  windowEnd(): void;
}

export interface LoadGenerator {
  readonly clientCount: number;
  /** Adds `count` registered clients; rejects if any fails to register. */
  connect(count: number, concurrency: number): Promise<void>;
  run(request: RunRequest, hooks?: WindowHooks): Promise<RunSummary>;
  /**
   * Resolves true once the server has handled and delivered everything
   * clients 0 … senders-1 sent so far (each gets its own sync message back);
   * false if that took over `maxWaitMs`.
   */
  sync(senders: number, maxWaitMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Workers get their start time with this much slack to receive the command. */
const START_DELAY_US = 200_000;

export async function createLoadGenerator(options: LoadGeneratorOptions): Promise<LoadGenerator> {
  const workers = await Promise.all(
    Array.from({ length: options.workers }, () => startWorker(options.cpus)),
  );
  let clientCount = 0;

  return {
    get clientCount() {
      return clientCount;
    },
    async connect(count, concurrency) {
      const shares: ClientSpec[][] = workers.map(() => []);
      for (let index = clientCount; index < clientCount + count; index += 1) {
        shares[index % workers.length]?.push({ index, name: `${options.namePrefix}${index}` });
      }
      const replies = await Promise.all(
        workers.map((worker, w) =>
          worker.request({
            type: 'connect',
            host: options.host,
            port: options.port,
            tls: options.tls === true,
            clients: shares[w] ?? [],
            concurrency: Math.ceil(concurrency / workers.length),
          }),
        ),
      );
      const failures = replies.flatMap((r) => (r.type === 'connected' ? r.failures : []));
      const registered = replies.reduce(
        (n, r) => n + (r.type === 'connected' ? r.registered : 0),
        0,
      );
      clientCount += registered;
      if (registered !== count) {
        throw new Error(`${count - registered} of ${count} clients failed: ${failures.join('; ')}`);
      }
    },
    async run(request, hooks) {
      const startUs = nowUs() + START_DELAY_US;
      const measureFromUs = startUs + request.warmupMs * 1000;
      const endUs = measureFromUs + request.durationMs * 1000;
      if (hooks) {
        setTimeout(() => hooks.windowStart(), (measureFromUs - nowUs()) / 1000);
        setTimeout(() => hooks.windowEnd(), (endUs - nowUs()) / 1000);
      }
      const textBytes = request.textBytes ?? 48;
      const base = {
        senders: request.senders,
        startUs,
        measureFromUs,
        endUs,
        quietMs: request.quietMs ?? 300,
        maxDrainMs: request.maxDrainMs ?? 3000,
        // `t=` + ~16 digits of µs + `.` + sender + `.`: pad the rest.
        padding: 'x'.repeat(Math.max(0, textBytes - 24)),
        latencyEvery: Math.max(1, request.latencyEvery ?? 1),
      };
      const spec =
        request.mode === 'open'
          ? { ...base, mode: 'open' as const, ratePerSec: request.ratePerSec }
          : { ...base, mode: 'closed' as const, window: request.window };
      const replies = await Promise.all(workers.map((w) => w.request({ type: 'run', spec })));
      const results = replies.flatMap((r): WorkerRunResult[] =>
        r.type === 'result' ? [r.result] : [],
      );
      return summarize(results, clientCount, request.durationMs);
    },
    async sync(senders, maxWaitMs) {
      const replies = await Promise.all(
        workers.map((w) => w.request({ type: 'sync', senders, maxWaitMs })),
      );
      return replies.every((reply) => reply.type === 'synced' && reply.ok);
    },
    async close() {
      await Promise.all(workers.map((w) => w.request({ type: 'close' }).catch(() => undefined)));
      // A worker exits when its IPC channel closes (and writes its profile when profiling).
      for (const worker of workers) if (worker.child.connected) worker.child.disconnect();
      await Promise.all(workers.map((w) => awaitExit(w.child, 5000)));
    },
  };
}
