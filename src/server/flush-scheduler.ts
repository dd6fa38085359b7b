/**
 * When queued output is written (each socket's writes are batched per
 * event-loop turn, docs/architecture.md "server/"). Two queues of writers:
 *
 * - now: flushed once per event-loop turn (`setImmediate`, after every I/O
 *   callback of the turn, so batches are as large as they get);
 * - later: writers that owe only presence events (`joined`/`left`, read
 *   from the shared PresenceLine chain), flushed together once per
 *   presence window. A join costs one write system call per recipient
 *   (~6 µs here), so a burst of k joins into n users would cost k·n writes;
 *   with a window it is n writes per window, whatever k. The window adapts:
 *   at least `minPresenceDelayMs`, and long enough that presence flushes use
 *   at most a fifth of the time. A recipient that gets anything else in the
 *   meantime is flushed in that turn, queue in order, so nothing overtakes.
 */
import { PresenceReader } from './presence-chain.js';
import type { SocketWriter } from './socket-writer.js';

export interface FlushSchedulerOptions {
  /** Shortest presence window. */
  minPresenceDelayMs: number;
  /** Longest presence window, however slow the flush. */
  maxPresenceDelayMs: number;
  /** Clock for measuring a presence flush. */
  clockMs?: () => number;
}

/**
 * Presence flushes may take at most 1/(1+this) of the time: a flush writes
 * to every waiting socket (~6 µs each here), so at 5000 users ~30 ms of
 * writes are followed by a window of ~120 ms.
 */
const PRESENCE_IDLE_FACTOR = 4;

export class FlushScheduler {
  /** Reads presence lines for writers, sharing the result between writers that start alike. */
  readonly presence = new PresenceReader();
  private now: SocketWriter[] = [];
  private later: SocketWriter[] = [];
  private immediate = false;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private presenceDelayMs: number;
  private lastParts: Uint8Array[] | undefined = undefined;
  private lastJoined: Uint8Array | undefined = undefined;
  private readonly clockMs: () => number;

  constructor(private readonly options: FlushSchedulerOptions) {
    this.presenceDelayMs = options.minPresenceDelayMs;
    this.clockMs = options.clockMs ?? performanceNow;
  }

  schedule(writer: SocketWriter): void {
    this.now.push(writer);
    if (!this.immediate) {
      this.immediate = true;
      setImmediate(this.runNow);
    }
  }

  scheduleLater(writer: SocketWriter): void {
    this.later.push(writer);
    if (this.timer === undefined) {
      this.timer = setTimeout(this.runLater, this.presenceDelayMs);
      // Closing sessions flush their own queue; a pending window must not keep the process alive.
      this.timer.unref();
    }
  }

  /**
   * `Buffer.concat(parts)`, shared between writers that queued the very same
   * buffers since the last flush. With broadcast traffic every recipient
   * holds the same list (the hub hands each the same buffer, in the same
   * order), so one copy serves all of them instead of one copy per socket.
   */
  join(parts: Uint8Array[], totalBytes: number): Uint8Array {
    const last = this.lastParts;
    if (last !== undefined && last.length === parts.length && sameItems(last, parts)) {
      return this.lastJoined!;
    }
    const joined = Buffer.concat(parts, totalBytes);
    this.lastParts = parts;
    this.lastJoined = joined;
    return joined;
  }

  private readonly runNow = (): void => {
    this.immediate = false;
    const queue = this.now;
    this.now = [];
    for (const writer of queue) writer.flush();
    this.forgetJoined();
  };

  private readonly runLater = (): void => {
    this.timer = undefined;
    const queue = this.later;
    this.later = [];
    const startMs = this.clockMs();
    for (const writer of queue) writer.flush();
    this.forgetJoined();
    const tookMs = this.clockMs() - startMs;
    const { minPresenceDelayMs, maxPresenceDelayMs } = this.options;
    this.presenceDelayMs = Math.min(
      maxPresenceDelayMs,
      Math.max(minPresenceDelayMs, tookMs * PRESENCE_IDLE_FACTOR),
    );
  };

  private forgetJoined(): void {
    this.lastParts = undefined;
    this.lastJoined = undefined;
    this.presence.forget();
  }
}

function performanceNow(): number {
  return performance.now();
}

function sameItems(a: Uint8Array[], b: Uint8Array[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
