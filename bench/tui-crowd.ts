/**
 * The crowd scenarios of `npm run bench:tui`: the built `tchat` on a real
 * pty, connected to a real server, while
 *   - a crowd of 10,000 users joins within 5 s: time from the last join
 *     (the last `welcome` the crowd gets) until the users pane's title shows
 *     them all; key echo while they join; RSS;
 *   - a storm of 10,000 events a second (messages, joins and leaves) with
 *     10,000 users online, from a scripted server (tui-storm-worker.ts: no
 *     real server can fan that out to 10,000 users here): key echo during it,
 *     and time from its end until a message sent right after is on screen.
 * A person types a key every 50 ms throughout (tui-pty.ts); each key's time
 * until its echo is on screen is one sample.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from './tui-server.js';
import { startPty, type PtyProgram } from './tui-pty.js';
import { summarize, type Summary } from './tui-stats.js';

const CROWD_WORKER = fileURLToPath(new URL('./tui-crowd-worker.ts', import.meta.url));
const STORM_WORKER = fileURLToPath(new URL('./tui-storm-worker.ts', import.meta.url));
const TYPING_GAP_MS = 50;

export interface CrowdOptions {
  root: string;
  tmp: string;
  /** The client's entry point (bin/tchat.js, or another build's). */
  clientBin: string;
  /** Node arguments for the client, e.g. `--cpu-prof`. */
  clientNodeArgs: string[];
  children: Set<ChildProcess>;
}

export interface JoinResult {
  users: number;
  joinSeconds: number;
  /** How long the crowd really took to join (the server and the crowd share the machine). */
  joinTookMs: number;
  /** From the crowd's last `welcome` until the pane shows every user. */
  listCompleteAfterLastJoinMs: number;
  keys: Summary;
  rssMb: number | null;
}

export interface StormResult {
  rate: number;
  seconds: number;
  crowd: number;
  events: number;
  /** From the storm's end until a message said right after it is on screen. */
  lastShownAfterEndMs: number;
  keys: Summary;
  rssMb: number | null;
}

function startWorker(
  script: string,
  children: Set<ChildProcess>,
): {
  child: ChildProcess;
  next: (type: string) => Promise<Record<string, number>>;
} {
  const child = fork(script, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const next = (type: string): Promise<Record<string, number>> =>
    new Promise((resolve, reject) => {
      const onMessage = (raw: unknown): void => {
        const message = raw as { type: string } & Record<string, number>;
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`crowd worker exited (${code})`)));
    });
  return { child, next };
}

/** The users pane's title with `count` users (with or without a thousands separator). */
const usersTitle = (count: number): RegExp =>
  new RegExp(`Users (${count}|${count.toLocaleString('en')})\\b`);

const SERVER_ARGS = [
  '--rate',
  '0',
  '--max-per-ip',
  '20000',
  '--max-connections',
  '20000',
  // The crowd's sockets are read as fast as the worker can; nobody is dropped as slow.
  '--max-queued-bytes',
  '256MiB',
];

async function startClient(options: CrowdOptions, port: number): Promise<PtyProgram> {
  const tui = startPty(
    [
      process.execPath,
      ...options.clientNodeArgs,
      options.clientBin,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--name',
      'typist',
      // The screen is measured, not TLS; in clear there is no first-contact question to answer.
      '--plaintext',
      '--log-dir',
      options.tmp,
    ],
    options.root,
  );
  await tui.waitFor(/● connected/, 20_000);
  return tui;
}

export async function runJoin(
  options: CrowdOptions,
  users: number,
  joinSeconds: number,
): Promise<JoinResult> {
  const server = await startServer(options.root, options.tmp, SERVER_ARGS, options.children);
  const tui = await startClient(options, server.port);
  const worker = startWorker(CROWD_WORKER, options.children);
  try {
    // The title counts us too.
    const complete = tui.waitFor(usersTitle(users + 1), 300_000);
    const typing = tui.type(TYPING_GAP_MS);
    const startedAtMs = Date.now();
    worker.child.send({
      type: 'join',
      port: server.port,
      count: users,
      seconds: joinSeconds,
      prefix: 'u',
    });
    const { lastWelcomeAtMs } = await worker.next('joined');
    const completeAtMs = await complete;
    const latencies = await typing.stop();
    return {
      users,
      joinSeconds,
      joinTookMs: lastWelcomeAtMs! - startedAtMs,
      listCompleteAfterLastJoinMs: Math.max(0, completeAtMs - lastWelcomeAtMs!),
      keys: summarize(latencies),
      rssMb: await tui.rssMb(),
    };
  } finally {
    worker.child.kill();
    await tui.close();
    await server.stop();
  }
}

export async function runStorm(
  options: CrowdOptions,
  crowd: number,
  rate: number,
  seconds: number,
): Promise<StormResult> {
  const worker = startWorker(STORM_WORKER, options.children);
  const { port } = await worker.next('serving');
  const tui = await startClient(options, port!);
  try {
    worker.child.send({ type: 'crowd', count: crowd });
    await tui.waitFor(usersTitle(crowd + 1), 300_000);
    const typing = tui.type(TYPING_GAP_MS);
    worker.child.send({ type: 'storm', rate, seconds });
    const { events } = await worker.next('stormed');
    // A message said after the storm comes behind all of it: once it is on screen, so is the storm.
    const shown = tui.waitFor(/the storm is over/, 300_000);
    worker.child.send({ type: 'say', text: 'the storm is over' });
    const { atMs: lastAtMs } = await worker.next('said');
    const shownAtMs = await shown;
    const latencies = await typing.stop();
    return {
      rate,
      seconds,
      crowd,
      events: events!,
      lastShownAfterEndMs: Math.max(0, shownAtMs - lastAtMs!),
      keys: summarize(latencies),
      rssMb: await tui.rssMb(),
    };
  } finally {
    worker.child.kill();
    await tui.close();
  }
}
