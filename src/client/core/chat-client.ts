/**
 * The client core: connection + ref matching + reducer +
 * call signaling, behind one object the UI drives. Imports neither Ink nor
 * React; the integration tests drive it exactly as the TUI does.
 */
import type { Request, ServerEvent } from '../../protocol/messages.js';
import { checkName } from '../../protocol/names.js';
import { createCallController, type CallController } from './call-controller.js';
import type { CallMediaPort } from './call-media-port.js';
import type { ClientCommand } from './command-parser.js';
import { parseInput } from './command-parser.js';
import { createCommandRunner, type CommandResult } from './command-runner.js';
import type { BackoffOptions } from './backoff.js';
import { forwardLog } from './log-forwarder.js';
import { createNameReclaimer } from './name-reclaimer.js';
import {
  createConnection,
  type ConnectionEvent,
  type ConnectionOptions,
  type PeerVerdict,
} from './connection.js';
import { createEventIntake } from './event-intake.js';
import { createServerTrust, type TrustOutcome, type TrustStore } from './server-trust.js';
import { serverKey, type ServerAddress } from './server-list.js';
import type { PeerSecurity } from './transport.js';
import type { Transport } from './transport.js';
import { createRequestTracker } from './request-tracker.js';
import { createInitialState, type ClientState, type LogEntry, type LogLevel } from './state.js';
import { createStore } from './store.js';

export interface ChatClientOptions {
  /** The server to connect to first. */
  host: string;
  port: number;
  /**
   * More nodes of the same cluster: after a drop the client moves on to the
   * next one in turn (docs/protocol.md "Fail-over"); `/reconnect` too.
   */
  failover?: readonly ServerAddress[];
  /** How bytes reach the server (src/client/transport: TLS, plain TCP; a fake in tests). */
  transport: Transport;
  /**
   * The pins of known servers (server-trust.ts). Every encrypted connection is
   * checked against it before a byte is sent; `expected` is `--trust` (one
   * fingerprint, or those of every node of a cluster). Each server is pinned
   * on its own, keyed by its `host:port`.
   */
  trust?: { store: TrustStore; expected?: string | readonly string[] | undefined };
  /** The session is in clear on purpose (`--plaintext`): the status bar says so throughout. */
  plaintext?: boolean;
  /** Our TLS identity's fingerprint (`AB:CD:…`), shown by `/info`. */
  identityFingerprint?: string;
  /** Register with this name at once; without it the UI asks (state `need_name`). */
  name?: string;
  /** The media layer; without it calls can be placed and declined but not accepted. */
  callMedia?: CallMediaPort;
  /** What we can receive (§1.1 `caps`); defaults to `["call"]` and the media layer's (`call-tls`) when `callMedia` is given. */
  caps?: string[];
  /** `client` in `hello`. */
  clientInfo?: string;
  requestTimeoutMs?: number;
  /** A server `shutdown` ends the client, as it did before reconnecting existed (for scripts). */
  exitOnShutdown?: boolean;
  /** How long /quit waits for `bye` before closing anyway. */
  quitTimeoutMs?: number;
  connection?: Partial<
    Pick<
      ConnectionOptions,
      'backoff' | 'connectTimeoutMs' | 'probeAfterMs' | 'deadAfterMs' | 'random'
    >
  >;
  /**
   * After a reconnect, how long a `name_taken` for the name we held counts as
   * our own lingering session (default RECLAIM_NAME_MS), and how fast we ask again.
   */
  reclaimName?: { windowMs?: number; backoff?: BackoffOptions };
  /** A `subscribe` listener threw (default: rethrown from a microtask, for the process's crash handler). */
  onListenerError?: (error: unknown) => void;
  /** Every log line the core produces (not those fed in with `appendLog`), e.g. for the log file. */
  onLog?: (entry: LogEntry) => void;
  now?: () => number;
}

export type { CommandResult } from './command-runner.js';

