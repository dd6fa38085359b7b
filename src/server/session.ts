/**
 * One chat connection (issue 2, item 5): the only writer to its socket, one
 * idempotent close. It frames input (size limit before buffering), applies
 * the flood rules (AbuseGuard), lets the LineInterpreter say what each line
 * means, and hands requests to the handlers. Timeouts are driven from outside
 * through `tick`.
 */
import type { Duplex } from 'node:stream';
import { formatAddress, normalizeIp } from '../protocol/address.js';
import { encodeEvent } from '../protocol/encode-event.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { createLineDecoder, type DecodedLine, type LineDecoder } from '../protocol/line-decoder.js';
import type { LeftReason, Ref, Request, ServerEvent, ShutdownEvent } from '../protocol/messages.js';
import { renderEventText } from '../protocol/text-render.js';
import type { ServerContext, SessionPort } from './handlers/context.js';
import { dispatch } from './handlers/index.js';
import type { Dialect, HubMember } from './hub.js';
import { AbuseGuard } from './abuse-guard.js';
import { LineInterpreter } from './line-interpreter.js';
import type { LimitKind } from './server-log.js';
import { SocketWriter, type FlushScheduler } from './socket-writer.js';

/** A socket, or any duplex stream with the socket's optional extras (tests may pass a pair). */
export type ChatStream = Duplex & {
  remoteAddress?: string | undefined;
  remotePort?: number | undefined;
  setNoDelay?: (noDelay?: boolean) => unknown;
  setKeepAlive?: (enable?: boolean, initialDelayMs?: number) => unknown;
};

export interface SessionEnvironment {
  context: ServerContext;
  scheduler: FlushScheduler;
  onClosed(session: Session): void;
}

interface CloseRequest {
  /** The `left` reason others get, and what the log says. */
  reason: LeftReason;
  /** Sent to this client first (e.g. `line_too_long`). */
  error?: { code: ErrorCode; message: string };
  bye?: { reason: string; ref?: Ref | undefined };
  shutdown?: ShutdownEvent;
  /** Tell the others with `left` (not during a server stop). */
  announce?: boolean;
  /** Destroy at once without flushing (slow consumer, broken socket). */
  abort?: boolean;
  limit?: LimitKind;
}

const KEEPALIVE_INITIAL_DELAY_MS = 30_000;

