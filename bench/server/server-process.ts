/**
 * A server under test in its own process: started with a raised open-file
 * limit (and optionally pinned to CPUs), found by its one
 * `… listening on HOST:PORT` line, measured through /proc, stopped at the end.
 */
import { spawnTracked, readCpuUs, readRssBytes, stopChild } from './child-processes.js';

export interface ServerProcessOptions {
  label: string;
  argv: readonly string[];
  cwd: string;
  cpus?: string;
  env?: NodeJS.ProcessEnv;
  startTimeoutMs: number;
  /** Its clients connect with TLS. */
  tls?: boolean;
}

export interface ServerUnderTest {
  readonly label: string;
  readonly pid: number;
  readonly host: string;
  readonly port: number;
  /** Clients talk to it over TLS. */
  readonly tls: boolean;
  /** Non-null once the process has exited (it should not before `stop`). */
  exitStatus(): string | null;
  rssBytes(): Promise<number>;
  cpuUs(): Promise<number>;
  /** Everything it printed (stdout + stderr), for error reports. */
  output(): string;
  stop(): Promise<void>;
}

const LISTENING = /listening on (\S+):(\d+)/;
const MAX_OUTPUT_CHARS = 20_000;

export function startServerProcess(options: ServerProcessOptions): Promise<ServerUnderTest> {
  const child = spawnTracked(options.argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    cpus: options.cpus,
  });
  let output = '';
  let exitStatus: string | null = null;
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${options.label}: ${why}\n--- its output ---\n${output}`));
    };
    const timer = setTimeout(
      () => fail(`no "listening on HOST:PORT" line within ${options.startTimeoutMs} ms`),
      options.startTimeoutMs,
    );
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      exitStatus = `exited with ${code ?? signal}`;
      fail(exitStatus);
    });
    const onData = (): void => {
      const match = LISTENING.exec(output);
      if (!match || child.pid === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      const pid = child.pid;
      resolve({
        label: options.label,
        pid,
        host: match[1] ?? '127.0.0.1',
        port: Number(match[2]),
        tls: options.tls === true,
        exitStatus: () => exitStatus,
        rssBytes: () => readRssBytes(pid),
        cpuUs: () => readCpuUs(pid),
        output: () => output,
        stop: () => stopChild(child, 10_000),
      });
    };
    child.stdout?.on('data', onData);
  });
}
