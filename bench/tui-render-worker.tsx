/**
 * One side of `npm run bench:tui`, in its own process so CPU and RSS are its
 * own: renders either the real tchat App (a real client core connected to a
 * real server) or a bare Ink app drawing the same 40 lines, into a counting
 * 120×40 TTY, and reports per-frame costs while messages arrive at 50/s.
 * Started with NODE_ENV=production and without CI, as the client runs (docs/benchmarks-tui.md).
 *
 * argv[2]: JSON { mode: 'tchat' | 'baseline', port?, seconds, ratePerSecond }
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { Box, render, Text } from 'ink';
import { useEffect, useState } from 'react';
import { createChatClient } from '../src/client/core/chat-client.js';
import { createNetTransport } from '../src/client/transport/net-transport.js';
import { listToArray } from '../src/client/core/chunked-list.js';
import { tuneClientHeap } from '../src/cli/client-heap.js';
import { runTui } from '../src/client/ui/run-tui.js';
import { createCountingTty, createSilentStdin } from './tui-fake-tty.js';
import { summarize, type Summary } from './tui-stats.js';

export interface WorkerReport {
  mode: 'tchat' | 'baseline';
  frames: number;
  framesPerSecond: number;
  inkOutputMs: Summary;
  cpuMsPerFrame: number;
  bytesPerFrame: number;
  messagesInHistory: number;
  rssMb: number;
  /** JS heap still in use after a full GC: what the client really keeps. */
  liveHeapMb: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as {
  mode: 'tchat' | 'baseline';
  port?: number;
  seconds: number;
  ratePerSecond: number;
};
const send = (message: object): void => {
  process.send?.(message);
};
const COLUMNS = 120;
const ROWS = 40;
const stdout = createCountingTty(COLUMNS, ROWS);
const renderTimes: number[] = [];
let measuring = false;
const options = {
  stdout: stdout as unknown as NodeJS.WriteStream,
  stdin: createSilentStdin(),
  patchConsole: false,
  exitOnCtrlC: false,
  onRender: ({ renderTime }: { renderTime: number }) => {
    if (measuring) renderTimes.push(renderTime);
  },
};

async function measure(messagesInHistory: () => number): Promise<WorkerReport> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  stdout.reset();
  renderTimes.length = 0;
  const profiler = await startProfiler();
  measuring = true;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, config.seconds * 1000));
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  measuring = false;
  await profiler?.();
  const frames = stdout.frames;
  return {
    mode: config.mode,
    frames,
    framesPerSecond: (frames / elapsedMs) * 1000,
    inkOutputMs: summarize(renderTimes),
    cpuMsPerFrame: (used.user + used.system) / 1000 / Math.max(1, frames),
    bytesPerFrame: stdout.bytes / Math.max(1, frames),
    messagesInHistory: messagesInHistory(),
    rssMb: process.memoryUsage().rss / 1024 / 1024,
    liveHeapMb: liveHeapMb(),
  };
}

/**
 * With TUI_BENCH_PROF=<dir>, a CPU profile of the measuring window only (not start-up or the
 * history fill): <dir>/<mode>.cpuprofile, for Chrome DevTools or speedscope, and the last frame
 * written (<dir>/<mode>.frame.txt, JSON-quoted). Returns the stop.
 */
async function startProfiler(): Promise<(() => Promise<void>) | null> {
  const dir = process.env.TUI_BENCH_PROF;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path.join(dir, `${config.mode}.cpuprofile`), JSON.stringify(profile));
    // What a frame looks like on the wire, to see what costs bytes.
    writeFileSync(path.join(dir, `${config.mode}.frame.txt`), JSON.stringify(stdout.lastFrame));
    session.disconnect();
  };
}

function liveHeapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin'];
const line = (i: number): string =>
  `message number ${i}: the quick brown fox jumps over the lazy dog`;

/** The baseline: a bare Ink app with 38 coloured chat lines, a new one 50 times a second. */
function Baseline() {
  const [lines, setLines] = useState<string[]>(() => Array.from({ length: 38 }, (_, i) => line(i)));
  useEffect(() => {
    let i = 38;
    const timer = setInterval(
      () => setLines((old) => [...old.slice(1), line(i++)]),
      1000 / config.ratePerSecond,
    );
    return () => clearInterval(timer);
  }, []);
  return (
    <Box flexDirection="column" height={ROWS - 1}>
      {lines.map((text, i) => (
        <Text key={i} wrap="truncate-end">
          <Text color="gray">12:00:00 </Text>
          <Text color="cyan">{NAMES[i % NAMES.length]!.padStart(12)}</Text>
          <Text color="gray"> │ </Text>
          {text}
        </Text>
      ))}
    </Box>
  );
}

async function main(): Promise<void> {
  if (config.mode === 'baseline') {
    render(<Baseline />, options);
    send({ type: 'report', report: await measure(() => 38) });
    process.exit(0);
  }
  // The heap setting the tchat command makes at start-up (TUI_BENCH_HEAP=default: V8's own).
  if (process.env.TUI_BENCH_HEAP !== 'default') tuneClientHeap();
  const client = createChatClient({
    host: '127.0.0.1',
    port: config.port!,
    name: 'bench-viewer',
    transport: createNetTransport(),
  });
  // The same Ink options the CLI uses.
  runTui({
    client,
    stdout: options.stdout,
    stdin: options.stdin,
    onRender: (renderTime) => options.onRender({ renderTime }),
  });
  client.start();
  const countMessages = (): number =>
    listToArray(client.getState().timeline).filter((e) => e.kind === 'message').length;
  let ready = false;
  client.subscribe(() => {
    if (ready || client.getState().connection.kind !== 'registered') return;
    ready = true;
    send({ type: 'ready' });
  });
  process.on('message', (message: { type: string; expect?: number }) => {
    if (message.type !== 'filled') return;
    const expect = message.expect ?? 0;
    const wait = setInterval(() => {
      if (process.env.TUI_BENCH_DEBUG)
        process.stderr.write(`${countMessages()} ${client.getState().connection.kind}\n`);
      if (countMessages() < expect) return;
      clearInterval(wait);
      send({ type: 'history-loaded', rssMb: process.memoryUsage().rss / 1024 / 1024 });
    }, 50);
  });
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'measure') return;
    void measure(countMessages).then((report) => {
      send({ type: 'report', report });
      client.close();
      process.exit(0);
    });
  });
}

void main();
