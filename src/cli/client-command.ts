/**
 * `tchat [--host H] [--port P] [--name N] [--log-dir DIR] [--no-mouse] [call flags]`:
 * flags and TCHAT_* variables → options, then the full-screen client. Needs a terminal: without a TTY it
 * says so and exits 1; bad flags exit 2.
 */
import meow from 'meow';
import { tuneClientHeap } from './client-heap.js';
import { MEDIA_FLAGS, MEDIA_FLAGS_HELP, parseMediaOptions } from '../media/media-options.js';
import { checkName } from '../protocol/names.js';
import { isValidCallHost } from '../protocol/parse-request.js';
import { DEFAULT_PORT } from '../protocol/limits.js';
import { parseFingerprint } from '../security/fingerprint.js';
import { parseServerList, type ServerAddress } from '../client/core/server-list.js';

const USAGE = `
  Usage
    $ tchat [flags]

  Full-screen terminal chat. Without --name it asks for one.

  Flags
    --host HOST      server address            [TCHAT_HOST, default 127.0.0.1]
                     or the nodes of a cluster: A:7777,B:7777,[::1]:7777 —
                     it starts at a random one and moves to the next on a drop
    --port PORT      server port               [TCHAT_PORT, default ${DEFAULT_PORT}]
                     (for every host given without :PORT)
    --name NAME      your name                 [TCHAT_NAME]
    --log-dir DIR    where client-NAME.log goes [default ./logs]
    --trust SHA256:… accept this server fingerprint on first contact without
                     asking (what \`tchat server --fingerprint\` prints) [TCHAT_TRUST];
                     several, comma-separated, for the nodes of a cluster
    --plaintext      connect without encryption (servers without TLS); the
                     status bar says "not encrypted" all session long
    Encrypted by default: the first time you meet a server, tchat shows its
    fingerprint and asks; it is then pinned in known_servers in the config dir
    [TCHAT_CONFIG_DIR, else $XDG_CONFIG_HOME/tchat, else ~/.config/tchat].
    --call-host ADDR the address callers connect to for your calls [TCHAT_CALL_HOST;
                     default: what the server sees, or this machine's first
                     network address when the server is on this machine]
    --no-mouse       leave the mouse to the terminal (its own text selection)
                     instead of scrolling panes with the wheel [TCHAT_NO_MOUSE=1]
    --chat-log       also write every message you see to daily files in the
                     log dir (chat-HOST-PORT-YYYY-MM-DD.log, mode 0600)
    --exit-on-shutdown  exit when the server shuts down (default: stay, and
                     reconnect when it is back; /quit or Ctrl+C leave)
    --help           show this help

  ${MEDIA_FLAGS_HELP.replaceAll('\n', '\n  ')}

  In a call: m mutes the microphone, v turns the camera off/on, o switches the
  video output (ascii → color → browser viewer), h hangs up — bare letters in
  the call and users panes, Alt+letter anywhere (Tab moves between panes).

  In the client: /help (or F1) lists every command and key.

  Other commands
    $ tchat server --help     run a server
    $ tchat doctor            check audio/video tools (--loopback: a test call to yourself)
`;

export type ClientFlags =
  | {
      ok: true;
      /** The first server of `--host` (the one named first, for files kept per server). */
      host: string;
      port: number;
      /** The other servers of `--host A,B,…`, in the order given. */
      failover?: ServerAddress[];
      name?: string;
      logDir: string;
      callHost?: string;
      /** Present (false) only when mouse reporting is turned off. */
      mouse?: false;
      /** `--trust`: fingerprints `AB:CD:…` (several for a cluster). */
      trust?: string[];
      plaintext?: true;
    }
  | { ok: false; message: string };

