/**
 * Measuring instruments for the call benchmark: sources that mark what they
 * send with the time it was captured, and sinks that note when it comes out.
 * Both ends read the same wall clock (`epochMs`), so the two processes of a
 * loopback call can compare times.
 *
 * - Video: the pattern, with its capture time in a JPEG COM segment.
 * - Audio: a quiet 440 Hz tone with a loud 5 ms click every 500 ms; the
 *   sink finds the clicks in what the clocked playback writes to the player.
 */
import { Writable } from 'node:stream';
import sharp from 'sharp';
import { createClockedPlayback } from '../../src/media/sinks/clocked-playback.js';
import { createClockedPcmSource } from '../../src/media/sources/clocked-pcm.js';
import { drawPattern } from '../../src/media/sources/video-pattern.js';
import { createNewestWins } from '../../src/media/newest-wins.js';
import { renderJpegFrame } from '../../src/media/render/frame-renderer.js';
import { buildPaintSequence } from '../../src/media/render/direct-painter.js';
import type { AudioSinkResult, AudioSource, VideoSource } from '../../src/media/media-types.js';
import type { AudioFormat } from '../../src/protocol/media-handshake.js';
import type { RenderMode } from '../../src/media/render/render-types.js';

/**
 * Milliseconds on the wall clock, read afresh every time. Not
 * `performance.timeOrigin + performance.now()`: each process fixes its time
 * origin once, and on this VM two processes' origins were seen 3.5 s apart,
 * which turned latencies negative on one side. 1 ms resolution is plenty
 * for means and percentiles over hundreds of samples.
 */
export function epochMs(): number {
  return Date.now();
}

const COM_TAG = 'tchat-bench-t=';

