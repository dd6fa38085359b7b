/**
 * One chat connection: the only writer to its socket, one
 * idempotent close. It frames input (size limit before buffering), applies
 * the flood rules (AbuseGuard), asks line-interpreter what each line means,
 * and hands requests to the handlers. Timeouts are driven from outside
 * through `tick`; input fairness by the shared InputBudget.
 *
 * Thousands of these live at once, mostly idle, so each is kept small: the
 * socket listeners are shared functions that find their session through a
 * symbol on the socket (no closures per connection), there is no timer per
 * connection, and objects are created only when something needs them.
 */
import type { Duplex } from 'node:stream';
import { formatAddress, normalizeIp } from '../protocol/address.js';
import { encodeEvent } from '../protocol/encode-event.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { createLineDecoder, type DecodedLine, type LineDecoder } from '../protocol/line-decoder.js';
import type { LeftReason, Ref, Request, ServerEvent, ShutdownEvent } from '../protocol/messages.js';
import { renderEventText } from '../protocol/text-render.js';
import type { HandlerOutcome, ServerContext, SessionPort } from './handlers/context.js';
import { dispatch } from './handlers/index.js';
import type { Dialect, HubMember } from './hub.js';
import { AbuseGuard } from './abuse-guard.js';
import type { Budgeted, InputBudget } from './input-budget.js';
import {
  dialectOfFirstLine,
  interpretLine,
  isBlankLine,
  isOnlyBlank,
  textGreeting,
} from './line-interpreter.js';
import type { PresenceLine } from './presence-chain.js';
import type { LimitKind } from './server-log.js';
import { SocketWriter, type SocketWriterConfig, type SocketWriterOwner } from './socket-writer.js';

/** A socket, or any duplex stream with the socket's optional extras (tests may pass a pair). */
export type ChatStream = Duplex & {
  remoteAddress?: string | undefined;
  remotePort?: number | undefined;
  setNoDelay?: (noDelay?: boolean) => unknown;
  setKeepAlive?: (enable?: boolean, initialDelayMs?: number) => unknown;
  /** A TLS socket's: the client certificate (an empty object when none was sent). */
  getPeerCertificate?: () => object;
};

/** Shared by every session of a server. */
export interface SessionEnvironment {
  readonly context: ServerContext;
  readonly writer: SocketWriterConfig;
  readonly input: InputBudget;
  onClosed(session: Session): void;
}

interface CloseRequest {
  /** The `left` reason others get, and what the log says. */
  reason: LeftReason;
  /** Sent to this client first (e.g. `line_too_long`). */
  error?: { code: ErrorCode; message: string };
  bye?: { reason: string; ref?: Ref | undefined };
  /** The user's own words for leaving (`quit.reason`), passed on in `left.message`. */
  message?: string | undefined;
  shutdown?: ShutdownEvent;
  /** Tell the others with `left` (not during a server stop). */
  announce?: boolean;
  /** Destroy at once without flushing (slow consumer, broken socket). */
  abort?: boolean;
  limit?: LimitKind;
}

const KEEPALIVE_INITIAL_DELAY_MS = 30_000;
const SESSION = Symbol('tchat.session');

type OwnedStream = ChatStream & { [SESSION]?: Session };

const NO_LINES: readonly DecodedLine[] = [];
const UNAVAILABLE = 'the server cannot reach its cluster store; try again shortly';

export class Session implements SessionPort, HubMember, SocketWriterOwner, Budgeted {
  name: string | undefined = undefined;
  linesThisTurn = 0;
  private state: 'open' | 'closing' | 'closed' = 'open';
  /** Unset until the first non-blank line picks it (§1.6 "Dialect"). */
  private chosenDialect: Dialect | undefined = undefined;
  private readonly decoder: LineDecoder;
  private readonly writer: SocketWriter;
  /** Created when first needed: a rate limit to apply, or an error to count. */
  private guard: AbuseGuard | undefined = undefined;
  /** Before `hello`: when the connection opened (hello timeout); after: the last line (idle). */
  private sinceMs: number;
  private pinged = false;
  /** Whether the text-mode greeting is settled: sent, or no longer wanted (docs/protocol.md "Text mode"). */
  private greetingDone = false;
  /** Lines decoded but not handled yet (over the turn's budget); the socket is paused meanwhile. */
  private backlog: readonly DecodedLine[] = NO_LINES;
  private backlogIndex = 0;
  private graceTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  /**
   * A request is being decided elsewhere (a cluster node asks Redis for a
   * name): later lines wait in the backlog so they are handled in order.
   */
  private pending = false;

