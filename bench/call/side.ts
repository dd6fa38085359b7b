/**
 * One side of the benchmark call, the same code in the parent (caller) and
 * in the worker process (callee): a CallMediaPort whose sources and audio
 * sink are the measuring instruments, plus a render meter doing what the
 * call pane does with each received frame. `measure` keeps counts for a
 * window after a warm-up and reports this process's CPU use in it.
 */
import type {
  CallMediaHandle,
  CallMediaPort,
  CallStats,
} from '../../src/client/core/call-media-port.js';
import { createCallMediaPort } from '../../src/media/call-media.js';
import { DEFAULT_MEDIA_OPTIONS } from '../../src/media/media-options.js';
import type { RenderMode } from '../../src/media/render/render-types.js';
import {
  createClickMeterSink,
  createClickSource,
  createRenderMeter,
  createStampedPatternSource,
  epochMs,
} from './instruments.js';

export interface SideReport {
  seconds: number;
  framesIn: number;
  fpsIn: number;
  framesOut: number;
  cpuPercent: number;
  arrivalMs: number[];
  displayMs: number[];
  renderMs: number[];
  painted: number;
  renderDropped: number;
  /** Epoch times of the clicks this side sent, and of the clicks it heard. */
  clicksSent: number[];
  clicksHeard: number[];
  /** Epoch times the clicks reached the audio sink, decoded, before the jitter buffer. */
  clicksArrived: number[];
  /** The link's audio codec and the audio bytes it put on the wire (frame headers included), from the 1 s stats. */
  audioCodec?: string | undefined;
  audioKbitOut: number;
}

export interface BenchSide {
  port: CallMediaPort;
  measure(handle: CallMediaHandle, warmupSeconds: number, seconds: number): Promise<SideReport>;
}

export function createBenchSide(
  name: string,
  fps: number,
  mode: RenderMode,
  /** Off for the plain baseline of the encryption comparison (docs/media.md "Encrypted calls"). */
  announceTls = true,
  /** Off for the PCM baseline of the codec comparison (docs/media.md "Audio codec"). */
  opus = true,
): BenchSide {
  const clicksSent: number[] = [];
  const clicksHeard: number[] = [];
  const clicksArrived: number[] = [];
  const port = createCallMediaPort({
    media: { ...DEFAULT_MEDIA_OPTIONS, audioOut: { kind: 'none' } },
    localName: () => name,
    listenHost: '127.0.0.1',
    announceTls,
    opus,
    createAudioSource: () => createClickSource(clicksSent),
    createVideoSource: () => createStampedPatternSource(fps),
    createAudioSink: createClickMeterSink(clicksHeard, clicksArrived),
  });
  return {
    port,
    async measure(handle, warmupSeconds, seconds) {
      const meter = createRenderMeter(mode);
      let counting = false;
      let framesIn = 0;
      let framesOut = 0;
      const audioStats: CallStats[] = [];
      handle.on('stats', (s) => {
        if (counting) audioStats.push(s);
      });
      handle.on('remoteFrame', (jpeg) => {
        if (!counting) return;
        framesIn += 1;
        meter.offer(jpeg);
      });
      handle.on('localFrame', () => {
        if (counting) framesOut += 1;
      });
      await sleep(warmupSeconds * 1000);
      const windowStart = epochMs();
      const cpuStart = process.cpuUsage();
      const wallStart = performance.now();
      counting = true;
      await sleep(seconds * 1000);
      counting = false;
      const wall = (performance.now() - wallStart) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const windowEnd = epochMs();
      meter.stop();
      const inWindow = (t: number) => t >= windowStart && t <= windowEnd;
      return {
        seconds: wall,
        framesIn,
        fpsIn: framesIn / wall,
        framesOut,
        cpuPercent: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
        arrivalMs: meter.arrivalMs,
        displayMs: meter.displayMs,
        renderMs: meter.renderMs,
        painted: meter.painted,
        renderDropped: meter.dropped,
        clicksSent: clicksSent.filter(inWindow),
        clicksHeard: clicksHeard.filter(inWindow),
        clicksArrived: clicksArrived.filter(inWindow),
        audioCodec: audioStats.at(-1)?.audioCodec,
        audioKbitOut: mean(audioStats.map((s) => s.audioKbitPerSecondOut ?? 0)),
      };
    },
  };
}

/** One-way audio latencies: each click heard, against the latest click sent before it. */
export function clickLatencies(sent: number[], heard: number[], maxMs = 400): number[] {
  const latencies: number[] = [];
  for (const h of heard) {
    const source = sent.filter((s) => s <= h).at(-1);
    if (source !== undefined && h - source <= maxMs) latencies.push(h - source);
  }
  return latencies;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function mean(values: number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
