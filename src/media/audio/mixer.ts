/**
 * The audio mix of a call (docs/media.md "Group calls"): each peer's PCM
 * goes into its own jitter buffer; every tick reads the same stretch from
 * each, sums it and passes the sum through a soft clip, so one player plays
 * the whole call and two loud talkers never wrap around or hard-clip. Also
 * measures each stream's level for the "who is talking" marks. Pure: the
 * clock that calls `mix` lives in mixed-playback.ts.
 */
import { createJitterBuffer, type JitterBuffer } from './jitter-buffer.js';

export interface MixerOptions {
  /** Bytes of audio per millisecond (rate × channels × 2 / 1000). */
  bytesPerMs: number;
  /** Bytes of one sample frame (channels × 2). */
  blockAlign: number;
  maxMs?: number;
  targetMs?: number;
}

export interface MixResult {
  /** The mixed s16le PCM, exactly the bytes asked for (silence when nothing plays). */
  pcm: Buffer;
  /** Peak level of each stream's part of this stretch, 0–1, by stream id. */
  levels: Map<string, number>;
}

export interface Mixer {
  /** Audio of one stream (a peer); the stream is added on its first push. */
  push(id: string, pcm: Buffer): void;
  remove(id: string): void;
  readonly streams: readonly string[];
  mix(bytes: number): MixResult;
}

/** Below this (of full scale) the mix passes unchanged; above, it bends smoothly towards 1. */
export const SOFT_CLIP_KNEE = 0.6;

/**
 * Soft clip of one sample (-∞…∞ of full scale → -1…1): linear up to the
 * knee, then a tanh curve that meets it with the same slope, so quiet and
 * normal speech is untouched and only a loud sum is compressed.
 */
export function softClip(x: number): number {
  const magnitude = Math.abs(x);
  if (magnitude <= SOFT_CLIP_KNEE) return x;
  const room = 1 - SOFT_CLIP_KNEE;
  const bent = SOFT_CLIP_KNEE + room * Math.tanh((magnitude - SOFT_CLIP_KNEE) / room);
  return Math.sign(x) * bent;
}

export function createMixer(options: MixerOptions): Mixer {
  const buffers = new Map<string, JitterBuffer>();

  function bufferOf(id: string): JitterBuffer {
    let buffer = buffers.get(id);
    if (buffer === undefined) {
      buffer = createJitterBuffer(options);
      buffers.set(id, buffer);
    }
    return buffer;
  }

  return {
    get streams() {
      return [...buffers.keys()];
    },
    push(id, pcm) {
      bufferOf(id).push(pcm);
    },
    remove(id) {
      buffers.delete(id);
    },
    mix(bytes) {
      const count = bytes >> 1;
      const sum = new Float64Array(count);
      const levels = new Map<string, number>();
      for (const [id, buffer] of buffers) {
        const part = buffer.read(bytes);
        let peak = 0;
        for (let i = 0; i < count; i++) {
          const sample = part.readInt16LE(i * 2) / 32_768;
          sum[i]! += sample;
          const magnitude = Math.abs(sample);
          if (magnitude > peak) peak = magnitude;
        }
        levels.set(id, peak);
      }
      const pcm = Buffer.alloc(bytes);
      for (let i = 0; i < count; i++) {
        const value = Math.round(softClip(sum[i]!) * 32_767);
        pcm.writeInt16LE(Math.max(-32_768, Math.min(32_767, value)), i * 2);
      }
      return { pcm, levels };
    },
  };
}
