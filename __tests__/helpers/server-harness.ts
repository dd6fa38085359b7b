/**
 * Starting chat servers in tests, always on 127.0.0.1 and port 0.
 *
 * In-process (fast, options as an object, short timeouts welcome):
 *   const s = await startServer({ helloTimeoutMs: 300 });
 *   t.after(() => s.close());
 *   ... connectJson(s.port) ...
 *   const lines = await s.readLog();   // after close(): every line flushed
 *
 * The real CLI from the built dist (run `npm run build` first):
 *   const p = await spawnServer(['--rate', '0']);
 *   t.after(() => p.stop());
 *   const exitCode = await p.stop('SIGTERM');
 *
 * Temporary log folders are removed when the test process exits; servers and
 * children still running then are killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeLogger, createFileLogger, type Logger } from '../../src/logging/create-logger.js';
import {
  createChatServer,
  type ChatServer,
  type ChatServerDeps,
} from '../../src/server/chat-server.js';
import type { ServerOptions } from '../../src/server/server-options.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tempDirs: string[] = [];
const children = new Set<ChildProcess>();

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the test process exits. */
export function makeTempDir(prefix = 'tchat-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export interface StartedServer {
  host: string;
  port: number;
  server: ChatServer;
  adminToken: string;
  logDir: string;
  logger: Logger;
  /** Graceful stop, then the log is flushed and closed. Safe to call twice. */
  close(): Promise<void>;
  /** The JSON lines of server.log (call after `close()` to be sure all are there). */
  readLog(): Promise<Array<Record<string, unknown>>>;
}

export async function startServer(
  options: Partial<ServerOptions> = {},
  deps: Omit<ChatServerDeps, 'logger'> = {},
): Promise<StartedServer> {
  const logDir = makeTempDir();
  const logger = createFileLogger({ dir: logDir, fileName: 'server.log' });
  const adminToken = options.adminToken ?? 'test-admin-token';
  const server = createChatServer({ ...options, adminToken }, { ...deps, logger });
  const { host, port } = await server.listen(0, '127.0.0.1');
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await server.close();
      await closeLogger(logger);
    })();
    return closing;
  };
  // A shutdown request stops the server by itself: flush the log then too.
  void server.stopped.then(() => close());
  return {
    host,
    port,
    server,
    adminToken,
    logDir,
    logger,
    close,
    readLog: () => Promise.resolve(readLogLines(logDir)),
  };
}

function defaultsNotIn(args: string[], defaults: Record<string, string>): string[] {
  return Object.entries(defaults).flatMap(([flag, value]) =>
    args.some((arg) => arg === `--${flag}` || arg.startsWith(`--${flag}=`))
      ? []
      : [`--${flag}`, value],
  );
}

export function readLogLines(logDir: string): Array<Record<string, unknown>> {
  const file = path.join(logDir, 'server.log');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  // What follows the last newline is '' or, after a kill -9, a line cut short: not a line yet.
  lines.pop();
  return lines
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export interface SpawnedServer {
  port: number;
  /** From its `fingerprint SHA256:` line (`AB:CD:…`). */
  fingerprint: string;
  dataDir: string;
  /** From `--admin-token` in args, or the generated one the CLI printed. */
  adminToken: string;
  logDir: string;
  process: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /**
   * Sends `signal` (default SIGTERM) and resolves with the exit code; a server
   * still running 10 s later is SIGKILLed (and resolves null), so no test hangs.
   */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once the process ended on its own. */
  readonly exited: Promise<number | null>;
}

const LISTENING = /tchat server listening on (\S+):(\d+)/;
const FINGERPRINT_LINE = /fingerprint SHA256:((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/;
/** Fingerprints printed by spawned servers, by port (tchatCommand passes them as --trust). */
const fingerprints = new Map<number, string>();

export function knownFingerprint(port: number): string | undefined {
  return fingerprints.get(port);
}
const GENERATED_TOKEN = /tchat server admin token: (\S+)/;
/** How long `stop()` waits for a graceful exit before it kills. */
const STOP_GRACE_MS = 10_000;

/**
 * Runs `node bin/tchat.js server --host 127.0.0.1 --port 0 --log-dir TMP ...args`
 * and resolves once it printed its listening line. Any of those three given
 * in `args` replaces the default (the CLI refuses a flag given twice).
 */
export async function spawnServer(
  args: string[] = [],
  { timeoutMs = 20_000, env = {} }: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<SpawnedServer> {
  if (!existsSync(path.join(REPO_ROOT, 'dist/cli/main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before tests that spawn the CLI');
  }
  const logDir = args.includes('--log-dir') ? args[args.indexOf('--log-dir') + 1]! : makeTempDir();
  // Never the repository's ./data: each server its own identity unless the test shares one.
  const dataDir = args.includes('--data-dir')
    ? args[args.indexOf('--data-dir') + 1]!
    : makeTempDir('tchat-data-');
  const child = spawn(
    process.execPath,
    [
      'bin/tchat.js',
      'server',
      ...defaultsNotIn(args, {
        host: '127.0.0.1',
        port: '0',
        'log-dir': logDir,
        'data-dir': dataDir,
      }),
      ...args,
    ],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server did not print its listening line in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = (): void => {
      const match = LISTENING.exec(output);
      if (match && FINGERPRINT_LINE.test(output)) {
        clearTimeout(timer);
        resolve(Number(match[2]));
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  const tokenFlag = args.lastIndexOf('--admin-token');
  const adminToken =
    tokenFlag !== -1
      ? args[tokenFlag + 1]!
      : (GENERATED_TOKEN.exec(output)?.[1] ?? env.TCHAT_ADMIN_TOKEN ?? '');

  const fingerprint = FINGERPRINT_LINE.exec(output)?.[1] ?? '';
  fingerprints.set(port, fingerprint);
  return {
    port,
    fingerprint,
    dataDir,
    adminToken,
    logDir,
    process: child,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const tooLate = new Promise<'too late'>((resolve) => {
        timer = setTimeout(() => resolve('too late'), STOP_GRACE_MS);
      });
      const outcome = await Promise.race([exited, tooLate]);
      clearTimeout(timer);
      if (outcome !== 'too late') return outcome;
      child.kill('SIGKILL');
      await exited;
      return null;
    },
  };
}
