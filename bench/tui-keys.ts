/**
 * Keystroke-to-screen time on a real pseudo-terminal: `script` owns the pty
 * and runs the program; we write one key to the pty and time until the
 * program's output contains the typed text. Optionally while messages
 * arrive at 50/s (a feeder runs in the parent).
 */
import { spawn } from 'node:child_process';
import { summarize, type Summary } from './tui-stats.js';

export interface KeystrokeResult {
  latencyMs: Summary;
  rssMb: number | null;
}

const KEYS = 'abcdefghijklmnopqrstuvwxyz0123';

function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Reads VmRSS of the program (the child of `script`). */
async function childRss(scriptPid: number): Promise<number | null> {
  const { readFile } = await import('node:fs/promises');
  try {
    const children = (await readFile(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8'))
      .trim()
      .split(/\s+/);
    for (const pid of children) {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      if (match) return Number(match[1]) / 1024;
    }
  } catch {
    // Not Linux, or the process is gone: no RSS.
  }
  return null;
}

export async function measureKeystrokes(
  command: string[],
  {
    readyText,
    rounds = 3,
    cwd,
    prepare,
  }: {
    readyText: string;
    rounds?: number;
    cwd: string;
    /** Runs once the program is ready, before typing (e.g. fill its history); may wait for screen text. */
    prepare?: (
      waitForText: (text: string | RegExp, timeoutMs: number) => Promise<void>,
    ) => Promise<void>;
  },
): Promise<KeystrokeResult> {
  const inner = `stty cols 120 rows 40; exec ${command.map(shellQuote).join(' ')}`;
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  delete env.CI;
  const child = spawn('script', ['-qfc', inner, '/dev/null'], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let waiter: { text: string | RegExp; resolve: () => void } | null = null;
  const seen = (text: string | RegExp): boolean =>
    typeof text === 'string' ? output.includes(text) : text.test(output);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (waiter && seen(waiter.text)) {
      const done = waiter;
      waiter = null;
      done.resolve();
    }
  });
  const waitFor = (text: string | RegExp, timeoutMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      if (seen(text)) return resolve();
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no "${String(text)}" on screen within ${timeoutMs} ms:\n${output.slice(-2000)}`,
            ),
          ),
        timeoutMs,
      );
      waiter = {
        text,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  try {
    await waitFor(readyText, 20_000);
    if (prepare) await prepare(waitFor);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const latencies: number[] = [];
    for (let round = 0; round < rounds; round++) {
      let typed = '';
      for (const key of KEYS) {
        typed += key;
        output = '';
        const seen = waitFor(typed, 5_000);
        const start = performance.now();
        child.stdin.write(key);
        await seen;
        latencies.push(performance.now() - start);
        // A person types a key every 100 ms or so; let the screen settle between keys.
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      child.stdin.write('\u0015');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const rssMb = await childRss(child.pid!);
    return { latencyMs: summarize(latencies), rssMb };
  } finally {
    child.stdin.write('\u0003');
    setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
