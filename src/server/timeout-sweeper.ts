/**
 * One periodic timer for every connection's hello/ping/idle timeouts
 * (docs/protocol-v1.md §1.1, §1.4) instead of a timer per connection that is reset
 * on every line: a line only stores a timestamp, and a sweep a few times per
 * timeout compares. Precision is a tenth of the shortest timeout (at most 1 s).
 */
import type { ServerOptions } from './server-options.js';

export interface Tickable {
  tick(nowMs: number): void;
}

export interface TimeoutSweeper {
  /** Idempotent. */
  start(): void;
  stop(): void;
}

const MIN_INTERVAL_MS = 10;
const MAX_INTERVAL_MS = 1_000;

export function createTimeoutSweeper(
  options: Pick<
    ServerOptions,
    'helloTimeoutMs' | 'pingAfterMs' | 'idleTimeoutMs' | 'textGreetingAfterMs'
  >,
  now: () => number,
  targets: () => Iterable<Tickable>,
): TimeoutSweeper {
  const timeouts = [options.helloTimeoutMs, options.pingAfterMs, options.idleTimeoutMs].filter(
    (ms) => ms > 0,
  );
  // The text-mode greeting is sent by the sweep too, but need not be precise: it never shortens the interval.
  const enabled = options.textGreetingAfterMs > 0 ? [...timeouts, 0] : timeouts;
  const shortest = timeouts.length > 0 ? Math.min(...timeouts) : Number.POSITIVE_INFINITY;
  const intervalMs = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, shortest / 10));
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  return {
    start() {
      if (timer !== undefined || stopped || enabled.length === 0) return;
      timer = setInterval(() => {
        const nowMs = now();
        for (const target of targets()) target.tick(nowMs);
      }, intervalMs);
      // The listening socket keeps the process alive; this timer alone must not.
      timer.unref();
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
    },
  };
}
