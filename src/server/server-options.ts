/**
 * Everything a chat server can be configured with, and the defaults
 * (docs/protocol-v1.md §1.4 via DEFAULT_LIMITS). The CLI maps flags onto this; tests
 * pass short timeouts and small limits directly.
 */
import { createRequire } from 'node:module';
import { DEFAULT_LIMITS, MAX_LINE_BYTES, MAX_MOTD_JSON_BYTES } from '../protocol/limits.js';

export interface ServerOptions {
  /** Needed by the `shutdown` request; compared in constant time, never logged. */
  adminToken: string;
  /** Leave `address` out of every user object sent to clients (§1.6). */
  hideAddresses: boolean;
  /** Log the text of private messages too (never by default). */
  logPrivate: boolean;
  /** Sent in `welcome` when set. */
  motd: string | undefined;
  /** The `welcome.server` string. */
  serverName: string;
  /** Token bucket per connection (§1.4); 0 = unlimited. */
  ratePerSecond: number;
  rateBurst: number;
  /** Longest line accepted (§1 framing). */
  maxLineBytes: number;
  /** Unread output allowed per client before it is closed as a slow consumer (§1.4). */
  maxQueuedBytes: number;
  maxConnections: number;
  maxConnectionsPerIp: number;
  /** Silence after which a JSON-mode client is pinged (§1.4). */
  pingAfterMs: number;
  /** Silence after which a JSON-mode client is closed (§1.4). */
  idleTimeoutMs: number;
  helloTimeoutMs: number;
  /** An unanswered call ends after this (§1.3). */
  ringTimeoutMs: number;
  /** Public messages kept for `welcome.history`. */
  historyLength: number;
  /** Protocol errors in a row before `too_many_errors` (§1.4). */
  maxErrorsInRow: number;
  /** How long a closing connection may take to flush before it is cut. */
  closeGraceMs: number;
  /**
   * A connection that has sent nothing (blank lines aside) this long after
   * connecting gets the one-line text-mode greeting (docs/protocol.md "Text
   * mode"); 0 = never.
   */
  textGreetingAfterMs: number;
  /** Plain connections get `tls_required` and are closed (needs the server's TLS identity). */
  requireTls: boolean;
  /** A name stays bound to its key this long after its last use; 0 = no reservations. */
  nameReservationMs: number;
}

const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };

export const SERVER_VERSION = packageJson.version;

export const DEFAULT_SERVER_OPTIONS: Readonly<Omit<ServerOptions, 'adminToken'>> = {
  hideAddresses: false,
  logPrivate: false,
  motd: undefined,
  serverName: `tchat ${SERVER_VERSION}`,
  ratePerSecond: DEFAULT_LIMITS.ratePerSecond,
  rateBurst: DEFAULT_LIMITS.rateBurst,
  maxLineBytes: MAX_LINE_BYTES,
  maxQueuedBytes: DEFAULT_LIMITS.maxQueuedOutputBytes,
  maxConnections: DEFAULT_LIMITS.maxConnections,
  maxConnectionsPerIp: DEFAULT_LIMITS.maxConnectionsPerIp,
  pingAfterMs: DEFAULT_LIMITS.idlePingMs,
  idleTimeoutMs: DEFAULT_LIMITS.idleTimeoutMs,
  helloTimeoutMs: DEFAULT_LIMITS.helloTimeoutMs,
  ringTimeoutMs: DEFAULT_LIMITS.ringTimeoutMs,
  historyLength: DEFAULT_LIMITS.historyLength,
  maxErrorsInRow: DEFAULT_LIMITS.maxErrorsInRow,
  closeGraceMs: 2_000,
  textGreetingAfterMs: 1_000,
  requireTls: false,
  nameReservationMs: 30 * 24 * 3600_000,
};

/** Fills in defaults; throws on values no server could run with (a broken invariant of the caller). */
export function resolveServerOptions(
  partial: Partial<ServerOptions>,
  generateToken: () => string,
): ServerOptions {
  const options: ServerOptions = {
    ...DEFAULT_SERVER_OPTIONS,
    ...definedOnly(partial),
    adminToken: partial.adminToken ?? generateToken(),
  };
  if (options.adminToken === '') throw new Error('adminToken must not be empty');
  if (options.maxLineBytes < 1) throw new Error('maxLineBytes must be at least 1');
  const motdProblem = motdProblemOf(options.motd);
  if (motdProblem !== undefined) throw new Error(motdProblem);
  return options;
}

/**
 * Why a message of the day cannot be used, or undefined: `welcome` carries
 * it and must fit in one line (docs/protocol.md "Line sizes").
 */
export function motdProblemOf(motd: string | undefined): string | undefined {
  if (motd === undefined) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(motd));
  if (bytes <= MAX_MOTD_JSON_BYTES) return undefined;
  return `the message of the day is too long (${bytes} bytes as JSON; at most ${MAX_MOTD_JSON_BYTES})`;
}

/**
 * Internal scheduling knobs (no flags: the defaults are measured, see
 * docs/benchmarks-server.md); tests may pass others through the server's deps.
 */
export interface ServerTuning {
  /**
   * Shortest wait before queued `joined`/`left` events are written, so that a
   * burst of joins costs each recipient one write, not one per join. The
   * wait grows with the cost of a flush, up to `maxPresenceDelayMs`; any
   * other event for that recipient flushes its queue at once, in order.
   */
  presenceDelayMs: number;
  maxPresenceDelayMs: number;
  /** Input lines handled per connection per event-loop turn before reading pauses (fairness). */
  maxLinesPerTurn: number;
}

export const DEFAULT_SERVER_TUNING: Readonly<ServerTuning> = {
  presenceDelayMs: 50,
  maxPresenceDelayMs: 500,
  maxLinesPerTurn: 64,
};

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}