export interface ChatClient {
  getState: () => ClientState;
  subscribe: (listener: () => void) => () => void;
  /** Connects (and keeps reconnecting until quit, shutdown or `close`). */
  start(): void;
  /** The user chose a name in the prompt. */
  chooseName(name: string): CommandResult;
  /** Parses and runs one input line. `/help` is the UI's to show: it returns `help: true`. */
  submit(line: string): CommandResult & { help?: boolean; search?: string };
  run(command: ClientCommand): CommandResult;
  /** The message view is (not) at the bottom: unread counting. */
  noteScroll(atBottom: boolean): void;
  /** Focus is (not) on a pane other than the messages and the input line: the hotlist counts. */
  noteFocus(elsewhere: boolean): void;
  /** A line for the log pane (and `onLog`), e.g. a command the UI refused. */
  log(level: LogLevel, text: string): void;
  /** A line for the log pane that is already in the log file (the winston pane transport); not passed to `onLog`. */
  appendLog(level: LogLevel, text: string): void;
  readonly calls: Pick<CallController, 'handle' | 'onHandle' | 'toggleMic' | 'toggleCamera'>;
  /** The user's answer to the first-contact question (`state.trustQuestion`). */
  answerTrust(yes: boolean): void;
  /** Stops everything at once (no `quit` sent). */
  close(): void;
}

