/** Numbers fixed by docs/protocol-v1.md; server flags may change the ones marked as defaults. */

export const PROTOCOL_VERSION = 1;
export const DEFAULT_PORT = 7777;

/** §1 framing: a longer line is fatal (`line_too_long`). */
export const MAX_LINE_BYTES = 65_536;
/**
 * The tchat server never sends a JSON line longer than §1's limit either, so
 * clients that apply that limit to what they receive get every line
 * (docs/protocol.md "Line sizes").
 */
export const MAX_SERVER_LINE_BYTES = MAX_LINE_BYTES;
/**
 * What the tchat client accepts from a server: far above any line a
 * legitimate server sends (older tchat servers sent the whole user list in
 * one line, about 2.5 MB at 10,000 users with full history), and a bound on
 * what a hostile one can make it hold (docs/protocol.md "Line sizes").
 */
export const CLIENT_MAX_LINE_BYTES = 8 * 1024 * 1024;
/** `--motd` as a JSON string: at most this long, so that `welcome` fits in one line. */
export const MAX_MOTD_JSON_BYTES = 16 * 1024;
/** §1.4 name: 1–24 code points after NFC and trimming. */
export const MAX_NAME_CODE_POINTS = 24;
/** §1.4 text: 1–4096 code points. */
export const MAX_TEXT_CODE_POINTS = 4096;
/** §1.6 reason fields: at most 200 code points. */
export const MAX_REASON_CODE_POINTS = 200;
/** §1.1 `ref`: string or number, at most 64 chars. */
export const MAX_REF_CHARS = 64;
/** §1.1 `client`: free text, at most 64. */
export const MAX_CLIENT_CHARS = 64;
/** §1.3 a call token carries at least 128 bits. */
export const MIN_CALL_TOKEN_BITS = 128;

/** §1.4 defaults; each is a server flag. */
export const DEFAULT_LIMITS = {
  ratePerSecond: 10,
  rateBurst: 20,
  maxQueuedOutputBytes: 1024 * 1024,
  maxConnections: 10_000,
  maxConnectionsPerIp: 100,
  idlePingMs: 30_000,
  idleTimeoutMs: 90_000,
  helloTimeoutMs: 30_000,
  maxErrorsInRow: 10,
  historyLength: 50,
  ringTimeoutMs: 30_000,
} as const;
