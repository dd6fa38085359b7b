/**
 * A call of whole `tchat` clients in real pseudo-terminals (whole-clients.ts),
 * 1:1 or a 4-person mesh: alice types `/call bob carol`, both accept with
 * Alt+A, alice types `/invite dave`, dave accepts, and every member links
 * with every other (docs/media.md, group calls). Pattern video, tone audio,
 * colour look. Measured from outside, so nothing in the clients changes:
 *   - CPU per client (utime + stime from /proc/PID/stat);
 *   - bytes per peer link and direction: the kernel's `bytes_sent` of each
 *     client's TCP sockets that are not its server connection (`ss -tinp`),
 *     so TLS records, §2 headers and keepalives are in;
 *   - audio vs video: a first window with everything on, then every member
 *     turns the camera off (Alt+V) and a second window carries the audio
 *     (and the keepalives) alone; video is the difference.
 * Linux only (/proc, ss from iproute2).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CLOCK_TICKS_PER_SECOND,
  cpuTicks,
  rssMb,
  startPtyClient,
  startServer,
  stop,
  type PtyClient,
} from './whole-clients.js';

export interface MeshLink {
  from: string;
  to: string;
  /** Everything on (pattern video + tone audio). */
  allKbit: number;
  /** Every camera off: the audio alone, with keepalives and TLS framing. */
  audioKbit: number;
}

export interface MeshClient {
  name: string;
  /** % of one core with video and audio on. */
  cpuPercent: number;
  /** % of one core with every camera off. */
  cpuAudioOnlyPercent: number;
  rssMb: number;
}

export interface MeshRun {
  members: number;
  fps: number;
  seconds: number;
  clients: MeshClient[];
  links: MeshLink[];
  loadAverage: number;
}

interface Socket {
  pid: number;
  local: number;
  peer: number;
  bytesSent: number;
}

