/**
 * `tchat server` flags → configuration. A flag beats its
 * `TCHAT_*` variable, which beats the default. Pure: the caller passes the raw
 * values and the environment. The flags themselves are in server-flag-specs.ts.
 */
import { motdProblemOf, type ServerOptions } from '../server/server-options.js';
import { SERVER_FLAGS, type FlagKind, type FlagSpec } from './server-flag-specs.js';
import { formatDurationMs, formatSizeBytes, parseDurationMs, parseSizeBytes } from './units.js';

export { SERVER_FLAGS } from './server-flag-specs.js';

export interface ServerCommandConfig {
  host: string;
  port: number;
  logDir: string;
  adminToken: string | undefined;
  quiet: boolean;
  logMaxBytes: number;
  logMaxFiles: number;
  /** Log files readable by their group (0640 instead of 0600). */
  logGroupRead: boolean;
  dataDir: string;
  /** `--tls-cert`/`--tls-key`: a real certificate instead of the generated one. */
  tlsFiles: { cert: string; key: string } | undefined;
  /** `--redis`: a node of a cluster (docs/architecture.md "Cluster on Redis"). */
  cluster: { redisUrl: string; nodeId: string | undefined; leaseMs: number } | undefined;
  server: Omit<ServerOptions, 'adminToken' | 'serverName' | 'closeGraceMs' | 'textGreetingAfterMs'>;
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
  const motdProblem = motdProblemOf(get<string | undefined>('motd'));
  if (motdProblem !== undefined) return { ok: false, message: `--motd: ${motdProblem}` };
  const tlsCert = get<string | undefined>('tls-cert');
  const tlsKey = get<string | undefined>('tls-key');
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    return { ok: false, message: '--tls-cert and --tls-key go together' };
  }
  const redisUrl = get<string | undefined>('redis');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    return { ok: false, message: `--redis: expected redis://HOST:PORT, got ${redisUrl}` };
  }
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
      logGroupRead: get('log-group-read'),
      dataDir: get('data-dir'),
      tlsFiles:
        tlsCert !== undefined && tlsKey !== undefined ? { cert: tlsCert, key: tlsKey } : undefined,
      cluster:
        redisUrl === undefined
          ? undefined
          : { redisUrl, nodeId: get('node-id'), leaseMs: get('node-lease') },
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
        requireTls: get('require-tls'),
        nameReservationMs: get('name-reservation'),
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

function readNumber(kind: FlagKind, text: string): number | undefined {
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
