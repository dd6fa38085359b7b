/**
 * Feeds a player by the clock (docs/media.md): every 20 ms of wall time one
 * 20 ms chunk leaves the jitter buffer for `output`, silence when there is
 * nothing to play. The schedule follows the monotonic clock, not the timer,
 * so timer lateness does not slow playback down; after a long stall (event
 * loop blocked) it skips ahead instead of bursting. Writing faster than the
 * player plays would only fill the 64 KiB pipe and grow latency silently.
 */
import type { Writable } from 'node:stream';
import type { AudioFormat } from '../../protocol/media-handshake.js';
import { createJitterBuffer, type JitterBuffer } from '../audio/jitter-buffer.js';

export const PLAYBACK_CHUNK_MS = 20;
/** More than this behind schedule: skip ahead rather than write a burst. */
const MAX_CATCH_UP_CHUNKS = 5;

export interface ClockedPlayback {
  push(pcm: Buffer): void;
  readonly buffer: JitterBuffer;
  stop(): void;
}

export function createClockedPlayback(
  output: Writable,
  format: AudioFormat,
  options: { maxMs?: number; targetMs?: number } = {},
): ClockedPlayback {
  const blockAlign = format.channels * 2;
  const bytesPerMs = (format.rate * blockAlign) / 1000;
  const chunkBytes = Math.round(bytesPerMs * PLAYBACK_CHUNK_MS);
  const buffer = createJitterBuffer({ bytesPerMs, blockAlign, ...options });
  const startMs = performance.now();
  let written = 0; // chunks written since start
  let stopped = false;

  function tick(): void {
    if (stopped) return;
    const due = Math.floor((performance.now() - startMs) / PLAYBACK_CHUNK_MS) + 1;
    if (due - written > MAX_CATCH_UP_CHUNKS) written = due - 1;
    while (written < due) {
      // A pipe the player stopped reading: drop rather than queue in memory.
      if (output.writableLength < chunkBytes * 4) output.write(buffer.read(chunkBytes));
      else buffer.read(chunkBytes);
      written += 1;
    }
    const nextAt = startMs + written * PLAYBACK_CHUNK_MS;
    timer = setTimeout(tick, Math.max(1, nextAt - performance.now()));
  }
  let timer = setTimeout(tick, 0);

  return {
    buffer,
    push(pcm) {
      if (!stopped) buffer.push(pcm);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