export function resolveClientFlags(
  flags: {
    host?: string;
    port?: string;
    name?: string;
    logDir?: string;
    callHost?: string;
    mouse?: boolean;
    trust?: string;
    plaintext?: boolean;
  },
  env: NodeJS.ProcessEnv,
): ClientFlags {
  const hostText = (flags.host ?? env.TCHAT_HOST ?? '127.0.0.1').trim();
  if (hostText === '') return { ok: false, message: '--host must not be empty' };
  const portText = flags.port ?? env.TCHAT_PORT ?? String(DEFAULT_PORT);
  const defaultPort = Number(portText);
  if (
    !/^\d+$/.test(portText.trim()) ||
    !Number.isInteger(defaultPort) ||
    defaultPort < 1 ||
    defaultPort > 65535
  ) {
    return { ok: false, message: `--port must be a number from 1 to 65535, not "${portText}"` };
  }
  const list = parseServerList(hostText, defaultPort);
  if (!list.ok) return { ok: false, message: `--host: ${list.message}` };
  const [{ host, port }, ...failover] = list.servers as [ServerAddress, ...ServerAddress[]];
  const rawName = flags.name ?? env.TCHAT_NAME;
  let name: string | undefined;
  if (rawName !== undefined && rawName.trim() !== '') {
    const check = checkName(rawName);
    if (!check.ok) return { ok: false, message: `--name "${rawName}": ${check.reason}` };
    name = check.name;
  }
  const callHost = (flags.callHost ?? env.TCHAT_CALL_HOST)?.trim();
  if (callHost !== undefined && callHost !== '' && !isValidCallHost(callHost)) {
    return {
      ok: false,
      message: `--call-host "${callHost}": expected a host name or an IP address`,
    };
  }
  const trustText = (flags.trust ?? env.TCHAT_TRUST)?.trim();
  let trust: string[] | undefined;
  if (trustText !== undefined && trustText !== '') {
    trust = [];
    for (const one of trustText.split(',')) {
      const fingerprint = parseFingerprint(one);
      if (fingerprint === undefined) {
        return {
          ok: false,
          message: `--trust "${one.trim()}": expected SHA256: and 32 hex pairs, as \`tchat server --fingerprint\` prints`,
        };
      }
      trust.push(fingerprint);
    }
  }
  const plaintext = flags.plaintext === true;
  if (plaintext && trust !== undefined) {
    return {
      ok: false,
      message: '--trust checks a TLS certificate; it makes no sense with --plaintext',
    };
  }
  return {
    ok: true,
    host,
    port,
    ...(failover.length > 0 ? { failover } : {}),
    ...(name !== undefined ? { name } : {}),
    logDir: flags.logDir ?? './logs',
    ...(callHost ? { callHost } : {}),
    ...(flags.mouse === false || isSet(env.TCHAT_NO_MOUSE) ? { mouse: false as const } : {}),
    ...(trust !== undefined ? { trust } : {}),
    ...(plaintext ? { plaintext: true as const } : {}),
  };
}

/** An environment switch: set and not empty, "0", "false" or "no". */
function isSet(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false', 'no'].includes(value.trim().toLowerCase());
}

const CLIENT_FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  name: { type: 'string' },
  logDir: { type: 'string' },
  callHost: { type: 'string' },
  mouse: { type: 'boolean', default: true },
  trust: { type: 'string' },
  plaintext: { type: 'boolean' },
  exitOnShutdown: { type: 'boolean', default: false },
  chatLog: { type: 'boolean', default: false },
  ...MEDIA_FLAGS,
} as const;

/**
 * The first argument that is not one of `flags` (as `--kebab-case`, `--no-x` for booleans,
 * `--x=value`), or null. meow's own check prints a bare "Unknown flag" and exits; ours says
 * where to look.
 */
export function unknownFlag(
  argv: readonly string[],
  flags: Record<string, unknown>,
): string | null {
  const known = new Set(['help', 'version']);
  for (const name of Object.keys(flags)) {
    const kebab = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    known.add(kebab);
    known.add(`no-${kebab}`);
  }
  for (const arg of argv) {
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') continue;
    const name = arg.replace(/^--?/, '').split('=')[0]!;
    if (!known.has(name)) return arg.split('=')[0]!;
  }
  return null;
}

export async function run(argv: string[]): Promise<number> {
  const unknown = unknownFlag(argv, CLIENT_FLAGS);
  if (unknown !== null) return usageError(`unknown flag ${unknown}`);
  const cli = meow(USAGE, {
    importMeta: import.meta,
    argv,
    description: false,
    allowUnknownFlags: false,
    flags: CLIENT_FLAGS,
  });
  if (cli.input.length > 0) return usageError(`unexpected argument "${cli.input[0]}"`);
  const flags = resolveClientFlags(cli.flags, process.env);
  if (!flags.ok) return usageError(flags.message);
  const media = parseMediaOptions(cli.flags);
  if (!media.ok) return usageError(media.errors.join('\n  '));
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      'tchat: the chat client needs an interactive terminal (stdin and stdout must be a TTY).\n' +
        `  From a script or pipe, talk to the server in text mode: nc ${flags.host} ${flags.port}\n`,
    );
    return 1;
  }
  // React is much cheaper in production mode; it must be set before React loads.
  process.env.NODE_ENV ??= 'production';
  tuneClientHeap();
  const { runClientApp } = await import('./client-app.js');
  return runClientApp({
    host: flags.host,
    port: flags.port,
    ...(flags.failover ? { failover: flags.failover } : {}),
    ...(flags.name !== undefined ? { name: flags.name } : {}),
    logDir: flags.logDir,
    ...(flags.callHost !== undefined ? { callHost: flags.callHost } : {}),
    ...(flags.trust !== undefined ? { trust: flags.trust } : {}),
    plaintext: flags.plaintext === true,
    media: media.options,
    ...(flags.mouse === false ? { mouse: false } : {}),
    exitOnShutdown: cli.flags.exitOnShutdown,
    chatLog: cli.flags.chatLog,
  });
}

function usageError(message: string): number {
  process.stderr.write(`tchat: ${message}\n  see \`tchat --help\`\n`);
  return 2;
}
