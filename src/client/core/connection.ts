/**
 * The chat connection (docs/protocol-v1.md §1): one stream at a time, JSON
 * lines in both directions, reconnect with backoff until told to stop, and
 * the keep-alive rules of §1.4 (answer the server's `ping`; probe and then
 * drop a server that has gone silent). The bytes travel through a
 * `Transport` (transport.ts), so this logic runs the same over TCP, TLS or a
 * test's fake. With several servers (the nodes of a cluster, server-list.ts)
 * each attempt after a close goes to the next one in turn, with the same
 * backoff (docs/protocol.md "Fail-over").
 */
import { CLIENT_MAX_LINE_BYTES } from '../../protocol/limits.js';
import { createLineDecoder } from '../../protocol/line-decoder.js';
import type { Request, ServerEvent } from '../../protocol/messages.js';
import { parseServerEvent } from '../../protocol/parse-event.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { ListAssembler } from './list-assembler.js';
import type { ServerAddress } from './server-list.js';
import type { PeerSecurity, Transport, TransportStream } from './transport.js';

export type ConnectionEvent =
  /** `server`: the one this attempt goes to. */
  | { type: 'connecting'; attempt: number; server: ServerAddress }
  | { type: 'open'; peer: PeerSecurity; server: ServerAddress }
  | { type: 'event'; event: ServerEvent }
  /** A line we could not use; worth a debug log, not a disconnect. */
  | { type: 'problem'; text: string }
  /**
   * The stream is gone. `retryInMs` is null when no reconnect follows;
   * `notTls`: the server does not speak TLS, so no reconnect follows either.
   */
  | {
      type: 'closed';
      error: string;
      retryInMs: number | null;
      attempt: number;
      notTls?: boolean;
      /** The server of the next attempt (the next in the list when there are several). */
      next: ServerAddress;
    };

export interface ConnectionOptions {
  host: string;
  port: number;
  /** More servers of the same cluster, tried in turn after `host:port` (and then it again). */
  failover?: readonly ServerAddress[];
  transport: Transport;
  onEvent: (event: ConnectionEvent) => void;
  connectTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Silence from the server after which we send our own `ping`. */
  probeAfterMs?: number;
  /** Silence after which the server counts as gone (§1.4: it pings every 30 s). */
  deadAfterMs?: number;
  /** Jitter source of the backoff (tests pin it). */
  random?: () => number;
  /**
   * Checks the other end before anything is sent or any event is reported
   * (docs/security.md "Trust on first use"): until it resolves the stream
   * counts as not open, so not even a `pong` or a probe goes out. A refusal
   * closes the stream and ends the reconnects.
   */
  verifyPeer?: (peer: PeerSecurity, server: ServerAddress) => Promise<PeerVerdict>;
}

export type PeerVerdict = { ok: true } | { ok: false; reason: string };

export interface Connection {
  /** Connects, and keeps reconnecting until `stop()`. */
  start(): void;
  /** Writes one request; false when there is no open stream. */
  send(request: Request): boolean;
  /** No more reconnects; the current stream stays until the server closes it or `close()`. */
  stopReconnecting(): void;
  /** Stops reconnecting and closes the stream now (`reason`: what the user is told). */
  close(reason?: string): void;
  /** After a successful registration the next drop starts the backoff from the beginning. */
  resetBackoff(): void;
  /** Waiting for the next attempt: make it now (false when not waiting). */
  retryNow(): boolean;
  /**
   * With several servers: leave the current one (`reason` for the log) and
   * connect to the next at once. False with a single server or when stopped.
   */
  moveOn(reason: string): boolean;
  /** The server of the current (or next) attempt. */
  readonly server: ServerAddress;
  readonly isOpen: boolean;
}

