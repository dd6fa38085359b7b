/**
 * Incremental line framing for the chat connection (PROTOCOL.md §1 "Framing").
 *
 * Feed it whatever the socket delivers; it returns complete lines. The size
 * limit is checked before bytes are buffered, so a peer that never sends a
 * newline costs at most `maxLineBytes` of memory. Pure: no I/O.
 */

export type DecodedLine =
  | { kind: 'line'; text: string }
  /** The line was not valid UTF-8; it is dropped, the connection may go on. */
  | { kind: 'bad_utf8' }
  /** The line passed the limit; fatal, the decoder ignores everything after it. */
  | { kind: 'too_long' };

export interface LineDecoder {
  /** Returns the lines completed by `chunk`, in order. */
  push(chunk: Uint8Array): DecodedLine[];
  /** Bytes of an unfinished line held so far. */
  readonly pendingBytes: number;
}

export interface LineDecoderOptions {
  /** Longest line accepted, not counting `\n` or a `\r` before it. */
  maxLineBytes: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export function createLineDecoder({ maxLineBytes }: LineDecoderOptions): LineDecoder {
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let failed = false;

  function decode(bytes: Uint8Array): DecodedLine {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === CARRIAGE_RETURN) end -= 1;
    if (end > maxLineBytes) return { kind: 'too_long' };
    try {
      return { kind: 'line', text: utf8.decode(bytes.subarray(0, end)) };
    } catch {
      return { kind: 'bad_utf8' };
    }
  }

  function takePending(tail: Uint8Array): Uint8Array {
    if (pending.length === 0) return tail;
    const whole = concat([...pending, tail], pendingBytes + tail.length);
    pending = [];
    pendingBytes = 0;
    return whole;
  }

  return {
    get pendingBytes() {
      return pendingBytes;
    },
    push(chunk) {
      if (failed) return [];
      const out: DecodedLine[] = [];
      let start = 0;
      for (;;) {
        const newline = chunk.indexOf(NEWLINE, start);
        if (newline === -1) break;
        const line = decode(takePending(chunk.subarray(start, newline)));
        out.push(line);
        start = newline + 1;
        if (line.kind === 'too_long') {
          failed = true;
          return out;
        }
      }
      const rest = chunk.length - start;
      if (rest > 0) {
        // One byte of slack for a `\r` that may precede the coming newline.
        if (pendingBytes + rest > maxLineBytes + 1) {
          failed = true;
          pending = [];
          pendingBytes = 0;
          out.push({ kind: 'too_long' });
          return out;
        }
        // Copy: the caller may reuse its buffer.
        pending.push(chunk.slice(start));
        pendingBytes += rest;
      }
      return out;
    },
  };
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
