/**
 * `tchat server` flags as data: name, kind, default, `TCHAT_*` variable and
 * help line (issue 2, item 3). The help text and the parser are both derived
 * from this table, so they cannot disagree. A flag beats its variable, which
 * beats the default. Pure: the caller passes the raw values and the env.
 */
import { DEFAULT_PORT } from '../protocol/limits.js';
import { DEFAULT_MAX_LOG_FILE_BYTES, DEFAULT_MAX_LOG_FILES } from '../logging/create-logger.js';
import { DEFAULT_SERVER_OPTIONS, type ServerOptions } from '../server/server-options.js';
import { formatDurationMs, formatSizeBytes, parseDurationMs, parseSizeBytes } from './units.js';

type Kind = 'string' | 'boolean' | 'port' | 'count' | 'rate' | 'duration' | 'size';

interface FlagSpec {
  name: string;
  kind: Kind;
  /** Shown in --help; undefined = no default. */
  default: string | number | boolean | undefined;
  help: string;
  /** Smallest accepted value for numeric kinds. */
  min?: number;
}

const o = DEFAULT_SERVER_OPTIONS;

export const SERVER_FLAGS: readonly FlagSpec[] = [
  { name: 'host', kind: 'string', default: '0.0.0.0', help: 'address to listen on' },
  { name: 'port', kind: 'port', default: DEFAULT_PORT, help: 'TCP port; 0 = any free port' },
  { name: 'log-dir', kind: 'string', default: './logs', help: 'folder of server.log' },
  {
    name: 'admin-token',
    kind: 'string',
    default: undefined,
    help: 'token for the shutdown request; generated and printed when absent',
  },
  {
    name: 'hide-addresses',
    kind: 'boolean',
    default: false,
    help: "leave users' ip:port out of user lists",
  },
  {
    name: 'log-private',
    kind: 'boolean',
    default: false,
    help: 'also log the text of private messages',
  },
  { name: 'motd', kind: 'string', default: undefined, help: 'message of the day, sent in welcome' },
  {
    name: 'rate',
    kind: 'rate',
    default: o.ratePerSecond,
    min: 0,
    help: 'requests per second per connection; 0 = unlimited',
  },
  { name: 'burst', kind: 'count', default: o.rateBurst, min: 1, help: 'rate limit burst' },
  {
    name: 'max-line-bytes',
    kind: 'size',
    default: o.maxLineBytes,
    min: 1,
    help: 'longest line accepted',
  },
  {
    name: 'max-queued-bytes',
    kind: 'size',
    default: o.maxQueuedBytes,
    min: 1,
    help: 'unread output per client before it is dropped',
  },
  {
    name: 'max-connections',
    kind: 'count',
    default: o.maxConnections,
    min: 1,
    help: 'connections in all',
  },
  {
    name: 'max-per-ip',
    kind: 'count',
    default: o.maxConnectionsPerIp,
    min: 1,
    help: 'connections from one IP',
  },
  {
    name: 'ping-after',
    kind: 'duration',
    default: o.pingAfterMs,
    min: 0,
    help: 'ping a silent JSON client after this; 0 = never',
  },
  {
    name: 'idle-timeout',
    kind: 'duration',
    default: o.idleTimeoutMs,
    min: 0,
    help: 'close a JSON client silent this long; 0 = never',
  },
  {
    name: 'hello-timeout',
    kind: 'duration',
    default: o.helloTimeoutMs,
    min: 0,
    help: 'close a connection not registered by then; 0 = never',
  },
  {
    name: 'ring-timeout',
    kind: 'duration',
    default: o.ringTimeoutMs,
    min: 1,
    help: 'end an unanswered call (no_answer)',
  },
  {
    name: 'history',
    kind: 'count',
    default: o.historyLength,
    min: 0,
    help: 'public messages replayed on joining',
  },
  {
    name: 'max-errors',
    kind: 'count',
    default: o.maxErrorsInRow,
    min: 0,
    help: 'protocol errors in a row before closing; 0 = never',
  },
  {
    name: 'log-max-bytes',
    kind: 'size',
    default: DEFAULT_MAX_LOG_FILE_BYTES,
    min: 1,
    help: 'rotate server.log at this size',
  },
  {
    name: 'log-max-files',
    kind: 'count',
    default: DEFAULT_MAX_LOG_FILES,
    min: 1,
    help: 'log files kept, the current one included',
  },
  {
    name: 'quiet',
    kind: 'boolean',
    default: false,
    help: 'no console line per event (the listening line still prints)',
  },
];

export interface ServerCommandConfig {
  host: string;
  port: number;
  logDir: string;
  adminToken: string | undefined;
  quiet: boolean;
  logMaxBytes: number;
  logMaxFiles: number;
  server: Omit<ServerOptions, 'adminToken' | 'serverName' | 'closeGraceMs'>;
}

export type RawFlags = Record<string, string | boolean | undefined>;

export function envName(flag: string): string {
  return `TCHAT_${flag.replaceAll('-', '_').toUpperCase()}`;
}

