/**
 * Output side of one connection (PROTOCOL.md §1.4 "unread output"; issue 2,
 * item 5). Lines queued during one event-loop turn go out in a single
 * `socket.write`; the queue (our pending lines + Node's `writableLength`) is
 * capped, and passing the cap reports an overflow instead of buffering
 * without bound, so one slow reader never slows anyone else down.
 */
import type { Writable } from 'node:stream';

/** Flushes every writer that queued something, once per event-loop turn. */
export class FlushScheduler {
  private queue: SocketWriter[] = [];
  private scheduled = false;

  schedule(writer: SocketWriter): void {
    this.queue.push(writer);
    if (!this.scheduled) {
      this.scheduled = true;
      // `setImmediate` runs after all I/O callbacks of this turn: every line read
      // from every socket in this turn has been handled, so batches are as large as they get.
      setImmediate(this.run);
    }
  }

  private readonly run = (): void => {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    for (const writer of queue) writer.flush();
    this.lastParts = undefined;
    this.lastJoined = undefined;
  };

  private lastParts: Buffer[] | undefined;
  private lastJoined: Buffer | undefined;

  /**
   * `Buffer.concat(parts)`, shared between writers that queued the very same
   * buffers this turn. With broadcast traffic every recipient holds the same
   * list (the hub hands each the same Buffer, in the same order), so one copy
   * serves all of them instead of one copy per socket.
   */
  join(parts: Buffer[], totalBytes: number): Buffer {
    const last = this.lastParts;
    if (last !== undefined && last.length === parts.length && sameItems(last, parts)) {
      return this.lastJoined!;
    }
    const joined = Buffer.concat(parts, totalBytes);
    this.lastParts = parts;
    this.lastJoined = joined;
    return joined;
  }
}

function sameItems(a: Buffer[], b: Buffer[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface SocketWriterOptions {
  maxQueuedBytes: number;
  scheduler: FlushScheduler;
  /** Called once when the queue passes `maxQueuedBytes`; the writer is closed by then. */
  onOverflow: () => void;
}

export class SocketWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Extra room granted by `enqueueLarge`, until the queue drains below the limit. */
  private allowanceBytes = 0;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly socket: Writable,
    private readonly options: SocketWriterOptions,
  ) {}

  /** Bytes not yet read by the peer as far as Node knows (ours + the stream's buffer). */
  get queuedBytes(): number {
    return this.pendingBytes + this.socket.writableLength;
  }

  /** Queues bytes for this turn's write. The buffer may be shared with other writers: never mutated. */
  enqueue(bytes: Buffer): void {
    if (this.closed) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes + this.socket.writableLength > this.limitBytes()) {
      this.overflow();
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      this.options.scheduler.schedule(this);
    }
  }

  /**
   * Queues a reply that may by itself be larger than the limit (the user list
   * in `welcome`/`users` of a big server): the limit is raised by its size
   * until the client has read it, so a client is never dropped for asking.
   */
  enqueueLarge(bytes: Buffer): void {
    this.allowanceBytes += bytes.length;
    this.enqueue(bytes);
  }

  private limitBytes(): number {
    const max = this.options.maxQueuedBytes;
    if (this.allowanceBytes > 0 && this.pendingBytes + this.socket.writableLength <= max) {
      this.allowanceBytes = 0; // read down below the plain limit: the large reply is gone
    }
    return max + this.allowanceBytes;
  }

  /** Writes everything queued in one call. Called by the scheduler, or directly before closing. */
  flush(): void {
    this.scheduled = false;
    const count = this.pending.length;
    if (this.closed || count === 0) return;
    if (this.socket.destroyed || this.socket.writableEnded) {
      this.discard();
      return;
    }
    const chunk =
      count === 1 ? this.pending[0]! : this.options.scheduler.join(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.socket.write(chunk);
    if (this.socket.writableLength > this.limitBytes()) this.overflow();
  }

  /** Flushes what is queued, then accepts nothing more. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  /** Drops what is queued and accepts nothing more (the socket is being destroyed). */
  discard(): void {
    this.closed = true;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private overflow(): void {
    if (this.closed) return;
    this.discard();
    this.options.onOverflow();
  }
}
