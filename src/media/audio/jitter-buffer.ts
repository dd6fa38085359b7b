/**
 * The receive-side audio queue (docs/media.md "Latency over completeness"): never more than `maxMs`
 * queued; when it overflows, the oldest audio is dropped down to `targetMs`
 * to catch up; after running dry it waits for `targetMs` again before
 * playing, so a late burst does not turn into a crackle. `read` always
 * returns exactly the bytes asked for (silence when not playing), so the
 * player is fed at a steady rate by the clock. Pure.
 */

export interface JitterBufferOptions {
  /** Bytes of audio per millisecond (rate × channels × 2 / 1000). */
  bytesPerMs: number;
  /** Bytes of one sample frame (channels × 2); drops keep this alignment. */
  blockAlign: number;
  /** Hard ceiling of queued audio. */
  maxMs?: number;
  /** What is queued before playing starts, and what is left after a catch-up drop. */
  targetMs?: number;
}

export interface JitterBufferStats {
  droppedBytes: number;
  underruns: number;
}

export interface JitterBuffer {
  push(chunk: Buffer): void;
  read(bytes: number): Buffer;
  readonly queuedBytes: number;
  readonly queuedMs: number;
  readonly playing: boolean;
  readonly stats: Readonly<JitterBufferStats>;
}

export const DEFAULT_JITTER_MAX_MS = 200;
export const DEFAULT_JITTER_TARGET_MS = 40;

export function createJitterBuffer(options: JitterBufferOptions): JitterBuffer {
  const { bytesPerMs, blockAlign } = options;
  const align = (bytes: number) => bytes - (bytes % blockAlign);
  const maxBytes = align(Math.floor((options.maxMs ?? DEFAULT_JITTER_MAX_MS) * bytesPerMs));
  const targetBytes = align(
    Math.floor((options.targetMs ?? DEFAULT_JITTER_TARGET_MS) * bytesPerMs),
  );
  const chunks: Buffer[] = [];
  let head = 0; // bytes already consumed from chunks[0]
  let queued = 0;
  let playing = false;
  const stats: JitterBufferStats = { droppedBytes: 0, underruns: 0 };

  function discard(bytes: number): void {
    let left = bytes;
    while (left > 0 && chunks.length > 0) {
      const first = chunks[0]!;
      const available = first.length - head;
      if (available <= left) {
        chunks.shift();
        head = 0;
        left -= available;
      } else {
        head += left;
        left = 0;
      }
    }
    queued -= bytes - left;
  }

  return {
    get queuedBytes() {
      return queued;
    },
    get queuedMs() {
      return queued / bytesPerMs;
    },
    get playing() {
      return playing;
    },
    stats,
    push(chunk) {
      if (chunk.length === 0) return;
      chunks.push(chunk);
      queued += chunk.length;
      if (queued > maxBytes) {
        const drop = align(queued - targetBytes);
        discard(drop);
        stats.droppedBytes += drop;
      }
      if (!playing && queued >= targetBytes) playing = true;
    },
    read(bytes) {
      const out = Buffer.alloc(bytes); // zero-filled: silence
      if (!playing) return out;
      let filled = 0;
      while (filled < bytes && chunks.length > 0) {
        const first = chunks[0]!;
        const take = Math.min(bytes - filled, first.length - head);
        first.copy(out, filled, head, head + take);
        filled += take;
        head += take;
        if (head === first.length) {
          chunks.shift();
          head = 0;
        }
      }
      queued -= filled;
      if (filled < bytes) {
        stats.underruns += 1;
        playing = false;
      }
      return out;
    },
  };
}
