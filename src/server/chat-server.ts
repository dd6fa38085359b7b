/**
 * The chat server: accepts connections (or any duplex stream via `handle`),
 * enforces the connection limits, drives the timeouts, and stops gracefully
 * (docs/protocol-v1.md §1, §1.4, §1.6 "Leaving"). Composition only: the protocol is
 * in src/protocol, the domain in hub/calls/history, each connection in Session.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { logFlusher, type Logger } from '../logging/create-logger.js';
import { formatAddress, normalizeIp } from '../protocol/address.js';
import { encodeEvent } from '../protocol/encode-event.js';
import { renderEventText } from '../protocol/text-render.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { Ref } from '../protocol/messages.js';
import { CallRegistry } from './call-registry.js';
import type { ServerContext, SessionPort } from './handlers/context.js';
import { createHistory } from './history.js';
import { createInMemoryHub } from './in-memory-hub.js';
import { createLocalPublicMessages } from './public-messages.js';
import { createClusterPublicMessages } from './cluster/cluster-public-messages.js';
import { ClusterNode } from './cluster/cluster-node.js';
import { ClusterCallRouter } from './cluster/cluster-calls.js';
import { createServerLog } from './server-log.js';
import {
  DEFAULT_SERVER_TUNING,
  resolveServerOptions,
  type ServerOptions,
  type ServerTuning,
} from './server-options.js';
import { InputBudget } from './input-budget.js';
import { Session, type ChatStream, type SessionEnvironment } from './session.js';
import { FlushScheduler } from './flush-scheduler.js';
import { NameReservations } from './name-reservations.js';
import {
  createReservationWriter,
  readReservations,
  type ReservationWriter,
} from './reservation-file.js';
import { keyOf } from './user-registry.js';
import { FirstByteWait, type FirstByteOwner } from './first-byte.js';
import { createTimeoutSweeper } from './timeout-sweeper.js';

export interface ChatServer {
  readonly options: ServerOptions;
  /** Starts listening; resolves with the real address (port 0 = any free port). */
  listen(port: number, host?: string): Promise<{ host: string; port: number }>;
  address(): { host: string; port: number } | undefined;
  /** Serves one already connected stream (a socket from elsewhere, or a test's duplex). */
  handle(stream: ChatStream): void;
  /** Graceful stop: `shutdown` to every registered client, every connection closed. */
  shutdown(by?: string, reason?: string): Promise<void>;
  /** Same as `shutdown()`. */
  close(): Promise<void>;
  /** Resolves once the server has stopped, whoever asked (a `shutdown` request included). */
  readonly stopped: Promise<{ by: string; reason: string }>;
  /** Open connections, registered or not. */
  readonly connectionCount: number;
}

export interface ChatServerDeps {
  logger: Logger;
  now?: () => number;
  /** Scheduling knobs; the defaults suit production (DEFAULT_SERVER_TUNING). */
  tuning?: Partial<ServerTuning>;
  /**
   * Hands the log lines collected so far to the OS; runs before every socket
   * write (default: the logger's file transports, `logFlusher`).
   */
  flushLog?: () => void;
  /**
   * The server's certificate and key (PEM): connections that start with a
   * TLS handshake are served over TLS 1.3 (first-byte.ts). Without it the
   * server is plain only, as docs/protocol-v1.md describes.
   */
  tls?: { cert: string; key: string };
  /**
   * Where name reservations are kept (reservation-file.ts); without it they
   * live in memory only, for this run.
   */
  reservationFile?: string;
  /** Run as one node of a cluster on Redis (docs/architecture.md "Cluster on Redis"). */
  cluster?: { redisUrl: string; nodeId: string; leaseMs: number };
}

export const SIGNAL_SHUTDOWN_BY = 'server';
export const DEFAULT_STOP_REASON = 'the server is stopping';