  constructor(
    readonly id: number,
    private readonly socket: ChatStream,
    private readonly env: SessionEnvironment,
    /** When the connection was accepted (the hello timeout counts from it), if before now. */
    openedAtMs?: number,
  ) {
    const { options } = env.context;
    this.decoder = createLineDecoder({ maxLineBytes: options.maxLineBytes });
    this.writer = new SocketWriter(socket, env.writer, this);
    this.sinceMs = openedAtMs ?? env.context.now();
  }

  /** The peer's IP as the server sees it (Node caches the peer address once read). */
  get remoteIp(): string {
    return normalizeIp(this.socket.remoteAddress ?? '');
  }

  get remoteAddress(): string | undefined {
    const { remoteAddress, remotePort } = this.socket;
    return remoteAddress !== undefined && remotePort !== undefined
      ? formatAddress(remoteAddress, remotePort)
      : undefined;
  }

  /** The client certificate's fingerprint, on TLS connections that presented one (docs/security.md). */
  get peerFingerprint(): string | undefined {
    const certificate = this.socket.getPeerCertificate?.();
    const fingerprint =
      certificate && 'fingerprint256' in certificate ? certificate.fingerprint256 : '';
    return typeof fingerprint === 'string' && fingerprint !== '' ? fingerprint : undefined;
  }

  /** `json` until the first line says otherwise (§1.6 "Dialect"). */
  get dialect(): Dialect {
    return this.chosenDialect ?? 'json';
  }

