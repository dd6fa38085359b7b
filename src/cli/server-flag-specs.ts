/**
 * The flags of `tchat server` as data: name, kind, default,
 * help line. Both the parser and `--help` are derived from this table, so
 * they cannot disagree.
 */
import { DEFAULT_MAX_LOG_FILE_BYTES, DEFAULT_MAX_LOG_FILES } from '../logging/create-logger.js';
import { DEFAULT_PORT } from '../protocol/limits.js';
import { DEFAULT_SERVER_OPTIONS } from '../server/server-options.js';

export type FlagKind = 'string' | 'boolean' | 'port' | 'count' | 'rate' | 'duration' | 'size';

export interface FlagSpec {
  name: string;
  kind: FlagKind;
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
    name: 'log-group-read',
    kind: 'boolean',
    default: false,
    help: 'log files 0640 and a new log folder 0750 (the group may read), not 0600/0700',
  },
  {
    name: 'data-dir',
    kind: 'string',
    default: './data',
    help: 'where the TLS certificate and name reservations are kept',
  },
  {
    name: 'tls-cert',
    kind: 'string',
    default: undefined,
    help: 'PEM certificate to use instead of the generated one (with --tls-key)',
  },
  { name: 'tls-key', kind: 'string', default: undefined, help: 'PEM key of --tls-cert' },
  {
    name: 'require-tls',
    kind: 'boolean',
    default: false,
    help: 'refuse plain (unencrypted) connections with tls_required',
  },
  {
    name: 'name-reservation',
    kind: 'duration',
    default: o.nameReservationMs,
    min: 0,
    help: "how long a name stays bound to its owner's key after last use; 0 = off",
  },
  {
    name: 'redis',
    kind: 'string',
    default: undefined,
    help: 'run as a node of a cluster on this Redis (redis://HOST:PORT)',
  },
  {
    name: 'node-id',
    kind: 'string',
    default: undefined,
    help: 'this node in a cluster and on every log line (default HOST:PORT)',
  },
  {
    name: 'node-lease',
    kind: 'duration',
    default: 15_000,
    min: 300,
    help: "a cluster node silent this long is dead and its users' names are freed",
  },
  {
    name: 'quiet',
    kind: 'boolean',
    default: false,
    help: 'no console line per event (the listening line still prints)',
  },
];
