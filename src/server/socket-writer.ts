/**
 * Output side of one connection (docs/protocol-v1.md §1.4 "unread output").
 * Lines queued during one event-loop turn go out in a single write
 * (one `socket.write` of a shared concatenation, or one `writev` of the
 * pieces when one of them is large); the queue (our pending lines + Node's
 * `writableLength`) is capped, and passing the cap reports an overflow
 * instead of buffering without bound, so one slow reader never slows anyone
 * else down.
 *
 * Presence events (`joined`/`left`) may wait for a slower, shared flush (see
 * FlushScheduler): a registration storm then costs each socket one write per
 * presence window instead of one per join. Anything else queued for that
 * socket flushes the whole queue in order at the end of the turn, so nothing
 * is reordered for a recipient.
 */
import type { Writable } from 'node:stream';
import type { FlushScheduler } from './flush-scheduler.js';
import type { PresenceLine } from './presence-chain.js';

/** Shared by every writer of a server (one object, not one per connection). */
export interface SocketWriterConfig {
  readonly maxQueuedBytes: number;
  readonly scheduler: FlushScheduler;
  /**
   * Runs before every socket write: the server hands its log lines to the OS
   * here, so nothing reaches a client before its log line is written
   * (docs/protocol.md "Logs"). Cheap when there is nothing to write.
   */
  readonly beforeWrite?: () => void;
}

/** Told once when the queue passes `maxQueuedBytes`; the writer is closed by then. */
export interface SocketWriterOwner {
  writerOverflowed(): void;
}

/**
 * A flush that holds a piece this large goes out as one `writev` of its
 * pieces (cork/uncork) instead of being copied into one buffer: a `welcome`
 * carries the shared user list, up to megabytes, that must not be copied per
 * client. Many small pieces (a busy turn of chat lines) are still joined
 * into one buffer, shared by every socket that queued the same lines.
 */
const WRITEV_MIN_PIECE_BYTES = 16 * 1024;

/**
 * Over TLS a write goes to OpenSSL in one piece, and the buffers Node keeps
 * per connection for the encrypted output grow to the largest write and stay
 * that size for the connection's life (measured: one 60 KB write left ~38 KiB
 * more per idle TLS connection than 16 KiB pieces did; the `welcome` of a big
 * server, megabytes of user list, left megabytes). So a TLS socket is given at
 * most one TLS record's worth of plaintext at a time, the next slice once the
 * previous one is written (docs/benchmarks-server.md "TLS"). Handing all
 * slices at once would not do: Node joins queued writes into one `writev`.
 */
const TLS_SLICE_BYTES = 16 * 1024;

const IDLE = 0;
const SCHEDULED_LATER = 1;
const SCHEDULED_NOW = 2;

export class SocketWriter {
  /** Nothing, one buffer, or several in order: an idle connection holds no array. */
  private pending: Uint8Array | Uint8Array[] | undefined = undefined;
  private pendingBytes = 0;
  /** Extra room granted by `enqueueLarge`, until the queue drains below the limit. */
  private allowanceBytes = 0;
  private schedule: typeof IDLE | typeof SCHEDULED_LATER | typeof SCHEDULED_NOW = IDLE;
  private closed = false;
  /** The first presence line not written yet (the rest follow it in the chain). */
  private presenceFrom: PresenceLine | undefined = undefined;
  private presenceText = false;
  /** TLS only: flushed bytes not handed to the socket yet, written a slice at a time. */
  private backlog: Uint8Array[] | undefined = undefined;
  private backlogBytes = 0;
  /** TLS only: a slice is being written; the next waits for its callback. */
  private sliceInFlight = false;
  /** TLS only: `end` was asked for while the backlog was not written yet. */
  private endAfterBacklog = false;
  private readonly sliced: boolean;