export class Session implements SessionPort, HubMember {
  name: string | undefined;
  readonly remoteIp: string;
  readonly remoteAddress: string | undefined;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private readonly decoder: LineDecoder;
  private readonly writer: SocketWriter;
  private readonly interpreter = new LineInterpreter();
  private readonly guard: AbuseGuard;
  private readonly connectedAtMs: number;
  private lastLineAtMs: number;
  private pinged = false;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly id: number,
    private readonly socket: ChatStream,
    private readonly env: SessionEnvironment,
  ) {
    const { options } = env.context;
    this.remoteIp = normalizeIp(socket.remoteAddress ?? '');
    this.remoteAddress =
      socket.remoteAddress !== undefined && socket.remotePort !== undefined
        ? formatAddress(socket.remoteAddress, socket.remotePort)
        : undefined;
    this.decoder = createLineDecoder({ maxLineBytes: options.maxLineBytes });
    this.writer = new SocketWriter(socket, {
      maxQueuedBytes: options.maxQueuedBytes,
      scheduler: env.scheduler,
      onOverflow: this.onOverflow,
    });
    this.connectedAtMs = this.lastLineAtMs = env.context.now();
    this.guard = new AbuseGuard(options, this.connectedAtMs);
  }

  /** `json` until the first line says otherwise (§1.6 "Dialect"). */
  get dialect(): Dialect {
    return this.interpreter.dialect;
  }

  get member(): HubMember {
    return this;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  start(): void {
    const socket = this.socket;
    socket.setNoDelay?.(true);
    // §1.6: text-mode users are not pinged; TCP keepalive finds dead peers instead.
    socket.setKeepAlive?.(true, KEEPALIVE_INITIAL_DELAY_MS);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onSocketClose);
  }

  // ---- output -----------------------------------------------------------

  deliver(bytes: Buffer): void {
    this.writer.enqueue(bytes);
  }

  send(event: ServerEvent): void {
    if (this.state === 'closed') return;
    const line =
      this.dialect === 'text'
        ? renderEventText(event, { viewer: this.name, nowMs: this.env.context.now() })
        : encodeEvent(event);
    if (line !== '') this.writer.enqueue(Buffer.from(line));
  }

  /** Replies that hold the user list: JSON prepared from caches; may exceed the queue limit (§1.4). */
  sendPrepared(json: () => string, event: () => ServerEvent): void {
    if (this.state === 'closed') return;
    const line =
      this.dialect === 'json'
        ? json()
        : renderEventText(event(), { viewer: this.name, nowMs: this.env.context.now() });
    this.writer.enqueueLarge(Buffer.from(line));
  }

  // ---- input ------------------------------------------------------------

  private readonly onData = (chunk: Buffer): void => {
    if (this.state !== 'open') return;
    const lines = this.decoder.push(chunk);
    if (lines.length === 0) return;
    const nowMs = this.env.context.now();
    for (const line of lines) {
      if (this.state !== 'open') return;
      this.handleLine(line, nowMs);
    }
  };

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
    this.lastLineAtMs = nowMs;
    this.pinged = false;
    // §1.6: every line counts against the rate limit, registered or not, blank or not.
    const admission = this.guard.admit(nowMs);
    if (admission.kind !== 'pass') {
      if (admission.kind === 'notify') this.rateLimited(admission.dropped);
      return;
    }
    if (line.kind === 'bad_utf8') {
      this.fail(ErrorCode.badUtf8, 'the line is not valid UTF-8 and was dropped', undefined);
      return;
    }
    const action = this.interpreter.interpret(line.text, this.name !== undefined);
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

  private run(request: Request): void {
    const outcome = dispatch(this.env.context, this, request);
    // §1.6: a request that succeeds resets the errors-in-a-row count.
    if (outcome === undefined) this.guard.succeeded();
    else this.fail(outcome.code, outcome.message, request.ref);
  }

  /** Sends `error`; §1.4: ten counted protocol errors in a row close the connection. */
  private fail(code: ErrorCode, message: string, ref: Ref | undefined): void {
    this.sendError(code, message, ref);
    if (!this.guard.failed(code)) return;
    const max = this.env.context.options.maxErrorsInRow;
    this.close({
      reason: 'error',
      error: { code: ErrorCode.tooManyErrors, message: `${max} protocol errors in a row` },
      limit: 'too_many_errors',
    });
  }

  private sendError(code: ErrorCode, message: string, ref: Ref | undefined): void {
    this.send({ type: 'error', code, message, ...(ref !== undefined && { ref }) });
    this.env.context.log.clientError(this.id, this.name, code, message);
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
    this.lastLineAtMs = this.env.context.now();
  }

  quit(reason: string | undefined, ref: Ref | undefined): void {
    this.close({ reason: 'quit', bye: { reason: reason ?? 'quit', ref } });
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
    if (this.name === undefined) {
      if (helloTimeoutMs > 0 && nowMs - this.connectedAtMs >= helloTimeoutMs) {
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
    const silentMs = nowMs - this.lastLineAtMs;
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
    const { context } = this.env;
    const name = this.name;
    if (request.limit !== undefined) {
      context.log.limit(request.limit, { conn: this.id, name, address: this.remoteAddress });
    }
    if (name !== undefined) {
      // §1.6 "Leaving": the name is free before `bye` or `left` go out.
      context.hub.leave(name);
      context.calls.userLeft(name);
    }
    if (request.abort !== true) {
      if (request.error) this.sendError(request.error.code, request.error.message, undefined);
      if (request.shutdown) this.send(request.shutdown);
      if (request.bye) {
        const { reason, ref } = request.bye;
        this.send({ type: 'bye', reason, ...(ref !== undefined && { ref }) });
      }
    }
    if (name !== undefined && request.announce !== false) {
      context.hub.publish({ type: 'left', name, reason: request.reason });
    }
    context.log.disconnected(this.id, name, request.reason);
    if (request.abort === true) {
      this.writer.discard();
      this.socket.destroy();
      return;
    }
    this.writer.close();
    this.socket.end();
    this.graceTimer = setTimeout(() => this.socket.destroy(), context.options.closeGraceMs);
    this.graceTimer.unref();
  }

  private readonly onOverflow = (): void => {
    // Deferred: the overflow is noticed inside a fan-out loop, which must not see the hub change.
    queueMicrotask(() =>
      this.close({ reason: 'slow_consumer', abort: true, limit: 'slow_consumer' }),
    );
  };

  private readonly onEnd = (): void => {
    this.close({ reason: 'quit' });
  };

  private readonly onError = (): void => {
    this.close({ reason: 'error', abort: true });
  };

  private readonly onSocketClose = (): void => {
    this.close({ reason: 'error', abort: true });
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.graceTimer);
    this.env.onClosed(this);
  };
}
