/**
 * Drives the call's mixer by the clock (docs/media.md "Group calls"): every
 * 20 ms of monotonic time one 20 ms stretch of the mix goes to the one audio
 * sink, as clocked-playback.ts does for a single stream; after a stall it
 * skips ahead instead of bursting. Each stream's level is kept with a short
 * hold, for the "talking" marks.
 */
import type { AudioFormat } from '../../protocol/media-handshake.js';
import type { AudioSink } from '../media-types.js';
import { createMixer, type Mixer } from './mixer.js';

export const MIX_CHUNK_MS = 20;
/** More than this behind schedule: skip ahead rather than write a burst. */
const MAX_CATCH_UP_CHUNKS = 5;
/** A stream whose peak is above this is someone talking (a tone at 0.3 is far above). */
export const TALKING_LEVEL = 0.02;
/** How long "talking" lasts after the level fell, so the mark does not flicker between words. */
const TALKING_HOLD_MS = 400;

export interface StreamLevel {
  id: string;
  /** Peak level over the last tick, 0–1. */
  level: number;
  talking: boolean;
}

export interface MixedPlayback {
  push(id: string, pcm: Buffer): void;
  remove(id: string): void;
  /** The sink to write the mix to; until then the mix is read and dropped (the clock goes on). */
  attachSink(sink: AudioSink): void;
  levels(): StreamLevel[];
  readonly mixer: Mixer;
  /** Stops the clock and closes the sink. */
  close(): Promise<void>;
}

export function createMixedPlayback(
  format: AudioFormat,
  now: () => number = () => performance.now(),
): MixedPlayback {
  const blockAlign = format.channels * 2;
  const bytesPerMs = (format.rate * blockAlign) / 1000;
  const chunkBytes = Math.round(bytesPerMs * MIX_CHUNK_MS);
  const mixer = createMixer({ bytesPerMs, blockAlign });
  const lastLevel = new Map<string, number>();
  const lastLoudAt = new Map<string, number>();
  let sink: AudioSink | undefined;
  let stopped = false;
  const startMs = now();
  let written = 0;

  function tick(): void {
    if (stopped) return;
    const due = Math.floor((now() - startMs) / MIX_CHUNK_MS) + 1;
    if (due - written > MAX_CATCH_UP_CHUNKS) written = due - 1;
    while (written < due) {
      const { pcm, levels } = mixer.mix(chunkBytes);
      for (const [id, level] of levels) {
        lastLevel.set(id, level);
        if (level >= TALKING_LEVEL) lastLoudAt.set(id, now());
      }
      sink?.write(pcm);
      written += 1;
    }
    timer = setTimeout(tick, Math.max(1, startMs + written * MIX_CHUNK_MS - now()));
  }
  let timer = setTimeout(tick, 0);

  return {
    mixer,
    push(id, pcm) {
      if (!stopped) mixer.push(id, pcm);
    },
    remove(id) {
      mixer.remove(id);
      lastLevel.delete(id);
      lastLoudAt.delete(id);
    },
    attachSink(next) {
      if (stopped) {
        void next.close().catch(() => {});
        return;
      }
      sink = next;
    },
    levels() {
      const at = now();
      return mixer.streams.map((id) => ({
        id,
        level: lastLevel.get(id) ?? 0,
        talking: at - (lastLoudAt.get(id) ?? -Infinity) <= TALKING_HOLD_MS,
      }));
    },
    async close() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      const old = sink;
      sink = undefined;
      await old?.close();
    },
  };
}
