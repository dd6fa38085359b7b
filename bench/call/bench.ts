/**
 * `npm run bench:call` (docs/benchmarks-call.md). On loopback, with the test pattern
 * and a tone carrying timing clicks:
 *   1. render time per frame, 320×240 → 120×40, ascii / 256 / truecolor
 *      (baseline: decode + scale alone);
 *   2. link throughput (baseline: a bare length-prefixed socket);
 *   3. a call between two processes at 30 fps: sustained fps, one-way audio
 *      latency (click in the source → the chunk handed to the player),
 *      video latency (capture stamp → arrival, and → rendered), CPU per side;
 *   4. the same call at 15 fps for the CPU target;
 *   5. a call between two whole `tchat` clients in real terminals (TUI,
 *      server, video painted in the terminal), CPU per process;
 *   6. the terminal looks (half blocks, quadrants, sextants, Braille,
 *      coloured ASCII, ASCII) against chafa on the same frames: time per
 *      frame and fidelity (symbols.ts; needs `apt-get install -y chafa`);
 *   7. the audio codec: Opus against raw PCM on the same 1:1 call, audio
 *      bytes per link and mouth-to-ear latency (codec.ts; `--codec` alone);
 *   8. a 4-person mesh of whole tchat clients against a 1:1 call: CPU per
 *      client, audio and video bytes per link (mesh.ts; `--mesh` alone).
 * Prints the results and writes docs/benchmarks-call.md (`--no-write` skips that).
 * `--looks-only` runs only 6 and replaces only its section of the file.
 */
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import type { RenderMode } from '../../src/media/render/render-types.js';
import { stats } from './instruments.js';
import { runLinkBench, type LinkResult } from './link.js';
import { runRenderBench, type RenderResult } from './render.js';
import { runSymbolBench, symbolTable, type SymbolBench } from './symbols.js';
import { clickLatencies, createBenchSide, type SideReport } from './side.js';
import { CODEC_HEADING, codecSection, compareCodecs } from './codec.js';
import { runWholeClientCall, type WholeClientRun } from './whole-clients.js';
import { MESH_HEADING, meshSection, runMeshBench } from './mesh-section.js';

interface CallRun {
  fps: number;
  caller: SideReport;
  callee: SideReport;
}

const WORKER = fileURLToPath(new URL('./peer-worker.ts', import.meta.url));
const REPORT = fileURLToPath(new URL('../../docs/benchmarks-call.md', import.meta.url));
const MODE: RenderMode = 'truecolor';

