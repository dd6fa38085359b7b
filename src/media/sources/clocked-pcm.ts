/**
 * An audio source paced by the clock: every 20 ms it emits the samples that
 * are due since it started (by the monotonic clock, so timer lateness does
 * not drift), produced by `generate`. After a stall of more than 200 ms it
 * skips ahead instead of sending a burst, like a real device would drop.
 */
import { DEFAULT_AUDIO_FORMAT } from '../../protocol/media-handshake.js';
import type { AudioSource, SourceHandlers, SourceProbe } from '../media-types.js';
import { fromSamples } from '../audio/pcm.js';

export const SOURCE_CHUNK_MS = 20;
const MAX_BURST_MS = 200;

export interface ClockedPcmOptions {
  label: string;
  /** Samples [startSample, startSample + count) of the stream (16 kHz mono). */
  generate(startSample: number, count: number): Int16Array;
  probe?: () => Promise<SourceProbe>;
}

export function createClockedPcmSource(options: ClockedPcmOptions): AudioSource {
  const rate = DEFAULT_AUDIO_FORMAT.rate;
  let timer: NodeJS.Timeout | undefined;
  return {
    label: options.label,
    format: DEFAULT_AUDIO_FORMAT,
    probe: options.probe ?? (() => Promise.resolve({ ok: true })),
    start(handlers: SourceHandlers) {
      if (timer) return;
      const startMs = performance.now();
      let produced = 0;
      const tick = () => {
        const elapsedMs = performance.now() - startMs;
        let due = Math.floor((elapsedMs * rate) / 1000);
        if (due - produced > (MAX_BURST_MS * rate) / 1000)
          produced = due - (SOURCE_CHUNK_MS * rate) / 1000;
        due = Math.max(due, produced);
        if (due > produced) {
          handlers.data(fromSamples(options.generate(produced, due - produced)));
          produced = due;
        }
        const nextMs = startMs + ((produced + (SOURCE_CHUNK_MS * rate) / 1000) * 1000) / rate;
        timer = setTimeout(tick, Math.max(1, nextMs - performance.now()));
      };
      timer = setTimeout(tick, SOURCE_CHUNK_MS);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
