/**
 * TLS and the plain dialects on one port (docs/protocol.md "TLS on the chat
 * port"): a connection is held here until its first byte arrives. 0x16 opens
 * a TLS handshake record, which no plain JSON line (`{`) or text-mode name
 * (a printable character) starts with, so one byte decides; the byte is put
 * back so the chosen reader sees it too. The hello timeout (§1.4) counts from
 * the accept, so a client that sends nothing is cut like any other.
 */
import type { ChatStream } from './session.js';
import type { Tickable } from './timeout-sweeper.js';

export const TLS_RECORD_HANDSHAKE = 0x16;

export interface FirstByteOwner {
  readonly helloTimeoutMs: number;
  /** The first byte came: `tls` says which way. The stream is paused with the byte put back. */
  decided(waiting: FirstByteWait, tls: boolean, firstByte: number): void;
  /** No byte within the hello timeout. */
  timedOut(waiting: FirstByteWait): void;
  /** Closed (or failed) before its first byte. */
  gone(waiting: FirstByteWait): void;
}

// A class with shared listener functions, like Session: thousands may wait at once.
const WAIT = Symbol('first-byte-wait');
type Waiting = ChatStream & { [WAIT]?: FirstByteWait };

export class FirstByteWait implements Tickable {
  private settled = false;

  constructor(
    readonly stream: ChatStream,
    readonly openedAtMs: number,
    private readonly owner: FirstByteOwner,
  ) {
    const waiting = stream as Waiting;
    waiting[WAIT] = this;
    stream.on('error', onWaitError);
    stream.once('data', onFirstData);
    stream.once('close', onWaitClose);
  }

  tick(nowMs: number): void {
    const { helloTimeoutMs } = this.owner;
    if (this.settled || helloTimeoutMs <= 0 || nowMs - this.openedAtMs < helloTimeoutMs) return;
    this.settle();
    this.owner.timedOut(this);
  }

  /** @internal the stream's first chunk. */
  firstData(chunk: Buffer): void {
    if (this.settled) return;
    this.settle();
    this.stream.pause();
    this.stream.unshift(chunk);
    const first = chunk[0] ?? 0;
    this.owner.decided(this, first === TLS_RECORD_HANDSHAKE, first);
  }

  /** @internal */
  closed(): void {
    if (this.settled) return;
    this.settle();
    this.owner.gone(this);
  }

  private settle(): void {
    this.settled = true;
    const stream = this.stream as Waiting;
    stream[WAIT] = undefined;
    stream.off('data', onFirstData);
    stream.off('close', onWaitClose);
    // The 'error' listener stays: whoever takes the stream adds its own, and an
    // error between the two must not crash the server.
  }
}

function onFirstData(this: Waiting, chunk: Buffer): void {
  this[WAIT]?.firstData(chunk);
}

function onWaitClose(this: Waiting): void {
  this[WAIT]?.closed();
}

function onWaitError(): void {}