  constructor(
    private readonly socket: Writable,
    private readonly config: SocketWriterConfig,
    private readonly owner: SocketWriterOwner,
  ) {
    // A TLSSocket says so (`encrypted`); plain sockets hand big writes to the kernel directly.
    this.sliced = (socket as { encrypted?: boolean }).encrypted === true;
  }

  /** Bytes not yet read by the peer as far as Node knows (ours + the stream's buffer). */
  get queuedBytes(): number {
    return this.pendingBytes + this.socketQueuedBytes();
  }

  /** Handed to the socket or waiting in the TLS backlog to be. */
  private socketQueuedBytes(): number {
    return this.socket.writableLength + this.backlogBytes;
  }

  /** Queues bytes for this turn's write. The buffer may be shared with other writers: never mutated. */
  enqueue(bytes: Uint8Array): void {
    if (this.closed) return;
    this.settlePresence();
    if (!this.add(bytes)) return;
    this.scheduleNow();
  }

  /**
   * A presence line for this connection: it may wait for the scheduler's
   * presence window. Only the first one is remembered; the lines after it
   * are read from the chain when the writer flushes.
   */
  enqueuePresence(line: PresenceLine, text: boolean): void {
    if (this.closed) return;
    if (this.schedule === SCHEDULED_NOW) {
      // Something goes out this turn anyway: the line joins it, in order.
      this.add(text ? line.text! : line.json);
      return;
    }
    if (this.presenceFrom !== undefined) return; // already covered: it reads to the chain's end
    this.presenceFrom = line;
    this.presenceText = text;
    this.schedule = SCHEDULED_LATER;
    this.config.scheduler.scheduleLater(this);
  }

  /**
   * Moves the presence lines this writer still owes from the chain into its
   * queue, to be written with the next flush; called before anything else
   * is queued and when the connection stops receiving presence (it leaves,
   * or is left out of the next line), so it never gets lines meant for later.
   */
  settlePresence(): void {
    const from = this.presenceFrom;
    if (from === undefined) return;
    this.presenceFrom = undefined;
    if (this.schedule === SCHEDULED_LATER) this.schedule = IDLE;
    if (this.add(this.config.scheduler.presence.read(from, this.presenceText))) this.scheduleNow();
  }

  /**
   * Queues a reply that may by itself be larger than the limit (the user list
   * in `welcome`/`users` of a big server): the limit is raised by its size
   * until the client has read it, so a client is never dropped for asking.
   */
  enqueueLarge(parts: readonly Uint8Array[]): void {
    if (this.closed) return;
    this.settlePresence();
    for (const part of parts) {
      this.allowanceBytes += part.length;
      this.push(part);
    }
    if (this.withinLimit()) this.scheduleNow();
  }

  private scheduleNow(): void {
    if (this.schedule !== SCHEDULED_NOW && this.pending !== undefined) {
      this.schedule = SCHEDULED_NOW;
      this.config.scheduler.schedule(this);
    }
  }

  /** False when the writer is closed (or just closed by an overflow). */
  private add(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    this.push(bytes);
    return this.withinLimit();
  }

  private push(bytes: Uint8Array): void {
    const pending = this.pending;
    if (pending === undefined) this.pending = bytes;
    else if (Array.isArray(pending)) pending.push(bytes);
    else this.pending = [pending, bytes];
    this.pendingBytes += bytes.length;
  }

  /**
   * Past the limit with our own queue: it goes to the socket now rather than
   * at the end of the turn (or of the presence window), and what the peer has
   * not read stays counted as Node's `writableLength`, checked by `flush`.
   */
  private withinLimit(): boolean {
    if (this.pendingBytes + this.socketQueuedBytes() > this.limitBytes()) this.flush();
    return !this.closed;
  }

  private limitBytes(): number {
    const max = this.config.maxQueuedBytes;
    if (this.allowanceBytes > 0 && this.pendingBytes + this.socketQueuedBytes() <= max) {
      this.allowanceBytes = 0; // read down below the plain limit: the large reply is gone
    }
    return max + this.allowanceBytes;
  }

