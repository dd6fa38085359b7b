/**
 * Incremental line framing for the chat connection (docs/protocol-v1.md §1 "Framing").
 *
 * Feed it whatever the socket delivers; it returns complete lines. The size
 * limit is checked before bytes are buffered, so a peer that never sends a
 * newline costs at most `maxLineBytes` of memory. Pure: no I/O.
 *
 * One decoder lives per connection, so an idle one is small: a class (no
 * closures), nothing allocated until a partial line arrives, and one shared
 * `TextDecoder` (it decodes whole lines only, synchronously, without `stream`,
 * so no state carries over between calls).
 */

export type DecodedLine =
  | { kind: 'line'; text: string }
  /** The line was not valid UTF-8; it is dropped, the connection may go on. */
  | { kind: 'bad_utf8' }
  /** The line passed the limit; fatal, the decoder ignores everything after it. */
  | { kind: 'too_long' };

export interface LineDecoder {
  /** Returns the lines completed by `chunk`, in order. */
  push(chunk: Uint8Array): readonly DecodedLine[];
  /** Bytes of an unfinished line held so far. */
  readonly pendingBytes: number;
}

export interface LineDecoderOptions {
  /** Longest line accepted, not counting `\n` or a `\r` before it. */
  maxLineBytes: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const TOO_LONG: DecodedLine = Object.freeze({ kind: 'too_long' });
const BAD_UTF8: DecodedLine = Object.freeze({ kind: 'bad_utf8' });
const NO_LINES: readonly DecodedLine[] = Object.freeze([]);

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function createLineDecoder({ maxLineBytes }: LineDecoderOptions): LineDecoder {
  return new ChunkLineDecoder(maxLineBytes);
}

class ChunkLineDecoder implements LineDecoder {
  /** The unfinished line: nothing, one piece, or several pieces (copies, in order). */
  private pending: Uint8Array | Uint8Array[] | undefined = undefined;
  private pendingLength = 0;
  private failed = false;

  constructor(private readonly maxLineBytes: number) {}

  get pendingBytes(): number {
    return this.pendingLength;
  }

  push(chunk: Uint8Array): readonly DecodedLine[] {
    if (this.failed) return NO_LINES;
    let out: DecodedLine[] | undefined;
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) break;
      const line = this.decode(this.takePending(chunk.subarray(start, newline)));
      (out ??= []).push(line);
      start = newline + 1;
      if (line === TOO_LONG) {
        this.failed = true;
        return out;
      }
    }
    const rest = chunk.length - start;
    if (rest > 0) {
      // One byte of slack for a `\r` that may precede the coming newline.
      if (this.pendingLength + rest > this.maxLineBytes + 1) {
        this.failed = true;
        this.pending = undefined;
        this.pendingLength = 0;
        (out ??= []).push(TOO_LONG);
        return out;
      }
      // Copy: the caller may reuse its buffer.
      const piece = chunk.slice(start);
      const pending = this.pending;
      if (pending === undefined) this.pending = piece;
      else if (Array.isArray(pending)) pending.push(piece);
      else this.pending = [pending, piece];
      this.pendingLength += rest;
    }
    return out ?? NO_LINES;
  }

  private decode(bytes: Uint8Array): DecodedLine {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === CARRIAGE_RETURN) end -= 1;
    if (end > this.maxLineBytes) return TOO_LONG;
    try {
      return { kind: 'line', text: utf8.decode(bytes.subarray(0, end)) };
    } catch {
      return BAD_UTF8;
    }
  }

  private takePending(tail: Uint8Array): Uint8Array {
    const pending = this.pending;
    if (pending === undefined) return tail;
    const parts = Array.isArray(pending) ? [...pending, tail] : [pending, tail];
    const whole = concat(parts, this.pendingLength + tail.length);
    this.pending = undefined;
    this.pendingLength = 0;
    return whole;
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const whole = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}