/** Established TCP sockets on loopback with their owner and bytes sent (`ss -tinpH`). */
function sockets(): Socket[] {
  const out = execFileSync('ss', ['-tinpH', 'state', 'established'], {
    encoding: 'utf8',
    // The machine's other programs may hold thousands of sockets.
    maxBuffer: 256 * 2 ** 20,
  });
  const result: Socket[] = [];
  let last: Omit<Socket, 'bytesSent'> | undefined;
  for (const line of out.split('\n')) {
    const owner = /:(\d+)\s+\S+:(\d+)\s+users:\(\("[^"]*",pid=(\d+)/.exec(line);
    if (owner) {
      last = { local: Number(owner[1]), peer: Number(owner[2]), pid: Number(owner[3]) };
      continue;
    }
    const sent = /bytes_sent:(\d+)/.exec(line);
    if (last && sent) result.push({ ...last, bytesSent: Number(sent[1]) });
    last = undefined;
  }
  return result;
}

/** Each client's peer-link sockets, keyed `from→to`, with bytes sent so far. */
function linkBytes(pids: Map<number, string>, serverPort: number): Map<string, number> {
  const all = sockets().filter((s) => pids.has(s.pid));
  const ownerOfPort = new Map(all.map((s) => [s.local, pids.get(s.pid)!]));
  const links = new Map<string, number>();
  for (const s of all) {
    if (s.peer === serverPort || s.local === serverPort) continue;
    const to = ownerOfPort.get(s.peer);
    if (!to) continue;
    const key = `${pids.get(s.pid)!}→${to}`;
    links.set(key, (links.get(key) ?? 0) + s.bytesSent);
  }
  return links;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Window {
  ticks: number[];
  links: Map<string, number>;
  seconds: number;
}

async function measure(pids: number[], names: Map<number, string>, port: number, s: number) {
  const ticks = pids.map(cpuTicks);
  const links = linkBytes(names, port);
  const started = performance.now();
  await sleep(s * 1000);
  const seconds = (performance.now() - started) / 1000;
  const after = linkBytes(names, port);
  const window: Window = {
    ticks: pids.map((pid, i) => cpuTicks(pid) - ticks[i]!),
    links: new Map([...after].map(([k, v]) => [k, v - (links.get(k) ?? v)])),
    seconds,
  };
  return window;
}

const cpu = (w: Window, i: number) => (w.ticks[i]! / CLOCK_TICKS_PER_SECOND / w.seconds) * 100;
const kbit = (w: Window, key: string) => ((w.links.get(key) ?? NaN) * 8) / 1000 / w.seconds;

export async function runMeshCall(options: {
  members: 2 | 4;
  fps: number;
  warmupSeconds: number;
  seconds: number;
}): Promise<MeshRun> {
  const names = ['alice', 'bob', 'carol', 'dave'].slice(0, options.members);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tchat-bench-mesh-'));
  const server = await startServer(dir);
  const clients: PtyClient[] = [];
  try {
    const media = [
      ...['--audio-source', 'tone', '--video-source', `pattern:${options.fps}`],
      ...['--audio-out', 'none', '--video-out', 'color'],
    ];
    for (const name of names) {
      const args = [
        ...['--port', String(server.port), ...server.trust, '--name', name, '--log-dir', dir],
        ...media,
      ];
      clients.push(startPtyClient(name, args, dir));
    }
    const users = new RegExp(`Users ${options.members}`);
    await Promise.all(clients.map((c) => c.waitFor(users, 30_000)));
    const [alice, ...others] = clients as [PtyClient, ...PtyClient[]];
    const accept = async (c: PtyClient) => {
      await c.waitFor(/Incoming/, 20_000);
      c.type('\u001ba'); // Alt+A accepts from the input line
    };
    alice.type(options.members === 2 ? '/call bob\r' : '/call bob carol\r');
    await Promise.all(others.slice(0, 2).map(accept));
    // A 1:1 status line shows frames arriving; a group's lists the others it is linked with.
    const flowing = /in [1-9]\d* fps/;
    const linkedWith = (others: number) =>
      new RegExp(`group call · [^│]*│ ${Array(others).fill('[a-z]+[^,│]*').join(', ')} │`);
    if (options.members === 4) {
      // dave joins the running call: he links with alice, bob and carol.
      const three = [alice, others[0]!, others[1]!];
      await Promise.all(three.map((c) => c.waitFor(linkedWith(2), 30_000)));
      alice.type('/invite dave\r');
      await accept(others[2]!);
    }
    const ready = options.members === 2 ? flowing : linkedWith(options.members - 1);
    await Promise.all(clients.map((c) => c.waitFor(ready, 30_000)));
    await sleep(options.warmupSeconds * 1000);

    const pids = clients.map((c) => c.pid());
    const byPid = new Map(pids.map((pid, i) => [pid, names[i]!]));
    const expected = options.members * (options.members - 1);
    const all = await measure(pids, byPid, server.port, options.seconds);
    if (all.links.size !== expected) {
      throw new Error(
        `expected ${expected} link directions, found ${[...all.links.keys()].join(', ')}`,
      );
    }
    for (const c of clients) c.type('\u001bv'); // Alt+V: camera off
    await sleep(1500);
    const audio = await measure(pids, byPid, server.port, options.seconds);
    const result: MeshRun = {
      members: options.members,
      fps: options.fps,
      seconds: options.seconds,
      clients: clients.map((c, i) => ({
        name: c.name,
        cpuPercent: cpu(all, i),
        cpuAudioOnlyPercent: cpu(audio, i),
        rssMb: rssMb(pids[i]!),
      })),
      links: [...all.links.keys()].sort().map((key) => {
        const [from, to] = key.split('→') as [string, string];
        return { from, to, allKbit: kbit(all, key), audioKbit: kbit(audio, key) };
      }),
      loadAverage: os.loadavg()[0]!,
    };
    alice.type('\u001bh'); // Alt+H hangs up (the others stay in the call)
    return result;
  } finally {
    // Ctrl+C: the client quits and restores the terminal, and `script` ends with it.
    await Promise.all(clients.map((c) => stop(c.child, () => c.type('\u0003'))));
    await stop(server.child, () => server.child.kill('SIGTERM'));
    rmSync(dir, { recursive: true, force: true });
  }
}