export function createChatClient(options: ChatClientOptions): ChatClient {
  const now = options.now ?? Date.now;
  const store = createStore(
    createInitialState({
      ...options,
      ...(options.plaintext ? { plaintext: true } : {}),
      ...(options.reclaimName?.windowMs !== undefined
        ? { reclaimNameMs: options.reclaimName.windowMs }
        : {}),
    }),
    options.onListenerError ? { onListenerError: options.onListenerError } : {},
  );
  const caps =
    options.caps ?? (options.callMedia ? ['call', ...(options.callMedia.caps ?? [])] : []);
  let quitTimer: NodeJS.Timeout | null = null;
  const logForwarder = forwardLog(store, options.onLog);

  function log(level: LogLevel, text: string): void {
    store.dispatch({ type: 'log', level, text, atMs: now() });
  }

  const tracker = createRequestTracker({
    timeoutMs: options.requestTimeoutMs ?? 10_000,
    onTimeout: (request) =>
      store.dispatch({
        type: 'request_failed',
        request,
        reason: 'no reply from the server in time',
        atMs: now(),
      }),
  });

  let pendingAnswer: ((yes: boolean) => void) | null = null;
  const trust = options.trust;
  /** One trust decision per server: each node of a cluster is pinned (and asked about) on its own. */
  const trustByServer = new Map<string, (peer: PeerSecurity) => Promise<PeerVerdict>>();
  const verifyPeer = trust
    ? (peer: PeerSecurity, server: ServerAddress): Promise<PeerVerdict> => {
        const key = serverKey(server);
        let verify = trustByServer.get(key);
        if (!verify) {
          verify = createServerTrust(
            {
              server: key,
              store: trust.store,
              expected: trust.expected,
              ask: (question) =>
                new Promise<boolean>((resolve) => {
                  pendingAnswer = resolve;
                  store.dispatch({ type: 'trust_question', question });
                }),
            },
            onTrustOutcome,
          );
          trustByServer.set(key, verify);
        }
        return verify(peer);
      }
    : undefined;

  function onTrustOutcome(outcome: TrustOutcome): void {
    if (store.getState().trustQuestion) store.dispatch({ type: 'trust_question', question: null });
    switch (outcome.kind) {
      case 'trusted':
        store.dispatch({
          type: 'security',
          security: { kind: 'tls', fingerprint: outcome.fingerprint },
        });
        return;
      case 'plain':
        store.dispatch({ type: 'security', security: { kind: 'plain' } });
        return;
      case 'stop':
        if (!store.getState().ended) {
          store.dispatch({
            type: 'ended',
            kind: outcome.insecure ? 'insecure' : 'refused',
            text: outcome.text,
          });
        }
        return;
    }
  }

  const connection = createConnection({
    host: options.host,
    port: options.port,
    ...(options.failover ? { failover: options.failover } : {}),
    transport: options.transport,
    ...options.connection,
    ...(verifyPeer ? { verifyPeer } : {}),
    onEvent,
  });

  function send(request: Request): boolean {
    return connection.send(tracker.track(request));
  }

  const calls = createCallController({
    port: options.callMedia,
    getState: store.getState,
    dispatch: store.dispatch,
    send,
    log,
    now,
  });

  function sendHello(name: string): void {
    send({ type: 'hello', name, protocol: 1, client: options.clientInfo ?? 'tchat', caps });
  }

  const reclaimer = createNameReclaimer({
    getState: store.getState,
    retry: (name) => {
      if (connection.isOpen) sendHello(name);
    },
    backoff: options.reclaimName?.backoff,
  });

  /**
   * The events a crowd or a busy channel sends by the thousand wait for the next turn and are
   * applied together (event-intake.ts); every other event applies what waits first, then
   * itself, at once — so order is kept, and calls and errors are never held back.
   */
  const intake = createEventIntake({
    apply: (events) => store.dispatch({ type: 'server_events', events }),
  });
  const BATCHED: ReadonlySet<ServerEvent['type']> = new Set([
    'message',
    'joined',
    'left',
    'user_status',
  ]);

  function onEvent(event: ConnectionEvent): void {
    if (event.type !== 'event') intake.flush();
    switch (event.type) {
      case 'connecting': {
        const { host, port } = event.server;
        const state = store.getState();
        if (state.host !== host || state.port !== port)
          store.dispatch({ type: 'server', host, port });
        store.dispatch({
          type: 'connection',
          status: { kind: 'connecting', attempt: event.attempt },
          atMs: now(),
        });
        return;
      }
      case 'open': {
        reclaimer.cancel();
        store.dispatch({ type: 'connection', status: { kind: 'connected' }, atMs: now() });
        log('info', `connected to ${serverKey(event.server)}`);
        const registration = store.getState().registration;
        if (registration.kind === 'registering') sendHello(registration.name);
        // Speak first while the user is still choosing a name: a silent connection
        // would get the server's text-mode greeting (docs/protocol.md "Text mode").
        else send({ type: 'ping' });
        return;
      }
      case 'event':
        onServerEvent(event.event);
        return;
      case 'problem':
        log('debug', event.text);
        return;
      case 'closed':
        onClosed(event);
        return;
    }
  }

  function onServerEvent(event: ServerEvent): void {
    const request =
      tracker.settle(event.ref) ??
      (event.type === 'call_ringing' ? tracker.settleOldest('call') : undefined);
    if (BATCHED.has(event.type)) {
      intake.push({ event, atMs: now(), ...(request ? { request } : {}) });
      return;
    }
    intake.flush();
    if (event.type === 'bye' && moving) {
      // Our `quit` before `/reconnect` moves on (moveToNextServer): not the end of the session.
      moveOnNow();
      return;
    }
    if (event.type === 'welcome') connection.resetBackoff();
    // A server that stops gracefully is usually restarted: reconnect as after a crash,
    // unless told to exit (docs/protocol.md "Shutdown and leaving").
    const final = event.type === 'bye' || (event.type === 'shutdown' && options.exitOnShutdown);
    if (final) connection.stopReconnecting();
    const before = store.getState();
    store.dispatch({ type: 'server_event', event, atMs: now(), ...(request ? { request } : {}) });
    if (event.type === 'error') reclaimer.afterError(before);
    calls.onServerEvent(event);
  }

  function onClosed(event: Extract<ConnectionEvent, { type: 'closed' }>): void {
    // The reconnect's `open` sends `hello` anyway.
    reclaimer.cancel();
    if (moving) clearTimeout(moving);
    moving = null;
    for (const request of tracker.failAll()) {
      if (request.type === 'say' || request.type === 'whisper' || request.type === 'call') {
        store.dispatch({
          type: 'request_failed',
          request,
          reason: 'the connection was lost',
          atMs: now(),
        });
      }
    }
    calls.onDisconnected();
    const state = store.getState();
    if (state.ended) {
      if (quitTimer) clearTimeout(quitTimer);
      return;
    }
    if (event.notTls) {
      store.dispatch({
        type: 'ended',
        kind: 'insecure',
        text:
          `tchat: ${serverKey(connection.server)} does not speak TLS (${event.error}).\n` +
          'It may be an older tchat or another plain chat server. Nothing was sent.\n' +
          'To talk to it unencrypted anyway (anyone on the network can read it): tchat --plaintext',
      });
      return;
    }
    if (event.retryInMs === null) {
      store.dispatch({
        type: 'connection',
        status: { kind: 'closed', reason: event.error },
        atMs: now(),
      });
      return;
    }
    const wasUp = state.connection.kind === 'registered' || state.connection.kind === 'connected';
    store.dispatch({
      type: 'connection',
      status: {
        kind: 'waiting',
        attempt: event.attempt,
        retryAtMs: now() + event.retryInMs,
        error: event.error,
      },
      atMs: now(),
    });
    const seconds = (event.retryInMs / 1000).toFixed(1);
    const where = options.failover?.length ? ` on ${serverKey(event.next)}` : '';
    log(
      wasUp ? 'warn' : 'info',
      `${wasUp ? 'connection lost: ' : ''}${event.error} — retrying${where} in ${seconds} s`,
    );
  }

  function quit(reason?: string): CommandResult {
    connection.stopReconnecting();
    const sent = connection.isOpen && send(reason ? { type: 'quit', reason } : { type: 'quit' });
    const finish = (): void => {
      if (!store.getState().ended)
        store.dispatch({ type: 'ended', kind: 'quit', text: 'You left the chat' });
      connection.close();
    };
    if (!sent) finish();
    else {
      quitTimer = setTimeout(finish, options.quitTimeoutMs ?? 2_000);
      quitTimer.unref();
    }
    return { ok: true };
  }

  /** Set while `/reconnect` waits for the `bye` to its `quit` before moving on. */
  let moving: NodeJS.Timeout | null = null;

  function moveOnNow(): void {
    if (moving) clearTimeout(moving);
    moving = null;
    connection.moveOn(`left ${serverKey(connection.server)} for the next server (/reconnect)`);
  }

  /**
   * `/reconnect` with several servers: leave this one for the next. A registered session says
   * `quit` first, so the node frees our name at once instead of at its idle timeout (the next
   * node of a cluster could not give it back before); without a `bye` in a second we go anyway.
   */
  function moveToNextServer(): CommandResult {
    if (moving) return { ok: false, error: 'moving to the next server already' };
    if (store.getState().connection.kind === 'registered') {
      if (send({ type: 'quit', reason: 'moving to another server' })) {
        moving = setTimeout(moveOnNow, options.quitTimeoutMs ?? 1_000);
        moving.unref();
        return { ok: true };
      }
    }
    return connection.moveOn(
      `left ${serverKey(connection.server)} for the next server (/reconnect)`,
    )
      ? { ok: true }
      : { ok: false, error: 'the connection is closed for good' };
  }

  function reconnectNow(): CommandResult {
    if (connection.retryNow()) return { ok: true };
    if (options.failover?.length && !store.getState().ended) return moveToNextServer();
    const kind = store.getState().connection.kind;
    if (kind === 'registered' || kind === 'connected')
      return { ok: false, error: 'already connected' };
    if (kind === 'closed') return { ok: false, error: 'the connection is closed for good' };
    return { ok: false, error: 'connecting already — wait a moment' };
  }

  const run = createCommandRunner({
    getState: store.getState,
    dispatch: store.dispatch,
    send,
    calls,
    quit,
    reconnect: reconnectNow,
    now,
    identityFingerprint: options.identityFingerprint,
  });

  return {
    getState: store.getState,
    subscribe: store.subscribe,
    calls,
    start() {
      connection.start();
    },
    chooseName(raw) {
      if (store.getState().registration.kind !== 'need_name') return { ok: true };
      const check = checkName(raw);
      if (!check.ok) return { ok: false, error: check.reason };
      store.dispatch({ type: 'name_chosen', name: check.name });
      if (connection.isOpen) sendHello(check.name);
      return { ok: true };
    },
    submit(line) {
      const parsed = parseInput(line);
      if (!parsed.ok) return parsed;
      if (parsed.command === null) return { ok: true };
      if (parsed.command.kind === 'help') return { ok: true, help: true };
      if (parsed.command.kind === 'search') return { ok: true, search: parsed.command.text };
      return run(parsed.command);
    },
    run,
    noteScroll(atBottom) {
      store.dispatch({ type: 'view_scrolled', atBottom });
    },
    noteFocus(elsewhere) {
      store.dispatch({ type: 'view_focused', elsewhere });
    },
    log,
    appendLog(level, text) {
      logForwarder.skip(store.getState().nextSeq);
      log(level, text);
    },
    answerTrust(yes) {
      const answer = pendingAnswer;
      pendingAnswer = null;
      answer?.(yes);
    },
    close() {
      intake.close();
      if (quitTimer) clearTimeout(quitTimer);
      pendingAnswer?.(false);
      pendingAnswer = null;
      reclaimer.cancel();
      if (moving) clearTimeout(moving);
      moving = null;
      calls.onDisconnected();
      connection.close();
    },
  };
}