/** Puts `t` (epoch ms) in a COM segment right after the SOI marker. */
export function stampJpeg(jpeg: Buffer, t: number): Buffer {
  const text = Buffer.from(`${COM_TAG}${t.toFixed(3)}`);
  const segment = Buffer.alloc(4 + text.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(text.length + 2, 2);
  text.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

export function readJpegStamp(jpeg: Buffer): number | undefined {
  if (jpeg[2] !== 0xff || jpeg[3] !== 0xfe) return undefined;
  const length = jpeg.readUInt16BE(4);
  const text = jpeg.subarray(6, 4 + length).toString('latin1');
  return text.startsWith(COM_TAG) ? Number(text.slice(COM_TAG.length)) : undefined;
}

/** The moving test pattern at `fps`, each frame stamped with when it was captured. */
export function createStampedPatternSource(fps: number, width = 320, height = 240): VideoSource {
  let timer: NodeJS.Timeout | undefined;
  return {
    label: `stamped pattern ${width}×${height} at ${fps} fps`,
    probe: () => Promise.resolve({ ok: true }),
    start(handlers) {
      const startMs = performance.now();
      const intervalMs = 1000 / fps;
      let n = 0;
      let busy = false;
      const tick = () => {
        const due = Math.floor((performance.now() - startMs) / intervalMs);
        if (due >= n && !busy) {
          busy = true;
          const captured = epochMs();
          void sharp(drawPattern(width, height, due), { raw: { width, height, channels: 3 } })
            .jpeg({ quality: 70 })
            .toBuffer()
            .then((jpeg) => {
              if (timer) handlers.data(stampJpeg(jpeg, captured));
            })
            .finally(() => (busy = false));
        }
        if (due >= n) n = due + 1;
        timer = setTimeout(tick, Math.max(1, startMs + n * intervalMs - performance.now()));
      };
      timer = setTimeout(tick, 0);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

export const CLICK_EVERY_MS = 500;
const RATE = 16_000;
const CLICK_SAMPLES = 80; // 5 ms

/** Tone at 0.1 plus a click at 0.9 every 500 ms; `clicks` gets each click's capture time. */
export function createClickSource(clicks: number[]): AudioSource {
  const every = (CLICK_EVERY_MS * RATE) / 1000;
  return createClockedPcmSource({
    label: 'tone + clicks',
    generate(start, count) {
      const now = epochMs();
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) {
        const n = start + i;
        const inClick = n % every < CLICK_SAMPLES;
        out[i] = inClick ? 29_000 : Math.round(3277 * Math.sin((2 * Math.PI * 440 * n) / RATE));
        // The chunk ends now; its sample i was captured (count - i) samples ago.
        if (n % every === 0) clicks.push(now - ((count - i) * 1000) / RATE);
      }
      return out;
    },
  });
}

/**
 * The speaker sink's clocked playback writing into a meter instead of a
 * player: each click is timed when its chunk is handed to the player.
 */
export function createClickMeterSink(
  heard: number[],
  /** When each click reached the sink (decoded, before the jitter buffer): the link and codec alone. */
  arrived?: number[],
): (format: AudioFormat) => Promise<AudioSinkResult> {
  return (format) => {
    let lastMs = 0;
    let lastArrivedMs = 0;
    const noteArrival = (pcm: Buffer) => {
      const now = epochMs();
      for (let i = 0; i + 1 < pcm.length; i += 2) {
        if (Math.abs(pcm.readInt16LE(i)) <= 20_000) continue;
        if (now - lastArrivedMs > CLICK_EVERY_MS / 2) arrived?.push(now);
        lastArrivedMs = now;
      }
    };
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const writtenMs = epochMs();
        for (let i = 0; i + 1 < chunk.length; i += 2) {
          if (Math.abs(chunk.readInt16LE(i)) > 20_000) {
            const at = writtenMs + (i / 2 / format.rate) * 1000;
            if (at - lastMs > CLICK_EVERY_MS / 2) heard.push(at);
            lastMs = at;
          }
        }
        done();
      },
    });
    const playback = createClockedPlayback(output, format);
    return Promise.resolve({
      sink: {
        label: 'click meter',
        write: (pcm: Buffer) => {
          if (arrived) noteArrival(pcm);
          playback.push(pcm);
        },
        close: () => {
          playback.stop();
          return Promise.resolve();
        },
      },
    });
  };
}

export interface RenderMeter {
  offer(jpeg: Buffer): void;
  readonly arrivalMs: number[];
  readonly displayMs: number[];
  readonly renderMs: number[];
  readonly painted: number;
  readonly paintedBytes: number;
  readonly dropped: number;
  stop(): void;
}

/** What a call pane does with each remote frame: newest wins, render, build the paint. */
export function createRenderMeter(mode: RenderMode, cols = 120, rows = 40): RenderMeter {
  const arrivalMs: number[] = [];
  const displayMs: number[] = [];
  const renderMs: number[] = [];
  let painted = 0;
  let paintedBytes = 0;
  const worker = createNewestWins<{ jpeg: Buffer; stamp: number | undefined }>(
    async ({ jpeg, stamp }) => {
      const started = performance.now();
      const frame = await renderJpegFrame(jpeg, { mode, maxCols: cols, maxRows: rows });
      paintedBytes += buildPaintSequence(
        { row: 0, col: 0, width: cols, height: rows },
        frame,
      ).length;
      renderMs.push(performance.now() - started);
      painted += 1;
      if (stamp !== undefined) displayMs.push(epochMs() - stamp);
    },
  );
  return {
    arrivalMs,
    displayMs,
    renderMs,
    get painted() {
      return painted;
    },
    get paintedBytes() {
      return paintedBytes;
    },
    get dropped() {
      return worker.dropped;
    },
    offer(jpeg) {
      const stamp = readJpegStamp(jpeg);
      if (stamp !== undefined) arrivalMs.push(epochMs() - stamp);
      worker.offer({ jpeg, stamp });
    },
    stop: () => worker.stop(),
  };
}

export function stats(values: number[]): {
  mean: number;
  p50: number;
  p95: number;
  max: number;
  n: number;
} {
  if (values.length === 0) return { mean: NaN, p50: NaN, p95: NaN, max: NaN, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted.at(-1)!,
    n: values.length,
  };
}