export function createConnection(options: ConnectionOptions): Connection {
  const { onEvent, transport } = options;
  const servers: readonly ServerAddress[] = [
    { host: options.host, port: options.port },
    ...(options.failover ?? []),
  ];
  let serverIndex = 0;
  /** Set by `moveOn`: the close it causes reconnects at once, without the backoff. */
  let skipBackoff = false;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const probeAfterMs = options.probeAfterMs ?? 45_000;
  const deadAfterMs = options.deadAfterMs ?? 100_000;
  let stream: TransportStream | null = null;
  let open = false;
  let reconnect = true;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let liveTimer: NodeJS.Timeout | null = null;
  let lastHeardMs = 0;
  let probed = false;

  function write(request: Request): boolean {
    if (!stream || !open) return false;
    stream.write(`${JSON.stringify(request)}\n`);
    return true;
  }

  function watchLiveness(current: TransportStream): void {
    const tickMs = Math.max(50, Math.min(probeAfterMs, deadAfterMs) / 3);
    liveTimer = setInterval(() => {
      const silentMs = Date.now() - lastHeardMs;
      if (silentMs >= deadAfterMs) {
        current.destroy(`no data from the server for ${Math.round(silentMs / 1000)} s`);
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
    const server = servers[serverIndex]!;
    const { host, port } = server;
    onEvent({ type: 'connecting', attempt, server });
    // docs/protocol.md "Line sizes": every line a server may send, and a bound against a hostile one.
    const decoder = createLineDecoder({ maxLineBytes: CLIENT_MAX_LINE_BYTES });
    const lists = new ListAssembler();
    let failure = 'the server closed the connection';
    let notTls = false;
    let closed = false;
    let connectTimer: NodeJS.Timeout | undefined;
    const current: TransportStream = transport.connect(
      { host, port },
      {
        onOpen(peer) {
          if (closed) return;
          clearTimeout(connectTimer);
          if (!options.verifyPeer) {
            opened(peer);
            return;
          }
          options.verifyPeer(peer, server).then(
            (verdict) => {
              if (closed) return;
              if (verdict.ok) opened(peer);
              else refuse(verdict.reason);
            },
            (error: unknown) => refuse(error instanceof Error ? error.message : String(error)),
          );
        },
        onData(chunk) {
          if (closed || !open) return; // nothing is read from a peer not verified yet
          lastHeardMs = Date.now();
          probed = false;
          for (const line of decoder.push(chunk)) {
            if (line.kind === 'too_long') {
              current.destroy('the server sent a line over 8 MiB');
              return;
            }
            if (line.kind === 'bad_utf8') {
              onEvent({ type: 'problem', text: 'the server sent a line that is not UTF-8' });
              continue;
            }
            if (line.text.trim() === '') continue;
            handleLine(line.text, lists);
          }
        },
        onError(error) {
          failure = error.message;
          notTls = error.notTls === true;
        },
        onClose() {
          if (closed) return;
          closed = true;
          clearTimeout(connectTimer);
          if (liveTimer) clearInterval(liveTimer);
          liveTimer = null;
          open = false;
          if (stream === current) stream = null;
          const retryInMs =
            !reconnect || notTls
              ? null
              : skipBackoff
                ? 0
                : backoffDelayMs(attempt, options.backoff ?? DEFAULT_BACKOFF, options.random);
          skipBackoff = false;
          // The next attempt goes to the next server: a dead node is not knocked at twice in a row.
          if (retryInMs !== null) serverIndex = (serverIndex + 1) % servers.length;
          onEvent({
            type: 'closed',
            error: failure,
            retryInMs,
            attempt,
            ...(notTls ? { notTls } : {}),
            next: servers[serverIndex]!,
          });
          if (retryInMs !== null) retryTimer = setTimeout(connect, retryInMs);
        },
      },
    );
    function opened(peer: PeerSecurity): void {
      open = true;
      lastHeardMs = Date.now();
      probed = false;
      watchLiveness(current);
      onEvent({ type: 'open', peer, server });
    }
    function refuse(reason: string): void {
      stopReconnecting();
      current.destroy(reason);
    }
    if (closed) return; // a transport may fail at once, before returning
    stream = current;
    if (!open) {
      connectTimer = setTimeout(() => {
        current.destroy(`${host}:${port} did not answer within ${connectTimeoutMs / 1000} s`);
      }, connectTimeoutMs);
    }
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
    get server() {
      return servers[serverIndex]!;
    },
    start() {
      if (stream || retryTimer) return;
      reconnect = true;
      connect();
    },
    send: write,
    stopReconnecting,
    close(reason) {
      stopReconnecting();
      stream?.destroy(reason);
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
    moveOn(reason) {
      if (servers.length < 2 || !reconnect) return false;
      if (stream) {
        skipBackoff = true;
        stream.destroy(reason);
        return true;
      }
      if (!retryTimer) return false;
      // Waiting already: the index moved on at the close, so the retry goes to the next server.
      clearTimeout(retryTimer);
      connect();
      return true;
    },
  };
}