export function createChatServer(
  partialOptions: Partial<ServerOptions>,
  deps: ChatServerDeps,
): ChatServer {
  const options = resolveServerOptions(partialOptions, () => randomBytes(16).toString('hex'));
  const now = deps.now ?? Date.now;
  const log = createServerLog(deps.logger, {
    logPrivate: options.logPrivate,
    node: deps.cluster?.nodeId,
  });
  const cluster =
    deps.cluster &&
    new ClusterNode(
      { ...deps.cluster, historyLength: options.historyLength, now },
      {
        state: (state, detail) => log.cluster(state, { detail }),
        message: (message, own) => {
          if (own) log.message(message);
        },
        nameLost: (name) => nameLost(name),
        forwarded: (name, request) => callRouter?.forwarded(name, request),
        remoteLeft: (name) => calls.userLeft(name),
        reaped: (node, names) => log.cluster('reaped', { dead: node, names }),
        shutdown: (by, reason) => void shutdown(by, reason),
      },
    );
  const hub = cluster?.hub ?? createInMemoryHub({ now });
  const callRouter = cluster && new ClusterCallRouter(cluster);
  const calls = new CallRegistry({
    hub,
    ringTimeoutMs: options.ringTimeoutMs,
    newCallId: randomUUID,
    onSignal: (signal) => {
      log.call(signal);
      // Cluster-wide busy marks end with the call, or with one member leaving it (cluster-calls.ts).
      if (cluster && (signal.kind === 'rejected' || signal.kind === 'ended')) {
        cluster.freeBusy(signal.members.map(keyOf));
      } else if (cluster && signal.kind === 'member' && signal.state === 'left') {
        cluster.freeBusy([keyOf(signal.name)]);
      }
    },
  });
  const sessions = new Set<Session>();
  const reservations = openReservations(
    options,
    now,
    deps.reservationFile,
    (error) =>
      deps.logger.log({
        level: 'error',
        message: 'name reservations not saved',
        error: error instanceof Error ? error.message : String(error),
      }),
    // A cluster keeps them in Redis too, so a reserved name is reserved on every node.
    (name) => cluster?.reservationChanged(name),
  );
  cluster?.shareReservations(reservations.domain);
  /** Accepted connections whose first byte has not come yet (first-byte.ts). */
  const waiting = new Set<FirstByteWait>();
  const secureContext = deps.tls
    ? tls.createSecureContext({ cert: deps.tls.cert, key: deps.tls.key, minVersion: 'TLSv1.3' })
    : undefined;
  const perIp = new Map<string, number>();
  const tuning = { ...DEFAULT_SERVER_TUNING, ...deps.tuning };
  const scheduler = new FlushScheduler({
    minPresenceDelayMs: tuning.presenceDelayMs,
    maxPresenceDelayMs: Math.max(tuning.presenceDelayMs, tuning.maxPresenceDelayMs),
  });
  let nextConnectionId = 1;
  let messageCount = 1;
  let netServer: net.Server | undefined;
  let stopping: Promise<void> | undefined;
  let stopInfo = { by: SIGNAL_SHUTDOWN_BY, reason: DEFAULT_STOP_REASON };
  let resolveStopped: (info: { by: string; reason: string }) => void = () => {};
  const stopped = new Promise<{ by: string; reason: string }>((resolve) => {
    resolveStopped = resolve;
  });
  let drained: (() => void) | undefined;

  const history = cluster?.history ?? createHistory(options.historyLength);
  const nextMessageId = (): number => messageCount++;
  const publicMessages = cluster
    ? createClusterPublicMessages(cluster.hub)
    : createLocalPublicMessages(hub, history, log, nextMessageId);
  const context: ServerContext = {
    options,
    hub,
    calls,
    history,
    publicMessages,
    log,
    reservations: reservations.domain,
    now,
    nextMessageId,
    ...(callRouter && { callRouter }),
    shutdown: (by, reason, requester) => {
      // Every node stops (each hears it on the control channel); this one at once.
      void cluster?.broadcastShutdown(by, reason);
      void shutdown(by, reason, requester);
    },
  };

  callRouter?.attach(context);

  /** Another node holds a local user's name now (Redis came back without it). */
  function nameLost(name: string): void {
    for (const session of sessions) {
      if (session.name === undefined || keyOf(session.name) !== keyOf(name)) continue;
      session.close({
        reason: 'error',
        error: {
          code: ErrorCode.nameTaken,
          message: `while this server could not reach its cluster store, another server gave your name ${name} to someone else; reconnect with another name`,
        },
      });
    }
    log.cluster('name_lost', { name });
  }
  const sweeper = createTimeoutSweeper(options, now, () =>
    waiting.size === 0 ? sessions : [...waiting, ...sessions],
  );
  const environment: SessionEnvironment = {
    context,
    writer: {
      maxQueuedBytes: options.maxQueuedBytes,
      scheduler,
      beforeWrite: deps.flushLog ?? logFlusher(deps.logger),
    },
    input: new InputBudget(Math.max(1, tuning.maxLinesPerTurn)),
    onClosed(session: Session) {
      sessions.delete(session);
      forgetIp(session.remoteIp);
      if (sessions.size === 0 && waiting.size === 0) drained?.();
    },
  };

  function forgetIp(ip: string): void {
    const count = (perIp.get(ip) ?? 1) - 1;
    if (count > 0) perIp.set(ip, count);
    else perIp.delete(ip);
  }

  const firstByteOwner: FirstByteOwner = {
    helloTimeoutMs: options.helloTimeoutMs,
    decided(wait, isTls, firstByte) {
      waiting.delete(wait);
      const { stream } = wait;
      if (isTls && secureContext) {
        const secure = new tls.TLSSocket(stream, {
          isServer: true,
          secureContext,
          // Identity (docs/security.md): any client certificate is accepted; its fingerprint is recorded.
          requestCert: true,
          rejectUnauthorized: false,
        });
        startSession(secure, wait.openedAtMs, true);
        return;
      }
      if (options.requireTls) {
        refusePlain(wait, firstByte);
        return;
      }
      startSession(stream, wait.openedAtMs, false);
      stream.resume();
    },
    timedOut(wait) {
      waiting.delete(wait);
      const address = addressOfStream(wait.stream);
      log.limit('hello_timeout', { address });
      const message = `no successful hello within ${options.helloTimeoutMs / 1000} s`;
      closeWith(wait, encodeEvent({ type: 'error', code: ErrorCode.helloTimeout, message }));
    },
    gone(wait) {
      waiting.delete(wait);
      forgetIp(normalizeIp(wait.stream.remoteAddress ?? ''));
      if (sessions.size === 0 && waiting.size === 0) drained?.();
    },
  };

  /** `--require-tls`: one line in the dialect the first byte announces, then close (docs/protocol.md). */
  function refusePlain(wait: FirstByteWait, firstByte: number): void {
    const message = 'this server only accepts TLS connections (tchat connects with TLS by default)';
    const event = { type: 'error' as const, code: ErrorCode.tlsRequired, message };
    log.limit('tls_required', { address: addressOfStream(wait.stream) });
    closeWith(
      wait,
      firstByte === 0x7b /* { */
        ? encodeEvent(event)
        : renderEventText(event, { viewer: undefined, nowMs: now() }),
    );
  }

  /** Sends `line`, closes, and frees the connection's slot when the socket is gone. */
  function closeWith(wait: FirstByteWait, line: string): void {
    const { stream } = wait;
    stream.once('close', () => firstByteOwner.gone(wait));
    stream.resume(); // drain whatever else comes, so `end` can complete
    stream.end(line);
    setTimeout(() => stream.destroy(), options.closeGraceMs).unref();
  }

  function startSession(stream: ChatStream, openedAtMs: number, isTls: boolean): void {
    const session = new Session(nextConnectionId++, stream, environment, openedAtMs);
    sessions.add(session);
    log.connected(session.id, addressOfStream(stream), isTls);
    session.start(); // adds the session's 'error' listener
  }

  function handle(stream: ChatStream): void {
    if (stopping) {
      stream.on('error', ignoreError); // every socket has an 'error' listener, even rejected ones
      stream.destroy();
      return;
    }
    // Read once here: Node caches the peer address, which the session reads again when needed.
    const ip = normalizeIp(stream.remoteAddress ?? '');
    const address =
      stream.remoteAddress !== undefined && stream.remotePort !== undefined
        ? formatAddress(stream.remoteAddress, stream.remotePort)
        : undefined;
    const fromIp = perIp.get(ip) ?? 0;
    const open = sessions.size + waiting.size;
    if (open >= options.maxConnections || fromIp >= options.maxConnectionsPerIp) {
      stream.on('error', ignoreError);
      reject(stream, address, open >= options.maxConnections ? 'all' : 'ip');
      return;
    }
    perIp.set(ip, fromIp + 1);
    sweeper.start();
    if (!secureContext && !options.requireTls) {
      startSession(stream, now(), false);
      return;
    }
    waiting.add(new FirstByteWait(stream, now(), firstByteOwner));
  }

  /** §1.4: `server_full` (as JSON: the dialect is not known yet, §1.6), then close. */
  function reject(stream: ChatStream, address: string | undefined, scope: 'all' | 'ip'): void {
    const message =
      scope === 'all' ? 'the server is full' : 'too many connections from your address';
    log.limit('server_full', { address, scope });
    stream.end(encodeEvent({ type: 'error', code: ErrorCode.serverFull, message }));
    stream.resume(); // read (and drop) to the peer's FIN, so the socket closes as soon as it is done
    setTimeout(() => stream.destroy(), options.closeGraceMs).unref();
  }

  async function shutdown(
    by: string = SIGNAL_SHUTDOWN_BY,
    reason: string = DEFAULT_STOP_REASON,
    requester?: { session: SessionPort; ref?: Ref },
  ): Promise<void> {
    if (stopping) return stopping;
    stopInfo = { by, reason };
    stopping = (async () => {
      log.shutdown(by, reason, hub.size);
      sweeper.stop();
      calls.close();
      const closed = new Promise<void>((resolve) => {
        if (sessions.size === 0 && waiting.size === 0) resolve();
        else drained = resolve;
      });
      for (const wait of [...waiting]) wait.stream.destroy();
      const listenerClosed = new Promise<void>((resolve) => {
        if (netServer?.listening) netServer.close(() => resolve());
        else resolve();
      });
      for (const session of [...sessions]) {
        const ref = session === requester?.session ? requester.ref : undefined;
        session.shutdown({ type: 'shutdown', by, reason, ...(ref !== undefined && { ref }) });
      }
      await Promise.all([closed, listenerClosed]);
      await cluster?.stop();
      reservations.writer?.flush();
      log.stopped();
      resolveStopped(stopInfo);
    })();
    return stopping;
  }

  return {
    options,
    get connectionCount() {
      return sessions.size + waiting.size;
    },
    stopped,
    handle,
    async listen(port, host = '0.0.0.0') {
      await cluster?.start();
      return new Promise((resolve, rejectListen) => {
        const server = net.createServer({ noDelay: true }, handle);
        netServer = server;
        server.once('error', rejectListen);
        server.listen(port, host, () => {
          server.off('error', rejectListen);
          server.on('error', () => {});
          const bound = addressOf(server);
          log.listening(bound.host, bound.port);
          resolve(bound);
        });
      });
    },
    address() {
      return netServer?.listening ? addressOf(netServer) : undefined;
    },
    shutdown: (by, reason) => shutdown(by, reason),
    close: () => shutdown(),
  };
}

function ignoreError(): void {}

/** The reservations from `file` (if any), saved back on every change. */
function openReservations(
  options: ServerOptions,
  now: () => number,
  file: string | undefined,
  onError: (error: unknown) => void,
  onChanged: (name: string) => void,
): { domain: NameReservations; writer: ReservationWriter | undefined } {
  let writer: ReservationWriter | undefined;
  const domain = new NameReservations(
    {
      keyOf,
      durationMs: options.nameReservationMs,
      onChange: (kind, name) => {
        writer?.changed(kind);
        onChanged(name);
      },
    },
    file !== undefined ? readReservations(file) : [],
  );
  if (file !== undefined) {
    writer = createReservationWriter(file, () => domain.entries(now()), { onError });
  }
  return { domain, writer };
}

function addressOfStream(stream: ChatStream): string | undefined {
  return stream.remoteAddress !== undefined && stream.remotePort !== undefined
    ? formatAddress(stream.remoteAddress, stream.remotePort)
    : undefined;
}

function addressOf(server: net.Server): { host: string; port: number } {
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new Error('server is not bound to TCP');
  return { host: normalizeIp(bound.address), port: bound.port };
}