  get member(): HubMember {
    return this;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  start(): void {
    const socket = this.socket as OwnedStream;
    socket[SESSION] = this;
    socket.setNoDelay?.(true);
    // §1.6: text-mode users are not pinged; TCP keepalive finds dead peers instead.
    socket.setKeepAlive?.(true, KEEPALIVE_INITIAL_DELAY_MS);
    socket.on('data', onSocketData);
    socket.on('end', onSocketEnd);
    socket.on('error', onSocketError);
    socket.on('close', onSocketClose);
  }

  // ---- output -----------------------------------------------------------

  deliver(bytes: Uint8Array): void {
    this.writer.enqueue(bytes);
  }

  deliverPresence(line: PresenceLine): void {
    this.writer.enqueuePresence(line, this.dialect === 'text');
  }

  settlePresence(): void {
    this.writer.settlePresence();
  }

  send(event: ServerEvent): void {
    if (this.state === 'closed') return;
    const line =
      this.dialect === 'text'
        ? renderEventText(event, { viewer: this.name, nowMs: this.env.context.now() })
        : encodeEvent(event);
    if (line !== '') this.writer.enqueue(Buffer.from(line));
  }

  /** Replies that hold the user list: JSON prepared around shared bytes; may exceed the queue limit (§1.4). */
  sendPrepared(jsonParts: () => readonly Uint8Array[], event: () => ServerEvent): void {
    if (this.state === 'closed') return;
    if (this.dialect === 'json') {
      this.writer.enqueueLarge(jsonParts());
      return;
    }
    const text = renderEventText(event(), { viewer: this.name, nowMs: this.env.context.now() });
    this.writer.enqueueLarge([Buffer.from(text)]);
  }

  // ---- input ------------------------------------------------------------

  /** Input from the socket (called by the shared 'data' listener). */
  received(chunk: Buffer): void {
    if (this.state !== 'open') return;
    if (!this.greetingDone && !isOnlyBlank(chunk)) this.greetingDone = true;
    const lines = this.decoder.push(chunk);
    if (lines.length === 0) return;
    if (this.pending) {
      // Read before the pause took effect: queued behind the backlog.
      this.backlog = [...this.backlog.slice(this.backlogIndex), ...lines];
      this.backlogIndex = 0;
      return;
    }
    this.handleLines(lines, 0);
  }

  /** Handles `lines` from `from` on, as many as this turn's budget allows; pauses on the rest. */
  private handleLines(lines: readonly DecodedLine[], from: number): void {
    const count = this.env.input.take(this, lines.length - from);
    const end = from + count;
    const nowMs = this.env.context.now();
    for (let i = from; i < end; i++) {
      if (this.state !== 'open') return;
      this.handleLine(lines[i]!, nowMs);
      if (this.pending) {
        // Resumed by `decided` once the answer is in.
        if (this.backlog === NO_LINES) this.socket.pause();
        this.backlog = lines;
        this.backlogIndex = i + 1;
        return;
      }
    }
    if (end === lines.length || this.state !== 'open') {
      this.backlog = NO_LINES;
      return;
    }
    if (this.backlog === NO_LINES) this.socket.pause();
    this.backlog = lines;
    this.backlogIndex = end;
    this.env.input.wait(this);
  }

  /** The next turn after a pause for the input budget. */
  continueInput(): void {
    if (this.state !== 'open' || this.pending) return;
    this.handleLines(this.backlog, this.backlogIndex);
    if (this.backlog === NO_LINES && this.state === 'open') this.socket.resume();
  }

  private handleLine(line: DecodedLine, nowMs: number): void {
    if (line.kind === 'too_long') {
      const max = this.env.context.options.maxLineBytes;
      this.close({
        reason: 'error',
        error: { code: ErrorCode.lineTooLong, message: `a line may hold at most ${max} bytes` },
        limit: 'line_too_long',
      });
      return;
    }
    if (this.name !== undefined) this.sinceMs = nowMs;
    this.pinged = false;
    // §1.6: every line counts against the rate limit, registered or not, blank or not.
    if (this.env.context.options.ratePerSecond > 0) {
      const admission = this.guardAt(nowMs).admit(nowMs);
      if (admission.kind !== 'pass') {
        if (admission.kind === 'notify') this.rateLimited(admission.dropped);
        return;
      }
    }
    if (line.kind === 'bad_utf8') {
      this.fail(ErrorCode.badUtf8, 'the line is not valid UTF-8 and was dropped', undefined);
      return;
    }
    const text = line.text;
    if (isBlankLine(text)) return;
    const dialect = (this.chosenDialect ??= dialectOfFirstLine(text));
    const action = interpretLine(text, dialect, this.name !== undefined);
    switch (action.kind) {
      case 'none':
        return;
      case 'request':
        this.run(action.request);
        return;
      case 'help':
        this.writer.enqueue(Buffer.from(action.text));
        return;
      case 'error':
        this.fail(action.code, action.message, action.ref);
        return;
    }
  }

  /** The token bucket starts full, so creating it at the first line instead of at connect changes nothing. */
  private guardAt(nowMs: number): AbuseGuard {
    return (this.guard ??= new AbuseGuard(this.env.context.options, nowMs));
  }

  private run(request: Request): void {
    const outcome = dispatch(this.env.context, this, request);
    if (outcome instanceof Promise) {
      this.pending = true;
      void outcome.then(
        (decided) => this.decided(request, decided),
        () => this.decided(request, { code: ErrorCode.unavailable, message: UNAVAILABLE }),
      );
      return;
    }
    this.settled(request, outcome);
  }

  private settled(request: Request, outcome: HandlerOutcome): void {
    // §1.6: a request that succeeds resets the errors-in-a-row count.
    if (outcome === undefined) this.guard?.succeeded();
    else this.fail(outcome.code, outcome.message, request.ref);
  }

  /** A request answered later (see `pending`): the lines read meanwhile go on. */
  private decided(request: Request, outcome: HandlerOutcome): void {
    this.pending = false;
    if (this.state !== 'open') return;
    this.settled(request, outcome);
    if (this.backlog === NO_LINES) return;
    this.continueInput();
  }

  /** Sends `error`; §1.4: ten counted protocol errors in a row close the connection. */
  private fail(code: ErrorCode, message: string, ref: Ref | undefined): void {
    this.sendError(code, message, ref);
    if (!this.guardAt(this.env.context.now()).failed(code)) return;
    const max = this.env.context.options.maxErrorsInRow;
    this.close({
      reason: 'error',
      error: { code: ErrorCode.tooManyErrors, message: `${max} protocol errors in a row` },
      limit: 'too_many_errors',
    });
  }

  private sendError(code: ErrorCode, message: string, ref: Ref | undefined, log = true): void {
    this.send({ type: 'error', code, message, ...(ref !== undefined && { ref }) });
    if (log) this.env.context.log.clientError(this.id, this.name, code, message);
  }

  /** §1.6: the line was dropped; this notice goes out at most once per second. */
  private rateLimited(dropped: number): void {
    const { ratePerSecond } = this.env.context.options;
    this.send({
      type: 'error',
      code: ErrorCode.rateLimited,
      message: `too many requests (limit ${ratePerSecond}/s); dropped`,
    });
    this.env.context.log.limit('rate_limited', { conn: this.id, name: this.name, dropped });
  }

  // ---- registration, timeouts, leaving ------------------------------------

  registered(name: string): void {
    this.name = name;
    this.sinceMs = this.env.context.now();
  }

  quit(reason: string | undefined, ref: Ref | undefined): void {
    this.close({ reason: 'quit', bye: { reason: reason ?? 'quit', ref }, message: reason });
  }

  /** The server stops: registered users get `shutdown`, the others are simply closed (§1.6). */
  shutdown(event: ShutdownEvent): void {
    this.close({
      reason: 'shutdown',
      announce: false,
      ...(this.name !== undefined && { shutdown: event }),
    });
  }

  /** Called periodically by the server: hello timeout, keepalive ping, idle timeout (§1.4). */
  tick(nowMs: number): void {
    if (this.state !== 'open') return;
    const { helloTimeoutMs, pingAfterMs, idleTimeoutMs } = this.env.context.options;
    const silentMs = nowMs - this.sinceMs;
    if (this.name === undefined) {
      const { textGreetingAfterMs } = this.env.context.options;
      if (!this.greetingDone && textGreetingAfterMs > 0 && silentMs >= textGreetingAfterMs) {
        this.greetingDone = true;
        this.writer.enqueue(Buffer.from(textGreeting(this.env.context.options.serverName)));
      }
      if (helloTimeoutMs > 0 && silentMs >= helloTimeoutMs) {
        const message = `no successful hello within ${helloTimeoutMs / 1000} s`;
        this.close({
          reason: 'timeout',
          error: { code: ErrorCode.helloTimeout, message },
          limit: 'hello_timeout',
        });
      }
      return;
    }
    if (this.dialect !== 'json') return;
    if (idleTimeoutMs > 0 && silentMs >= idleTimeoutMs) {
      const message = `nothing received for ${idleTimeoutMs / 1000} s`;
      this.close({
        reason: 'timeout',
        error: { code: ErrorCode.idleTimeout, message },
        limit: 'idle_timeout',
      });
    } else if (pingAfterMs > 0 && silentMs >= pingAfterMs && !this.pinged) {
      this.pinged = true;
      this.send({ type: 'ping', ts: nowMs });
    }
  }

  /** The one way a session ends; idempotent. */
  close(request: CloseRequest): void {
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.backlog = NO_LINES;
    const { context } = this.env;
    const name = this.name;
    if (request.limit !== undefined) {
      context.log.limit(request.limit, { conn: this.id, name, address: this.remoteAddress });
    }
    if (name !== undefined) {
      // §1.6 "Leaving": the name is free before `bye` or `left` go out.
      context.hub.leave(name);
      context.calls.userLeft(name);
      context.reservations.lastUsed(name, context.now());
    }
    if (request.abort !== true) {
      // The `limit` line above already records a limit's own notice.
      const { error } = request;
      if (error) this.sendError(error.code, error.message, undefined, request.limit === undefined);
      if (request.shutdown) this.send(request.shutdown);
      if (request.bye) {
        const { reason, ref } = request.bye;
        this.send({ type: 'bye', reason, ...(ref !== undefined && { ref }) });
      }
    }
    if (name !== undefined && request.announce !== false) {
      const message = request.message?.trim();
      context.hub.publish({
        type: 'left',
        name,
        reason: request.reason,
        ...(message ? { message } : {}),
      });
    }
    // A connection that never registered and hit a limit is told by that one `limit` line.
    if (name !== undefined || request.limit === undefined) {
      context.log.disconnected(this.id, name, request.reason);
    }
    if (request.abort === true) {
      this.writer.discard();
      this.socket.destroy();
      return;
    }
    this.writer.closeAndEnd();
    // Read on (and drop) whatever still comes: a socket paused for the input
    // budget would never see the peer's FIN, and would stay open until the grace timer.
    this.socket.resume();
    // Not unref'd: a stop waits for every connection, and a paused or stalled
    // socket may be the only thing left, so this timer must keep the process
    // alive until it cuts the connection (docs/protocol.md "Shutdown and leaving").
    this.graceTimer = setTimeout(destroyStream, context.options.closeGraceMs, this.socket);
  }

  writerOverflowed(): void {
    // Deferred: the overflow is noticed inside a fan-out loop, which must not see the hub change.
    queueMicrotask(() =>
      this.close({ reason: 'slow_consumer', abort: true, limit: 'slow_consumer' }),
    );
  }

  /** The socket is gone (called by the shared 'close' listener). */
  socketClosed(): void {
    this.close({ reason: 'error', abort: true });
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.graceTimer);
    this.env.onClosed(this);
  }
}

function destroyStream(stream: ChatStream): void {
  stream.destroy();
}

// Socket listeners, shared by every session: `this` is the socket (EventEmitter calls them so).
function onSocketData(this: OwnedStream, chunk: Buffer): void {
  this[SESSION]?.received(chunk);
}

function onSocketEnd(this: OwnedStream): void {
  this[SESSION]?.close({ reason: 'quit' });
}

function onSocketError(this: OwnedStream): void {
  this[SESSION]?.close({ reason: 'error', abort: true });
}

function onSocketClose(this: OwnedStream): void {
  this[SESSION]?.socketClosed();
}