async function runCall(
  fps: number,
  warmup: number,
  seconds: number,
  encrypted = true,
): Promise<CallRun> {
  // As two tchat clients call (encrypted), or the plain §2 link for comparison.
  const side = createBenchSide('bench-caller', fps, MODE, encrypted);
  const commitment = encrypted ? (await side.port.offer!()).fingerprintCommitment : undefined;
  const config = { fps, warmup, seconds, mode: MODE, ...(commitment && { commitment }) };
  const child = fork(WORKER, [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: {
    type: string;
    port?: number;
    token?: string;
    fingerprint?: string;
    report?: SideReport;
  }[] = [];
  child.on('message', (m) => messages.push(m as (typeof messages)[number]));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    const listening = await waitFor(() => messages.find((m) => m.type === 'listening'), 30_000);
    const handle = side.port.connect({
      callId: 'bench',
      peerName: 'bench-callee',
      media: ['audio', 'video'],
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
    const callee = (await waitFor(() => messages.find((m) => m.type === 'report'), 30_000)).report!;
    handle.close('benchmark done');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    return { fps, caller, callee };
  } finally {
    child.kill('SIGKILL');
  }
}

async function waitFor<T>(check: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('benchmark worker did not answer');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

function renderTable(results: RenderResult[]): string[] {
  const base = results[0]!;
  const lines = [
    '| 320×240 JPEG → 120×40 cells | mean ms | p50 ms | p95 ms | bytes/frame | × baseline |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.name} | ${f2(r.meanMs)} | ${f2(r.p50Ms)} | ${f2(r.p95Ms)} | ${Math.round(r.bytesPerFrame)} | ${f2(r.meanMs / base.meanMs)} |`,
    );
  }
  return lines;
}

function wholeClientTable(runs: WholeClientRun[], pipelineCpuAt15: number): string[] {
  const lines = [
    '| pattern fps, video out | client | CPU % of a core | × pipeline alone at 15 fps | terminal output kB/s | RSS MB |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const run of runs) {
    for (const side of run.sides) {
      lines.push(
        `| ${run.fps}, ${run.videoOut} | ${side.name} | ${f1(side.cpuPercent)} | ${f2(side.cpuPercent / pipelineCpuAt15)} | ${Math.round(side.terminalKbPerSecond)} | ${Math.round(side.rssMb)} |`,
      );
    }
  }
  return lines;
}

function callTable(run: CallRun): string[] {
  const rows: [string, SideReport, SideReport][] = [
    ['caller → callee', run.caller, run.callee],
    ['callee → caller', run.callee, run.caller],
  ];
  const lines = [
    `| ${run.fps} fps pattern + tone | fps received | audio one-way ms (mean / p95) | video arrival ms (mean / p95) | video rendered ms (mean / p95) | render ms/frame | receiver CPU % of a core |`,
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [label, from, to] of rows) {
    const audio = stats(clickLatencies(from.clicksSent, to.clicksHeard));
    const arrival = stats(to.arrivalMs);
    const shown = stats(to.displayMs);
    lines.push(
      `| ${label} | ${f1(to.fpsIn)} | ${f1(audio.mean)} / ${f1(audio.p95)} (${audio.n} clicks) | ${f1(arrival.mean)} / ${f1(arrival.p95)} | ${f1(shown.mean)} / ${f1(shown.p95)} | ${f2(stats(to.renderMs).mean)} | ${f1(to.cpuPercent)} |`,
    );
  }
  return lines;
}

const LOOKS_HEADING = '## Terminal looks against chafa';

function looksSection(bench: SymbolBench): string[] {
  return [
    LOOKS_HEADING,
    '',
    `The same ${bench.frames} frames (a 320×240 JPEG scene with soft gradients, edges and text, moving) → 120×40`,
    'cells in truecolor, by tchat and by chafa',
    `${bench.chafaVersion ?? '(not installed: `apt-get install -y chafa`)'} with the matching symbol class (\`--symbols vhalf|quad|sextant|braille|ascii\`,`,
    '`--stretch -O 0 --threads 1`). Time is JPEG in → terminal lines out (tchat: sharp decode + scale on the',
    'thread pool, then the cells; chafa: its own process, start-up taken out). Fidelity: every cell drawn back',
    'as pixels (its glyph’s ink in the foreground colour, the rest in the background) on a 2×12 grid per cell',
    'and compared with the source scaled to that grid: mean absolute error per channel, 0–255, lower is',
    'closer (bench/call/symbol-fidelity.ts). Characters count as a blend by how much of the cell they ink',
    '(our ramp’s steps); chafa’s other ASCII characters have no known shape here and count as half ink, so',
    'the colour ascii comparison is rough. tchat keeps 5 bits per colour channel in truecolor (smaller frames),',
    'which by itself is an error of about 2.6 per channel on evenly spread values. Target: ≤ 8 ms per frame for every look.',
    'The looks run one after another in one process, so the one cell fitter sees every grid size; in a call',
    'only one look runs at a time.',
    '',
    ...symbolTable(bench),
    '',
  ];
}

async function formatted(text: string): Promise<string> {
  // Formatted like every other file, so `npm run lint` stays clean.
  const options = (await prettier.resolveConfig(REPORT)) ?? {};
  return prettier.format(text, { ...options, parser: 'markdown' });
}

/** `--looks-only`: runs the looks benchmark and replaces only its section of the report. */
async function looksOnly(write: boolean): Promise<void> {
  console.log('terminal looks against chafa…');
  const bench = await runSymbolBench();
  const cpu = os.cpus();
  const section = [
    ...looksSection(bench),
    `Run ${new Date().toISOString()} with \`npm run bench:call -- --looks-only\` on ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} when it started: the machine was shared, so the times are noisy (the ratios less so).`,
    '',
  ].join('\n');
  console.log(`\n${section}`);
  if (!write) return;
  const report = readFileSync(REPORT, 'utf8');
  const start = report.indexOf(LOOKS_HEADING);
  const next = start < 0 ? -1 : report.indexOf('\n## ', start + LOOKS_HEADING.length);
  const text =
    start < 0
      ? `${report.trimEnd()}\n\n${section}`
      : `${report.slice(0, start)}${section}${next < 0 ? '' : report.slice(next + 1)}`;
  writeFileSync(REPORT, await formatted(text));
  console.log(`written to ${REPORT}`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--encryption')) {
    await runEncryptionComparison(!process.argv.includes('--no-write'));
    return;
  }
  if (process.argv.includes('--codec')) {
    const text = codecSection(await compareCodecs(CODEC_SECONDS)).join('\n');
    await replaceSection(CODEC_HEADING, text, !process.argv.includes('--no-write'));
    return;
  }
  if (process.argv.includes('--mesh')) {
    const text = meshSection(await runMeshBench()).join('\n');
    await replaceSection(MESH_HEADING, text, !process.argv.includes('--no-write'));
    return;
  }
  const write = !process.argv.includes('--no-write');
  if (process.argv.includes('--looks-only')) return looksOnly(write);
  const seconds = 6;
  console.log('render benchmark…');
  const render = await runRenderBench();
  console.log('link throughput…');
  const link: LinkResult = await runLinkBench();
  console.log(`call at 30 fps (${seconds} s after 1 s warm-up)…`);
  const fast = await runCall(30, 1, seconds);
  console.log(`call at 15 fps (${seconds} s after 1 s warm-up)…`);
  const slow = await runCall(15, 1, seconds);
  const whole: WholeClientRun[] = [];
  for (const [fps, videoOut] of [
    [15, 'color'],
    [15, 'ascii'],
    [25, 'color'],
  ] as const) {
    console.log(`two tchat clients in terminals, ${fps} fps, ${videoOut} (${seconds * 2} s)…`);
    whole.push(await runWholeClientCall({ fps, videoOut, warmupSeconds: 2, seconds: seconds * 2 }));
  }
  console.log('terminal looks against chafa…');
  const looks = await runSymbolBench();

  const truecolor = render.find((r) => r.name.startsWith('truecolor'))!;
  const color256 = render.find((r) => r.name.startsWith('256'))!;
  const audioAll = stats([
    ...clickLatencies(fast.caller.clicksSent, fast.callee.clicksHeard),
    ...clickLatencies(fast.callee.clicksSent, fast.caller.clicksHeard),
  ]);
  const videoAll = stats([...fast.callee.displayMs, ...fast.caller.displayMs]);
  const minFps = Math.min(fast.caller.fpsIn, fast.callee.fpsIn);
  const maxCpu15 = Math.max(slow.caller.cpuPercent, slow.callee.cpuPercent);
  const pipelineCpu15 = (slow.caller.cpuPercent + slow.callee.cpuPercent) / 2;
  const wholeColor15 = whole[0]!.sides;
  const maxWhole15 = Math.max(...wholeColor15.map((side) => side.cpuPercent));
  const targets = [
    `| colour render ≤ 8 ms/frame | truecolor ${f2(truecolor.meanMs)} ms, 256 ${f2(color256.meanMs)} ms (mean) | ${verdict(Math.max(truecolor.meanMs, color256.meanMs) <= 8)} |`,
    `| ≥ 25 fps sustained (30 fps pattern) | ${f1(minFps)} fps (slower direction) | ${verdict(minFps >= 25)} |`,
    `| audio one-way ≤ 150 ms | ${f1(audioAll.mean)} ms mean, ${f1(audioAll.p95)} ms p95 | ${verdict(audioAll.p95 <= 150)} |`,
    `| video ≤ 100 ms | ${f1(videoAll.mean)} ms mean, ${f1(videoAll.p95)} ms p95 (capture → rendered) | ${verdict(videoAll.p95 <= 100)} |`,
    `| each side ≤ 50% of a core at 15 fps (media pipeline) | caller ${f1(slow.caller.cpuPercent)}%, callee ${f1(slow.callee.cpuPercent)}% | ${verdict(maxCpu15 <= 50)} |`,
    `| each side ≤ 50% of a core at 15 fps (whole tchat client, colour video in the terminal) | ${wholeColor15.map((side) => `${side.name} ${f1(side.cpuPercent)}%`).join(', ')} | ${verdict(maxWhole15 <= 50)} |`,
  ];
  const cpu = os.cpus();
  const lines = [
    '# Call media benchmark',
    '',
    'Command: `npm run bench:call` (bench/call/bench.ts). Everything on loopback (127.0.0.1).',
    '',
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `${os.platform()} ${os.release()}, Node ${process.version}. Run ${new Date().toISOString()}. ` +
      'The machine is shared with other work, so expect some noise.',
    '',
    '## Targets',
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...targets,
    '',
    '## Render time per frame',
    '',
    'One frame at a time, awaited: decode + scale with sharp (libuv thread pool), cells, and the',
    'escape sequence the direct painter writes. 300 frames of the moving pattern, after 20 warm-up frames.',
    '',
    ...renderTable(render),
    '',
    '## Link throughput',
    '',
    `Pattern JPEGs (${Math.round(link.frameBytes)} bytes on average) offered as fast as possible for 3 s, newest`,
    'wins when the socket is behind. Baseline: the same frames over a bare socket with a 4-byte length prefix,',
    'the same drop policy, and a receiver that only counts bytes (an upper bound for this socket).',
    '',
    '| path | frames/s delivered | × baseline |',
    '|---|---:|---:|',
    `| baseline: bare socket, no parsing | ${Math.round(link.rawFps)} | 1.00 |`,
    `| tchat media link (§2 framing, decoder, JPEG size check) | ${Math.round(link.linkFps)} | ${f2(link.linkFps / link.rawFps)} |`,
    '',
    '## Calls between two processes',
    '',
    'The callee runs in a forked process, the caller in the benchmark process; both send the stamped',
    'pattern (320×240) and a 440 Hz tone with a 5 ms click every 500 ms, and both render every received',
    `frame for a 120×40 ${MODE} pane (newest wins), as the call pane does. Audio latency runs from the`,
    'click’s capture to the 20 ms chunk holding it being handed to the player by the clock (jitter buffer',
    'target 40 ms); the player’s own device buffer (aplay `--buffer-time=60000`: ≤ 60 ms) comes on top.',
    'Video latency runs from the frame’s capture stamp (a JPEG COM segment) to its arrival and to the end of',
    'its render. CPU is `process.cpuUsage()` over the measuring window, per process.',
    '',
    ...callTable(fast),
    '',
    ...callTable(slow),
    '',
    '## Whole tchat clients in real terminals',
    '',
    'Two built `tchat` clients, each in its own pseudo-terminal (`script`, 120×40, TERM=xterm-256color,',
    'COLORTERM=truecolor), against the real server CLI, with `--audio-source tone --video-source pattern:FPS',
    '--audio-out none --video-out ascii|color`. Alice types `/call bob`, bob accepts with Alt+A; once both',
    'status lines show frames arriving and after 2 s of warm-up, each process’s CPU (utime + stime from',
    '`/proc/PID/stat`) and the bytes it writes to its terminal are measured. Everything the user sees is in:',
    'the Ink frames (chat, status line at 1 Hz), the video painted straight to the terminal, audio through the',
    'jitter buffer. The baseline is the media pipeline alone at 15 fps from the table above (mean of both sides).',
    '',
    ...wholeClientTable(whole, pipelineCpu15),
    '',
    ...looksSection(looks),
    ...encryptionSection(await compareEncryption(ENCRYPTION_SECONDS)),
    ...codecSection(await compareCodecs(CODEC_SECONDS)),
    ...meshSection(await runMeshBench()),
  ];
  const text = lines.join('\n');
  console.log(`\n${text}`);
  if (write) {
    writeFileSync(REPORT, await formatted(text));
    console.log(`written to ${REPORT}`);
  }
}

const CODEC_SECONDS = 5;

/** Prints `text` and, with `write`, puts it over the section `heading` of the report (or at its end). */
async function replaceSection(heading: string, text: string, write: boolean): Promise<void> {
  console.log(`\n${text}`);
  if (!write) return;
  const old = readFileSync(REPORT, 'utf8');
  const at = old.indexOf(heading);
  const next = at === -1 ? -1 : old.indexOf('\n## ', at + heading.length);
  const updated =
    at === -1
      ? `${old.trimEnd()}\n\n${text}`
      : `${old.slice(0, at)}${text}${next === -1 ? '' : old.slice(next)}`;
  writeFileSync(REPORT, await formatted(updated));
  console.log(`written to ${REPORT}`);
}

const ENCRYPTION_FPS = 25;
const ENCRYPTION_SECONDS = 5;
const ENCRYPTION_HEADING = '## Encrypted link vs plain';

interface EncryptionRuns {
  plain: CallRun[];
  encrypted: CallRun[];
}

/** Plain and encrypted calls at 25 fps, alternating so drifting load hits both alike. */
async function compareEncryption(seconds: number, rounds = 2): Promise<EncryptionRuns> {
  const runs: EncryptionRuns = { plain: [], encrypted: [] };
  for (let i = 0; i < rounds; i += 1) {
    console.log(`plain call, ${ENCRYPTION_FPS} fps (${seconds} s)…`);
    runs.plain.push(await runCall(ENCRYPTION_FPS, 1, seconds, false));
    console.log(`encrypted call, ${ENCRYPTION_FPS} fps (${seconds} s)…`);
    runs.encrypted.push(await runCall(ENCRYPTION_FPS, 1, seconds, true));
  }
  return runs;
}

function summarize(runs: CallRun[]) {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const audio = stats(
    runs.flatMap((r) => [
      ...clickLatencies(r.caller.clicksSent, r.callee.clicksHeard),
      ...clickLatencies(r.callee.clicksSent, r.caller.clicksHeard),
    ]),
  );
  const arrival = stats(runs.flatMap((r) => [...r.caller.arrivalMs, ...r.callee.arrivalMs]));
  return {
    caller: mean(runs.map((r) => r.caller.cpuPercent)),
    callee: mean(runs.map((r) => r.callee.cpuPercent)),
    fps: mean(runs.map((r) => Math.min(r.caller.fpsIn, r.callee.fpsIn))),
    audio,
    arrival,
  };
}

function encryptionSection(runs: EncryptionRuns): string[] {
  const plain = summarize(runs.plain);
  const secure = summarize(runs.encrypted);
  const extra = Math.max(secure.caller - plain.caller, secure.callee - plain.callee);
  const row = (name: string, s: ReturnType<typeof summarize>) =>
    `| ${name} | ${f1(s.caller)} | ${f1(s.callee)} | ${f1(s.fps)} | ${f1(s.audio.mean)} / ${f1(s.audio.p95)} | ${f1(s.arrival.mean)} / ${f1(s.arrival.p95)} |`;
  return [
    ENCRYPTION_HEADING,
    '',
    `Command: \`npm run bench:call -- --encryption\` (also part of the full run). The same call as above`,
    `(stamped pattern and clicking tone both ways, ${MODE} rendering of every received frame) at`,
    `${ENCRYPTION_FPS} fps, over the plain §2 link and over TLS 1.3 with per-call certificates`,
    `(docs/media.md "Encrypted calls"), alternating plain and encrypted ${runs.plain.length} times,`,
    `${ENCRYPTION_SECONDS} s each after 1 s of warm-up; means over the runs. CPU is % of one core per process.`,
    `Run ${new Date().toISOString()} on ${os.cpus().length} cores shared with other work: short runs,`,
    'expect a few points of noise either way.',
    '',
    '| link | caller CPU % | callee CPU % | fps received (slower side) | audio one-way ms (mean / p95) | video arrival ms (mean / p95) |',
    '|---|---:|---:|---:|---:|---:|',
    row('plain', plain),
    row('TLS 1.3', secure),
    '',
    `Target: encryption costs ≤ +3 points of a core per side at ${ENCRYPTION_FPS} fps — measured +${f1(Math.max(0, extra))} (the larger side): ${verdict(extra <= 3)}.`,
    '',
  ];
}

/** `--encryption`: only this comparison, written over its own section of the report. */
async function runEncryptionComparison(write: boolean): Promise<void> {
  const text = encryptionSection(await compareEncryption(ENCRYPTION_SECONDS)).join('\n');
  console.log(`\n${text}`);
  if (!write) return;
  const old = readFileSync(REPORT, 'utf8');
  const at = old.indexOf(ENCRYPTION_HEADING);
  const next = at === -1 ? -1 : old.indexOf('\n## ', at + ENCRYPTION_HEADING.length);
  const updated =
    at === -1
      ? `${old.trimEnd()}\n\n${text}`
      : `${old.slice(0, at)}${text}${next === -1 ? '' : old.slice(next)}`;
  const options = (await prettier.resolveConfig(REPORT)) ?? {};
  writeFileSync(REPORT, await prettier.format(updated, { ...options, parser: 'markdown' }));
  console.log(`written to ${REPORT}`);
}

await main();
