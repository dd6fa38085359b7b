/**
 * `node --import tsx bench/server/cpu-per-delivery.ts [DIST...]`: the server's
 * own CPU time per delivered message under scenario (c)'s load shape (every
 * client sending, no rate limit, each message to every client), for one or
 * more builds of tchat, alternating. CPU time per delivery stays meaningful
 * on a machine other programs keep busy, where a throughput search does not
 * (the server then gets a fraction of a core and every step is "over").
 *
 * Each round: N clients register and go quiet, then each sends K `say` lines
 * at once; the round ends when every client has read N·K messages. The
 * server's CPU (utime + stime from /proc) is read just before the burst and
 * after the last delivery. DIST defaults to ./dist; each DIST is a built
 * tree like dist/ (e.g. a copy of an older build), run as `node DIST/cli/main.js server`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const CLIENTS = Number(process.env.CLIENTS ?? 100);
const MESSAGES_EACH = Number(process.env.MESSAGES ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const TICK_US = 1_000_000 / 100; // /proc/PID/stat counts 100 Hz ticks

function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

async function startServer(
  dist: string,
): Promise<{ child: ChildProcess; port: number; logDir: string }> {
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'tchat-cpu-bench-'));
  const child = spawn(
    process.execPath,
    [
      path.join(dist, 'cli/main.js'),
      'server',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--rate',
      '0',
      '--quiet',
      '--log-dir',
      logDir,
      '--max-per-ip',
      String(CLIENTS + 10),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on \S+:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, port, logDir };
}

interface Client {
  socket: net.Socket;
  newlines: number;
}

async function connect(port: number, name: string): Promise<Client> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  const client: Client = { socket, newlines: 0 };
  await new Promise<void>((resolve) => {
    socket.once('data', () => resolve());
    socket.write(`${JSON.stringify({ type: 'hello', name })}\n`);
  });
  socket.on('data', (chunk: Buffer) => {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1))
      client.newlines += 1;
  });
  return client;
}

async function round(dist: string): Promise<number> {
  const { child, port, logDir } = await startServer(dist);
  try {
    const clients: Client[] = [];
    for (let i = 0; i < CLIENTS; i++) clients.push(await connect(port, `c${i}`));
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // presence windows flushed
    for (const client of clients) client.newlines = 0;
    const burst =
      `${JSON.stringify({ type: 'say', text: 'a message of ordinary length, about forty' })}\n`.repeat(
        MESSAGES_EACH,
      );
    const before = cpuUs(child.pid!);
    for (const client of clients) client.socket.write(burst);
    const expected = CLIENTS * MESSAGES_EACH;
    while (clients.some((client) => client.newlines < expected)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const after = cpuUs(child.pid!);
    for (const client of clients) client.socket.destroy();
    return (after - before) / (expected * CLIENTS);
  } finally {
    child.kill('SIGKILL');
    rmSync(logDir, { recursive: true, force: true });
  }
}

const dists = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['dist'];
const results = new Map<string, number[]>(dists.map((dist) => [dist, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const dist of r % 2 === 0 ? dists : [...dists].reverse()) {
    const us = await round(dist);
    results.get(dist)!.push(us);
    console.log(`round ${r + 1} ${dist}: ${(us * 1000).toFixed(1)} ns of server CPU per delivery`);
  }
}
console.log(
  `\n${CLIENTS} clients × ${MESSAGES_EACH} messages each, each to all ${CLIENTS}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const [dist, values] of results) {
  const sorted = [...values].sort((a, b) => a - b);
  console.log(
    `${dist}: median ${(sorted[Math.floor(sorted.length / 2)]! * 1000).toFixed(1)} ns/delivery (${sorted.map((v) => (v * 1000).toFixed(1)).join(', ')})`,
  );
}
