/**
 * A real terminal for end-to-end tests: tmux on a private socket
 * (`tmux -L tchat-<random>`), one session per program, text typed with
 * `send-keys -l`, the screen read with `capture-pane -p`. Every wait polls
 * the screen until a deadline. `kill()` stops the tmux server.
 *
 *   const tmux = await startTmux();
 *   t.after(() => tmux.kill());
 *   await tmux.spawn('alice', tchatCommand(port, ['--name', 'alice']));
 *   await tmux.waitFor('alice', /connected/);
 *   await tmux.type('alice', 'hello');
 *   await tmux.keys('alice', 'Enter');
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { knownFingerprint, makeTempDir, REPO_ROOT } from './server-harness.js';

const exec = promisify(execFile);

export interface Tmux {
  readonly socket: string;
  tmux(...args: string[]): Promise<string>;
  /** Runs `command` (a shell command line) in a new detached session of the given size. */
  spawn(session: string, command: string, size?: { columns: number; rows: number }): Promise<void>;
  /** The visible screen as text. */
  capture(session: string): Promise<string>;
  /** Polls the screen until `pattern` shows; resolves with that screen. */
  waitFor(session: string, pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Polls until `pattern` is gone. */
  waitForGone(session: string, pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Types text literally. */
  type(session: string, text: string): Promise<void>;
  /** Sends tmux key names: Enter, Tab, Up, Down, PPage, C-c … */
  keys(session: string, ...keys: string[]): Promise<void>;
  resize(session: string, columns: number, rows: number): Promise<void>;
  kill(): Promise<void>;
}

const matches = (screen: string, pattern: RegExp | string): boolean =>
  typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen);

export async function startTmux(): Promise<Tmux> {
  await exec('tmux', ['-V']).catch(() => {
    throw new Error('tmux is not installed; the end-to-end tests need it (apt-get install tmux)');
  });
  const socket = `tchat-${randomBytes(6).toString('hex')}`;
  const tmux = async (...args: string[]): Promise<string> => {
    const { stdout } = await exec('tmux', ['-L', socket, ...args], { cwd: REPO_ROOT });
    return stdout;
  };
  // `=name:` is exactly that session (a bare name may match a window of another session first).
  const target = (session: string): string => `=${session}:`;
  const capture = (session: string): Promise<string> =>
    tmux('capture-pane', '-p', '-t', target(session));
  const poll = async (
    session: string,
    done: (screen: string) => boolean,
    what: string,
    timeoutMs: number,
  ): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    for (;;) {
      screen = await capture(session);
      if (done(screen)) return screen;
      if (Date.now() > deadline)
        throw new Error(
          `tmux ${session}: timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${screen}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return {
    socket,
    tmux,
    async spawn(session, command, size = { columns: 120, rows: 40 }) {
      await tmux(
        'new-session',
        '-d',
        '-s',
        session,
        '-x',
        String(size.columns),
        '-y',
        String(size.rows),
        command,
      );
      // Keep the pane (and its last screen) when the program exits.
      await tmux('set-option', '-t', target(session), 'remain-on-exit', 'on');
    },
    capture,
    waitFor: (session, pattern, timeoutMs = 15_000) =>
      poll(session, (s) => matches(s, pattern), String(pattern), timeoutMs),
    waitForGone: (session, pattern, timeoutMs = 15_000) =>
      poll(session, (s) => !matches(s, pattern), `${String(pattern)} to go`, timeoutMs),
    async type(session, text) {
      await tmux('send-keys', '-t', target(session), '-l', text);
    },
    async keys(session, ...keys) {
      for (const key of keys) {
        await tmux('send-keys', '-t', target(session), key);
        // Separate reads, as a person pressing keys one by one would produce.
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    },
    async resize(session, columns, rows) {
      await tmux('resize-window', '-t', target(session), '-x', String(columns), '-y', String(rows));
    },
    async kill() {
      // kill-server leaves the socket file behind; remove it too.
      const socketPath = (
        await tmux('display-message', '-p', '#{socket_path}').catch(() => '')
      ).trim();
      await tmux('kill-server').catch(() => '');
      if (socketPath !== '') await rm(socketPath, { force: true });
    },
  };
}

/** Quotes one argument for the shell command line tmux runs. */
export function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command line for the BUILT client (`npm run build` first). CI is
 * removed from its environment: with CI set, Ink skips resize handling and
 * draws nothing until it exits. `before`/`after` echo markers
 * around it so a test can see the shell's screen again after tchat left the
 * alternate screen. `--ask` in `args` (removed before the client sees it)
 * keeps the helper from passing `--trust`, so the first-contact question shows.
 */
export function tchatCommand(
  port: number,
  args: string[],
  logDir: string,
  { configDir = makeTempDir('tchat-e2e-config-') }: { configDir?: string } = {},
): string {
  const bin = path.join(REPO_ROOT, 'bin/tchat.js');
  // A server spawned by spawnServer published its fingerprint: trust it the way users are told
  // to (--trust), unless the test chose (--trust, --plaintext, or a first-contact question).
  const fingerprint = knownFingerprint(port);
  const choseTrust = args.some((arg) => ['--trust', '--plaintext', '--ask'].includes(arg));
  const trust = fingerprint !== undefined && !choseTrust ? ['--trust', fingerprint] : [];
  const client = [
    'env',
    '-u',
    'CI',
    // Never the user's own ~/.config/tchat: a fresh identity and known_servers per client.
    `TCHAT_CONFIG_DIR=${configDir}`,
    process.execPath,
    bin,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--log-dir',
    logDir,
    ...trust,
    ...args.filter((arg) => arg !== '--ask'),
  ]
    .map(shellQuote)
    .join(' ');
  return `echo BEFORE-TCHAT; ${client}; echo "TCHAT-EXITED-$?"; sleep 600`;
}