  /** Writes everything queued. Called by the scheduler, or directly before closing. */
  flush(): void {
    const from = this.presenceFrom;
    if (from !== undefined && !this.closed) {
      this.presenceFrom = undefined;
      this.push(this.config.scheduler.presence.read(from, this.presenceText));
    }
    this.schedule = IDLE;
    const pending = this.pending;
    if (this.closed || pending === undefined) return;
    const socket = this.socket;
    if (socket.destroyed || socket.writableEnded) {
      this.discard();
      return;
    }
    this.config.beforeWrite?.();
    const totalBytes = this.pendingBytes;
    this.pending = undefined;
    this.pendingBytes = 0;
    if (this.sliced) {
      this.writeSliced(pending, totalBytes);
    } else if (!Array.isArray(pending)) {
      socket.write(pending);
    } else if (!hasLargePiece(pending)) {
      socket.write(this.config.scheduler.join(pending, totalBytes));
    } else {
      // One writev of the pieces: Node hands the buffers to the kernel without copying them.
      socket.cork();
      for (const part of pending) socket.write(part);
      socket.uncork();
    }
    if (this.socketQueuedBytes() > this.limitBytes()) this.overflow();
  }

  /** TLS: small flushes go straight out; anything behind a backlog or larger than a slice joins it. */
  private writeSliced(pending: Uint8Array | Uint8Array[], totalBytes: number): void {
    if (this.backlog === undefined && totalBytes <= TLS_SLICE_BYTES) {
      this.socket.write(
        Array.isArray(pending) ? this.config.scheduler.join(pending, totalBytes) : pending,
      );
      return;
    }
    const backlog = (this.backlog ??= []);
    if (Array.isArray(pending)) backlog.push(...pending);
    else backlog.push(pending);
    this.backlogBytes += totalBytes;
    this.writeNextSlice();
  }

  private writeNextSlice(): void {
    const backlog = this.backlog;
    const socket = this.socket;
    if (this.sliceInFlight || backlog === undefined) return;
    if (socket.destroyed || socket.writableEnded) {
      this.dropBacklog();
      return;
    }
    const head = backlog[0]!;
    const slice = head.length <= TLS_SLICE_BYTES ? head : head.subarray(0, TLS_SLICE_BYTES);
    if (slice === head) backlog.shift();
    else backlog[0] = head.subarray(TLS_SLICE_BYTES);
    this.backlogBytes -= slice.length;
    if (backlog.length === 0) this.backlog = undefined;
    this.sliceInFlight = true;
    socket.write(slice, (error?: Error | null) => {
      this.sliceInFlight = false;
      if (error) {
        this.dropBacklog(); // the socket is failing: its 'error'/'close' end the session
        return;
      }
      if (this.backlog !== undefined) this.writeNextSlice();
      else if (this.endAfterBacklog) this.socket.end();
    });
  }

  private dropBacklog(): void {
    this.backlog = undefined;
    this.backlogBytes = 0;
    this.endAfterBacklog = false;
  }

  /** Flushes what is queued, then accepts nothing more. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  /**
   * `close`, then ends the socket once everything flushed has been handed to
   * it (over TLS the backlog may still hold slices: ending now would cut them).
   */
  closeAndEnd(): void {
    this.close();
    if (this.backlog === undefined && !this.sliceInFlight) this.socket.end();
    else this.endAfterBacklog = true;
  }

  /** Drops what is queued and accepts nothing more (the socket is being destroyed). */
  discard(): void {
    this.closed = true;
    this.presenceFrom = undefined;
    this.pending = undefined;
    this.pendingBytes = 0;
    this.dropBacklog();
  }

  private overflow(): void {
    if (this.closed) return;
    this.discard();
    this.owner.writerOverflowed();
  }
}

function hasLargePiece(pieces: readonly Uint8Array[]): boolean {
  for (const piece of pieces) if (piece.length >= WRITEV_MIN_PIECE_BYTES) return true;
  return false;
}
