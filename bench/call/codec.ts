/**
 * Opus against raw PCM on the same 1:1 call (docs/media.md "Audio codec"):
 * audio-only calls between two processes on loopback, encrypted as between
 * two tchat clients, alternating Opus and PCM so drifting load hits both
 * alike. Per link: audio bytes per second on the wire (the §2 frames:
 * header and payload), everything the link carried (TLS records and
 * keepalives too), mouth-to-ear latency (a click's capture → the 20 ms
 * chunk holding it handed to the player by the clock; the player's device
 * buffer comes on top), and CPU per process.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RenderMode } from '../../src/media/render/render-types.js';
import { stats } from './instruments.js';
import { clickLatencies, createBenchSide, type SideReport } from './side.js';

export const CODEC_HEADING = '## Audio codec: Opus vs PCM';
const WORKER = fileURLToPath(new URL('./peer-worker.ts', import.meta.url));
const MODE: RenderMode = 'truecolor';

interface AudioRun {
  opus: boolean;
  caller: SideReport;
  callee: SideReport;
}

export interface CodecRuns {
  seconds: number;
  opus: AudioRun[];
  pcm: AudioRun[];
}

/** One encrypted audio-only call, the callee in a forked process. */
async function runAudioCall(opus: boolean, warmup: number, seconds: number): Promise<AudioRun> {
  const side = createBenchSide('bench-caller', 1, MODE, true, opus);
  const { fingerprintCommitment: commitment } = await side.port.offer!();
  const config = { fps: 1, warmup, seconds, mode: MODE, commitment, opus, media: ['audio'] };
  const child = fork(WORKER, [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  type Message = { type: string; port?: number; token?: string; fingerprint?: string };
  const messages: (Message & { report?: SideReport })[] = [];
  child.on('message', (m) => messages.push(m as Message));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    const listening = await waitFor(() => messages.find((m) => m.type === 'listening'));
    const handle = side.port.connect({
      callId: 'bench',
      peerName: 'bench-callee',
      media: ['audio'],
      host: '127.0.0.1',
      port: listening.port!,
      token: listening.token!,
      ...(listening.fingerprint !== undefined && { fingerprint: listening.fingerprint }),
    });
    await new Promise<void>((resolve, reject) => {
      handle.on('connected', () => resolve());
      handle.on('ended', (reason) => reject(new Error(`call ended: ${reason}`)));
    });
    const caller = await side.measure(handle, warmup, seconds);
    const callee = (await waitFor(() => messages.find((m) => m.type === 'report'))).report!;
    handle.close('benchmark done');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    return { opus, caller, callee };
  } finally {
    child.kill('SIGKILL');
  }
}

async function waitFor<T>(check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('benchmark worker did not answer');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Opus and PCM calls, alternating, `rounds` of each. */
export async function compareCodecs(seconds: number, rounds = 2): Promise<CodecRuns> {
  const runs: CodecRuns = { seconds, opus: [], pcm: [] };
  for (let i = 0; i < rounds; i += 1) {
    console.log(`audio call, PCM (${seconds} s)…`);
    runs.pcm.push(await runAudioCall(false, 1, seconds));
    console.log(`audio call, Opus (${seconds} s)…`);
    runs.opus.push(await runAudioCall(true, 1, seconds));
  }
  return runs;
}

export interface Summary {
  codec: string;
  audioKbit: number;
  latency: ReturnType<typeof stats>;
  arrival: ReturnType<typeof stats>;
  cpu: number;
}

export function summarize(runs: AudioRun[]): Summary {
  const sides = runs.flatMap((r) => [r.caller, r.callee]);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    codec: [...new Set(sides.map((s) => s.audioCodec ?? '?'))].join('/'),
    audioKbit: mean(sides.map((s) => s.audioKbitOut)),
    latency: stats(
      runs.flatMap((r) => [
        ...clickLatencies(r.caller.clicksSent, r.callee.clicksHeard),
        ...clickLatencies(r.callee.clicksSent, r.caller.clicksHeard),
      ]),
    ),
    arrival: stats(
      runs.flatMap((r) => [
        ...clickLatencies(r.caller.clicksSent, r.callee.clicksArrived),
        ...clickLatencies(r.callee.clicksSent, r.caller.clicksArrived),
      ]),
    ),
    cpu: mean(sides.map((s) => s.cpuPercent)),
  };
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

export function codecSection(runs: CodecRuns): string[] {
  const pcm = summarize(runs.pcm);
  const opus = summarize(runs.opus);
  const row = (name: string, s: Summary, base: Summary) =>
    `| ${name} (${s.codec}) | ${f1(s.audioKbit)} | ${f2(s.audioKbit / base.audioKbit)} | ${f1(s.arrival.mean)} / ${f1(s.arrival.p95)} | ${f1(s.latency.mean)} / ${f1(s.latency.p95)} (${s.latency.n} clicks) | ${f1(s.cpu)} |`;
  const cpu = os.cpus();
  return [
    CODEC_HEADING,
    '',
    'Command: `npm run bench:call -- --codec` (also part of the full run; bench/call/codec.ts). A 1:1',
    'audio-only call between two processes on loopback, encrypted as between two tchat clients, with the',
    'clicking tone both ways (a quiet 440 Hz tone, a 5 ms click every 500 ms), PCM and Opus alternating',
    `${runs.opus.length} times, ${runs.seconds} s each after 1 s of warm-up; means over both directions of`,
    'every run. Audio kbit/s per link and direction is the §2 audio frames on the wire (12-byte header and',
    'payload) from the call’s own stats (TLS adds its record overhead, ~22 bytes a frame, below the §2',
    'framing). “Capture → decoded” is the link and the codec alone: a click’s capture to its PCM reaching',
    'the audio sink (source chunking, encode, TCP + TLS, decode). Mouth-to-ear runs on to the 20 ms chunk',
    'holding the click being handed to the player by the clock (jitter buffer target 40 ms); the player’s',
    'device buffer (aplay: ≤ 60 ms) comes on top. The jitter buffer holds whatever level start-up left in',
    'it (it drops only above 200 ms), so that part differs from run to run whatever the codec: compare the',
    'capture → decoded column for the codec’s own cost (Opus adds its 6.5 ms look-ahead and the encode).',
    'CPU is % of one core per process (the whole call, both directions of its codec).',
    `Run ${new Date().toISOString()} on ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version},`,
    `load average ${os.loadavg()[0]!.toFixed(1)} when it ended: the machine was shared with other work.`,
    '',
    '| audio codec | audio kbit/s per link and direction | × PCM | capture → decoded ms (mean / p95) | mouth-to-ear ms (mean / p95) | CPU % per side |',
    '|---|---:|---:|---:|---:|---:|',
    row('baseline: raw PCM', pcm, pcm),
    row('Opus 24 kbit/s, FEC', opus, pcm),
    '',
    `Targets: Opus audio ≤ 40 kbit/s per link — ${f1(opus.audioKbit)}: ${opus.audioKbit <= 40 ? 'met' : '**missed**'};`,
    `mouth-to-ear ≤ 150 ms — Opus p95 ${f1(opus.latency.p95)} ms: ${opus.latency.p95 <= 150 ? 'met' : '**missed**'}.`,
    '',
  ];
}