export function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Reads every flag (raw meow values keyed in camelCase) with env fall-backs. */
export function parseServerFlags(
  raw: RawFlags,
  env: Record<string, string | undefined>,
): { ok: true; config: ServerCommandConfig } | { ok: false; message: string } {
  const values = new Map<string, string | number | boolean | undefined>();
  for (const spec of SERVER_FLAGS) {
    const given = raw[camelCase(spec.name)];
    const fromEnv = env[envName(spec.name)];
    const source = given !== undefined ? `--${spec.name}` : envName(spec.name);
    const text = given ?? (fromEnv === '' ? undefined : fromEnv);
    if (text === undefined) {
      values.set(spec.name, spec.default);
      continue;
    }
    const value = readValue(spec, text);
    if (value === undefined) return { ok: false, message: `${source}: ${describe(spec, text)}` };
    values.set(spec.name, value);
  }
  const get = <T>(name: string): T => values.get(name) as T;
  const adminToken = get<string | undefined>('admin-token');
  if (adminToken === '') return { ok: false, message: '--admin-token must not be empty' };
  return {
    ok: true,
    config: {
      host: get('host'),
      port: get('port'),
      logDir: get('log-dir'),
      adminToken,
      quiet: get('quiet'),
      logMaxBytes: get('log-max-bytes'),
      logMaxFiles: get('log-max-files'),
      server: {
        hideAddresses: get('hide-addresses'),
        logPrivate: get('log-private'),
        motd: get('motd'),
        ratePerSecond: get('rate'),
        rateBurst: get('burst'),
        maxLineBytes: get('max-line-bytes'),
        maxQueuedBytes: get('max-queued-bytes'),
        maxConnections: get('max-connections'),
        maxConnectionsPerIp: get('max-per-ip'),
        pingAfterMs: get('ping-after'),
        idleTimeoutMs: get('idle-timeout'),
        helloTimeoutMs: get('hello-timeout'),
        ringTimeoutMs: get('ring-timeout'),
        historyLength: get('history'),
        maxErrorsInRow: get('max-errors'),
      },
    },
  };
}

function readValue(spec: FlagSpec, text: string | boolean): string | number | boolean | undefined {
  if (spec.kind === 'boolean') {
    if (typeof text === 'boolean') return text;
    if (/^(1|true|yes|on)$/i.test(text)) return true;
    if (/^(0|false|no|off)$/i.test(text)) return false;
    return undefined;
  }
  if (typeof text === 'boolean') return undefined;
  if (spec.kind === 'string') return text;
  const number = readNumber(spec.kind, text);
  if (number === undefined || number < (spec.min ?? 0)) return undefined;
  return number;
}

function readNumber(kind: Kind, text: string): number | undefined {
  switch (kind) {
    case 'duration':
      return parseDurationMs(text);
    case 'size':
      return parseSizeBytes(text);
    case 'rate':
      return /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
    case 'count':
      return /^\d+$/.test(text.trim()) ? safeInteger(text) : undefined;
    case 'port': {
      const port = /^\d+$/.test(text.trim()) ? safeInteger(text) : undefined;
      return port !== undefined && port <= 65_535 ? port : undefined;
    }
    case 'string':
    case 'boolean':
      return undefined;
  }
}

function safeInteger(text: string): number | undefined {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

function describe(spec: FlagSpec, text: string | boolean): string {
  const shown = JSON.stringify(text);
  const min = spec.min ?? 0;
  switch (spec.kind) {
    case 'duration':
      return `${shown} is not a duration of at least ${formatDurationMs(min)} (e.g. 500ms, 30s, 2m)`;
    case 'size':
      return `${shown} is not a size of at least ${min} bytes (e.g. 65536, 64KiB, 1MiB)`;
    case 'port':
      return `${shown} is not a port number (0-65535)`;
    case 'rate':
      return `${shown} is not a number of requests per second (0 = unlimited)`;
    case 'count':
      return `${shown} is not a whole number of at least ${min}`;
    case 'boolean':
      return `${shown} is not true or false`;
    case 'string':
      return `${shown} needs a value`;
  }
}

/** The flag list for `tchat server --help`. */
export function serverFlagsHelp(): string {
  const rows = SERVER_FLAGS.map((spec) => {
    const value =
      spec.kind === 'boolean'
        ? ''
        : ` ${spec.kind === 'string' ? 'TEXT' : spec.kind.toUpperCase()}`;
    const shown = defaultText(spec);
    return [
      `--${spec.name}${value}`,
      `${spec.help}${shown ? ` (default ${shown})` : ''} [${envName(spec.name)}]`,
    ];
  });
  const width = Math.max(...rows.map(([left]) => left!.length)) + 2;
  return rows.map(([left, right]) => `    ${left!.padEnd(width)}${right}`).join('\n');
}

function defaultText(spec: FlagSpec): string | undefined {
  if (spec.default === undefined || spec.default === false) return undefined;
  if (typeof spec.default === 'number') {
    if (spec.kind === 'duration') return formatDurationMs(spec.default);
    if (spec.kind === 'size') return formatSizeBytes(spec.default);
  }
  return String(spec.default);
}
