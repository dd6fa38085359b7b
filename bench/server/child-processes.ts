/**
 * Every process the benchmark starts goes through here, so that all of them
 * are killed when it ends: normally, on an error, or on Ctrl+C.
 *
 * Children start through `bash -c 'ulimit -n …; exec …'`: the open-file limit
 * is a shell builtin, and 5000 clients plus 5000 server sockets need more than
 * the usual 1024. `exec` keeps the pid, so the pid we hold (for RSS and CPU
 * readings and for kill) is the Node process itself. An optional `taskset`
 * pins a child to chosen CPUs.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export const WANTED_OPEN_FILES = 65_536;

const live = new Set<ChildProcess>();

export interface SpawnTrackedOptions extends SpawnOptions {
  /** CPU list for `taskset -c`, e.g. "0" or "1"; undefined = no pinning. */
  cpus?: string;
}

export function spawnTracked(argv: readonly string[], options: SpawnTrackedOptions): ChildProcess {
  const { cpus, ...spawnOptions } = options;
  // Ask for WANTED_OPEN_FILES, fall back to the hard limit where that is lower.
  const script = `ulimit -n ${WANTED_OPEN_FILES} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"`;
  const pinned = cpus === undefined ? argv : ['taskset', '-c', cpus, ...argv];
  const child = spawn('bash', ['-c', script, 'bash', ...pinned], spawnOptions);
  live.add(child);
  child.once('exit', () => live.delete(child));
  // A spawn failure must not crash the coordinator before clean-up runs.
  child.on('error', () => live.delete(child));
  return child;
}

/** Kill every child still running (SIGKILL by default: used on the way out). */
export function killAllChildren(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const child of live) child.kill(signal);
}

/** Waits for a child to exit; SIGTERM first, SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Waits for a child that is ending by itself; SIGKILL after `graceMs`. */
export async function awaitExit(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

let installed = false;

/** Kill the children on every way out of the coordinator. */
export function installChildCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => killAllChildren());
  const signals: Array<[NodeJS.Signals, number]> = [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ];
  for (const [signal, exitCode] of signals) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, stopping every child process`);
      killAllChildren();
      process.exit(exitCode);
    });
  }
}

/** Resident set size of a running process, in bytes (from /proc). */
export async function readRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** User + system CPU time a process has used, in µs (from /proc; Linux clock ticks are 100 Hz). */
export async function readCpuUs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10_000;
}
