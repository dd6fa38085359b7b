/**
 * A call between two whole `tchat` clients, as people run them: the built
 * CLI in a real pseudo-terminal each (`script` owns the pty, 120×40),
 * against the real server CLI, with `tone` + `pattern:FPS` and the video
 * painted in the terminal. Alice calls bob with `/call bob`, bob accepts
 * with Alt+A, and once both status lines show frames arriving, each
 * process's CPU (utime + stime from /proc) and its terminal output are
 * measured over a window. Linux only (/proc).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import stripAnsi from 'strip-ansi';

export interface WholeClientSide {
  name: string;
  cpuPercent: number;
  rssMb: number;
  terminalKbPerSecond: number;
}

export interface WholeClientRun {
  fps: number;
  videoOut: string;
  sides: WholeClientSide[];
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(ROOT, 'bin', 'tchat.js');
/** Kernel clock ticks per second for /proc/PID/stat times; 100 on every Linux this runs on. */
export const CLOCK_TICKS_PER_SECOND = 100;

function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export interface PtyClient {
  name: string;
  child: ChildProcess;
  /** Bytes the program wrote to its terminal so far. */
  bytes(): number;
  /** Waits until the screen output (since the last call) matches. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  type(keys: string): void;
  pid(): number;
}

export function startPtyClient(name: string, args: string[], cwd: string): PtyClient {
  const command = ['node', CLI, ...args];
  const inner = `stty cols 120 rows 40; exec ${command.map(shellQuote).join(' ')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TERM: 'xterm-256color',
    COLORTERM: 'truecolor',
    // Never the user's own ~/.config/tchat: a fresh identity and known_servers per client.
    TCHAT_CONFIG_DIR: path.join(cwd, `${name}-config`),
  };
  delete env.CI; // Ink writes nothing to the terminal until unmount when CI is set
  delete env.NO_COLOR;
  const child = spawn('script', ['-qfc', inner, '/dev/null'], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let total = 0;
  let recent = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    total += chunk.length;
    // Only the tail matters for matching, and it keeps memory flat at 30 fps of video.
    recent = (recent + chunk.toString('utf8')).slice(-200_000);
    for (const check of waiters) check();
  });
  return {
    name,
    child,
    bytes: () => total,
    type: (keys) => child.stdin.write(keys),
    pid() {
      const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8');
      const pid = Number(children.trim().split(/\s+/)[0]);
      if (!pid) throw new Error(`${name}: no program under script`);
      return pid;
    },
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stripAnsi(recent))) return;
          cleanup();
          recent = '';
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          // The screen's tail says why (a question, an error) far better than the pattern alone.
          const screen = stripAnsi(recent).slice(-1500);
          reject(
            new Error(
              `${name}: ${String(pattern)} not on screen within ${timeoutMs} ms\n${screen}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/**
 * The server CLI on 127.0.0.1, port 0, with its certificate and name reservations in `logDir`; `trust` is what its
 * clients pass to accept its TLS certificate the way users are told to (`--trust FINGERPRINT`).
 */
export async function startServer(
  logDir: string,
): Promise<{ port: number; trust: string[]; child: ChildProcess }> {
  const env = {
    ...process.env,
    TCHAT_ADMIN_TOKEN: 'bench',
  };
  const child = spawn(
    'node',
    [
      ...[CLI, 'server', '--host', '127.0.0.1', '--port', '0', '--quiet', '--log-dir', logDir],
      ...['--data-dir', path.join(logDir, 'server-data')],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env },
  );
  const [port, fingerprint] = await new Promise<[number, string]>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start')), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /listening on [^\s]+:(\d+)/.exec(out);
      const fingerprint = /fingerprint SHA256:([0-9A-F:]+)/.exec(out);
      if (port && fingerprint) {
        clearTimeout(timer);
        resolve([Number(port[1]), fingerprint[1]!]);
      }
    });
  });
  return { port, trust: ['--trust', fingerprint], child };
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Asks politely (the client's own quit key or SIGTERM), then kills after 5 s. */
export async function stop(child: ChildProcess, ask: () => void): Promise<void> {
  ask();
  if (!(await exited(child, 5000))) child.kill('SIGKILL');
}

export async function runWholeClientCall(options: {
  fps: number;
  videoOut: 'ascii' | 'color';
  warmupSeconds: number;
  seconds: number;
}): Promise<WholeClientRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tchat-bench-call-'));
  const server = await startServer(dir);
  const clients: PtyClient[] = [];
  try {
    const media = [
      ...['--audio-source', 'tone', '--video-source', `pattern:${options.fps}`],
      ...['--audio-out', 'none', '--video-out', options.videoOut],
    ];
    for (const name of ['alice', 'bob']) {
      const args = [
        ...['--port', String(server.port), ...server.trust, '--name', name, '--log-dir', dir],
        ...media,
      ];
      clients.push(startPtyClient(name, args, dir));
    }
    const [alice, bob] = clients as [PtyClient, PtyClient];
    await Promise.all([alice.waitFor(/Users 2/, 30_000), bob.waitFor(/Users 2/, 30_000)]);
    alice.type('/call bob\r');
    await bob.waitFor(/Incoming/, 15_000);
    bob.type('\u001ba'); // Alt+A accepts from the input line
    const flowing = /in [1-9]\d* fps/;
    await Promise.all([alice.waitFor(flowing, 20_000), bob.waitFor(flowing, 20_000)]);
    await new Promise((resolve) => setTimeout(resolve, options.warmupSeconds * 1000));

    const pids = clients.map((c) => c.pid());
    const ticksBefore = pids.map(cpuTicks);
    const bytesBefore = clients.map((c) => c.bytes());
    const startedMs = performance.now();
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
    const elapsedS = (performance.now() - startedMs) / 1000;
    const sides = clients.map((c, i) => ({
      name: c.name,
      cpuPercent:
        ((cpuTicks(pids[i]!) - ticksBefore[i]!) / CLOCK_TICKS_PER_SECOND / elapsedS) * 100,
      rssMb: rssMb(pids[i]!),
      terminalKbPerSecond: (c.bytes() - bytesBefore[i]!) / 1024 / elapsedS,
    }));
    alice.type('\u001bh'); // Alt+H hangs up
    await Promise.all([alice.waitFor(/lasted|ended/, 10_000), bob.waitFor(/lasted|ended/, 10_000)]);
    return { fps: options.fps, videoOut: options.videoOut, sides };
  } finally {
    // Ctrl+C: the client quits and restores the terminal, and `script` ends with it.
    await Promise.all(clients.map((c) => stop(c.child, () => c.type('\u0003'))));
    await stop(server.child, () => server.child.kill('SIGTERM'));
    rmSync(dir, { recursive: true, force: true });
  }
}
