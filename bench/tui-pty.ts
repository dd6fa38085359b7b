/**
 * A program on a real pseudo-terminal for the crowd benchmarks: `script`
 * owns a 120×40 pty and runs the program; the benchmark watches its output
 * for text, types keys one at a time and times each key until its echo is on
 * screen, and reads the program's RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const KEYS = 'abcdefghijklmnopqrstuvwxyz0123';

function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export interface PtyProgram {
  /** Resolves with Date.now() when `pattern` shows in the output written from now on. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<number>;
  /**
   * Types a key every `gapMs` until `stop()` (each key only once the last one's echo is
   * on screen), the way a person types; resolves with every key's echo time.
   */
  type(gapMs: number): { stop: () => Promise<number[]> };
  /** VmRSS of the program, MB. */
  rssMb(): Promise<number | null>;
  close(): Promise<void>;
}

interface Watcher {
  pattern: RegExp;
  resolve: (atMs: number) => void;
}

export function startPty(command: string[], cwd: string): PtyProgram {
  const inner = `stty cols 120 rows 40; exec ${command.map(shellQuote).join(' ')}`;
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  delete env.CI;
  const child: ChildProcess = spawn('script', ['-qfc', inner, '/dev/null'], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const watchers = new Set<Watcher & { seen: string }>();
  let tail = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const atMs = Date.now();
    tail = (tail + chunk).slice(-6_000);
    for (const watcher of [...watchers]) {
      // Keep a tail, so text split between two reads is still found; frames are whole redraws.
      watcher.seen = (watcher.seen + chunk).slice(-20_000);
      if (watcher.pattern.test(watcher.seen)) {
        watchers.delete(watcher);
        watcher.resolve(atMs);
      }
    }
  });

  function waitFor(pattern: RegExp, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        watchers.delete(watcher);
        reject(
          new Error(
            `no ${String(pattern)} on screen within ${timeoutMs} ms; last output:\n${tail}`,
          ),
        );
      }, timeoutMs);
      const watcher = {
        pattern,
        seen: '',
        resolve: (atMs: number) => {
          clearTimeout(timer);
          resolve(atMs);
        },
      };
      watchers.add(watcher);
    });
  }

  function type(gapMs: number): { stop: () => Promise<number[]> } {
    let stopped = false;
    const latencies: number[] = [];
    const done = (async () => {
      let typed = '';
      while (!stopped) {
        if (typed.length === KEYS.length) {
          child.stdin!.write('\u0015'); // Ctrl+U: start a fresh line
          typed = '';
          await new Promise((resolve) => setTimeout(resolve, gapMs));
          continue;
        }
        typed += KEYS[typed.length]!;
        const echoed = waitFor(new RegExp(typed), 120_000);
        const start = performance.now();
        child.stdin!.write(typed.at(-1)!);
        await echoed;
        latencies.push(performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
      child.stdin!.write('\u0015');
    })();
    return {
      stop: async () => {
        stopped = true;
        await done;
        return latencies;
      },
    };
  }

  async function rssMb(): Promise<number | null> {
    try {
      const pid = child.pid!;
      const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8'))
        .trim()
        .split(/\s+/);
      for (const program of children) {
        const status = await readFile(`/proc/${program}/status`, 'utf8');
        const match = /VmRSS:\s+(\d+) kB/.exec(status);
        if (match) return Number(match[1]) / 1024;
      }
    } catch {
      // Not Linux, or the process is gone.
    }
    return null;
  }

  async function close(): Promise<void> {
    if (child.exitCode !== null) return;
    child.stdin!.write('\u0003');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await new Promise((resolve) => child.once('exit', resolve));
    clearTimeout(killer);
  }

  return { waitFor, type, rssMb, close };
}
