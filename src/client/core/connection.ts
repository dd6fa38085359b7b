/**
 * The chat connection (PROTOCOL.md §1): one TCP socket at a time, JSON lines
 * in both directions, reconnect with backoff until told to stop (issue 3
 * item 6), and the keep-alive rules of §1.4 (answer the server's `ping`;
 * probe and then drop a server that has gone silent).
 */
import net from 'node:net';
import { CLIENT_MAX_LINE_BYTES } from '../../protocol/limits.js';
import { createLineDecoder } from '../../protocol/line-decoder.js';
import type { Request, ServerEvent } from '../../protocol/messages.js';
import { parseServerEvent } from '../../protocol/parse-event.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { ListAssembler } from './list-assembler.js';

export type ConnectionEvent =
  | { type: 'connecting'; attempt: number }
  | { type: 'open' }
  | { type: 'event'; event: ServerEvent }
  /** A line we could not use; worth a debug log, not a disconnect. */
  | { type: 'problem'; text: string }
  /** The socket is gone. `retryInMs` is null when no reconnect follows. */
  | { type: 'closed'; error: string; retryInMs: number | null; attempt: number };

export interface ConnectionOptions {
  host: string;
  port: number;
  onEvent: (event: ConnectionEvent) => void;
  connectTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Silence from the server after which we send our own `ping`. */
  probeAfterMs?: number;
  /** Silence after which the server counts as gone (§1.4: it pings every 30 s). */
  deadAfterMs?: number;
}

export interface Connection {
  /** Connects, and keeps reconnecting until `stop()`. */
  start(): void;
  /** Writes one request; false when there is no open socket. */
  send(request: Request): boolean;
  /** No more reconnects; the current socket stays until the server closes it or `close()`. */
  stopReconnecting(): void;
  /** Stops reconnecting and closes the socket now. */
  close(): void;
  /** After a successful registration the next drop starts the backoff from the beginning. */
  resetBackoff(): void;
  /** Waiting for the next attempt: make it now (false when not waiting). */
  retryNow(): boolean;
  readonly isOpen: boolean;
}

const SOCKET_ERRORS: Record<string, (host: string, port: number) => string> = {
  ECONNREFUSED: (host, port) => `nothing listens on ${host}:${port}`,
  ENOTFOUND: (host) => `cannot resolve host "${host}"`,
  EAI_AGAIN: (host) => `cannot resolve host "${host}"`,
  ECONNRESET: () => 'the connection was reset',
  ETIMEDOUT: (host, port) => `${host}:${port} does not answer`,
  EHOSTUNREACH: (host) => `${host} is unreachable`,
  ENETUNREACH: (host) => `${host} is unreachable`,
};

/** "nothing listens on 127.0.0.1:7777" rather than "connect ECONNREFUSED 127.0.0.1:7777". */
export function describeSocketError(
  error: NodeJS.ErrnoException,
  host: string,
  port: number,
): string {
  const describe = error.code !== undefined ? SOCKET_ERRORS[error.code] : undefined;
  return describe ? describe(host, port) : error.message;
}

export function createConnection(options: ConnectionOptions): Connection {
  const { host, port, onEvent } = options;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const probeAfterMs = options.probeAfterMs ?? 45_000;
  const deadAfterMs = options.deadAfterMs ?? 100_000;
  let socket: net.Socket | null = null;
  let open = false;
  let reconnect = true;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let liveTimer: NodeJS.Timeout | null = null;
  let lastHeardMs = 0;
  let probed = false;

  function write(request: Request): boolean {
    if (!socket || !open) return false;
    socket.write(`${JSON.stringify(request)}\n`);
    return true;
  }

  function watchLiveness(current: net.Socket): void {
    const tickMs = Math.max(50, Math.min(probeAfterMs, deadAfterMs) / 3);
    liveTimer = setInterval(() => {
      const silentMs = Date.now() - lastHeardMs;
      if (silentMs >= deadAfterMs) {
        current.destroy(new Error(`no data from the server for ${Math.round(silentMs / 1000)} s`));
      } else if (silentMs >= probeAfterMs && !probed) {
        probed = true;
        write({ type: 'ping', ts: Date.now() });
      }
    }, tickMs);
    liveTimer.unref();
  }

  function connect(): void {
    retryTimer = null;
    attempt += 1;
    onEvent({ type: 'connecting', attempt });
    // docs/protocol.md "Line sizes": every line a server may send, and a bound against a hostile one.
    const decoder = createLineDecoder({ maxLineBytes: CLIENT_MAX_LINE_BYTES });
    const lists = new ListAssembler();
    const current = net.createConnection({ host, port });
    socket = current;
    let failure = 'the server closed the connection';
    const connectTimer = setTimeout(() => {
      current.destroy(
        new Error(`${host}:${port} did not answer within ${connectTimeoutMs / 1000} s`),
      );
    }, connectTimeoutMs);
    current.setNoDelay(true);
    current.on('connect', () => {
      clearTimeout(connectTimer);
      current.setKeepAlive(true, 30_000);
      open = true;
      lastHeardMs = Date.now();
      probed = false;
      watchLiveness(current);
      onEvent({ type: 'open' });
    });
    current.on('data', (chunk: Buffer) => {
      lastHeardMs = Date.now();
      probed = false;
      for (const line of decoder.push(chunk)) {
        if (line.kind === 'too_long') {
          current.destroy(new Error('the server sent a line over 8 MiB'));
          return;
        }
        if (line.kind === 'bad_utf8') {
          onEvent({ type: 'problem', text: 'the server sent a line that is not UTF-8' });
          continue;
        }
        if (line.text.trim() === '') continue;
        handleLine(line.text, lists);
      }
    });
    current.on('error', (error: NodeJS.ErrnoException) => {
      failure = describeSocketError(error, host, port);
    });
    current.on('close', () => {
      clearTimeout(connectTimer);
      if (liveTimer) clearInterval(liveTimer);
      liveTimer = null;
      open = false;
      if (socket === current) socket = null;
      const retryInMs = reconnect
        ? backoffDelayMs(attempt, options.backoff ?? DEFAULT_BACKOFF)
        : null;
      onEvent({ type: 'closed', error: failure, retryInMs, attempt });
      if (retryInMs !== null) retryTimer = setTimeout(connect, retryInMs);
    });
  }

  function handleLine(text: string, lists: ListAssembler): void {
    const parsed = parseServerEvent(text);
    switch (parsed.kind) {
      case 'event':
        // §1.2/§1.4: a server `ping` wants a `pong` with the same `ts`.
        if (parsed.event.type === 'ping') {
          write(
            parsed.event.ts !== undefined
              ? { type: 'pong', ts: parsed.event.ts }
              : { type: 'pong' },
          );
        }
        for (const event of lists.push(parsed.event)) onEvent({ type: 'event', event });
        return;
      case 'unknown':
        onEvent({ type: 'problem', text: `ignored an event of unknown type "${parsed.type}"` });
        return;
      case 'invalid':
        onEvent({ type: 'problem', text: `ignored a bad line from the server: ${parsed.reason}` });
        return;
    }
  }

  function stopReconnecting(): void {
    reconnect = false;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  }

  return {
    get isOpen() {
      return open;
    },
    start() {
      if (socket || retryTimer) return;
      reconnect = true;
      connect();
    },
    send: write,
    stopReconnecting,
    close() {
      stopReconnecting();
      socket?.destroy();
    },
    resetBackoff() {
      attempt = 0;
    },
    retryNow() {
      if (!retryTimer) return false;
      clearTimeout(retryTimer);
      connect();
      return true;
    },
  };
}
