/**
 * Splits a client's byte stream into lines and reads benchmark messages
 * without decoding them: a message line is recognised by its prefix, its
 * stamp is the first `"t=` in it (names, ids and times hold no `=`; the text
 * format is in bench-wire.ts). Searches go through Buffer#indexOf (native
 * memchr, ~17 ns a call here) rather than loops over the bytes in JS (~1 ns a
 * byte): the receive side must stay cheaper than the server under test.
 *
 * In count-only mode a chunk's complete lines are counted with one search per
 * line and only the first and last are read: the sink decides from their
 * stamps whether they can be counted as a whole (all inside or all outside a
 * measurement window) or must be read one by one.
 */

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const DOT = 0x2e;
const ZERO = 0x30;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const LETTER_T = 0x74;
/** `message` events serialized with `type` first, as JSON.stringify of `{ type, … }` does. */
const MESSAGE_PREFIX = Buffer.from('{"type":"message"');

export interface LineSink {
  /** A `message` event carrying benchmark text. */
  message(sendUs: number, sender: number): void;
  /** Any other line (welcome, ping, error, joined, …), or a message the fast path did not read. */
  other(line: Buffer): void;
  /**
   * Count-only mode: `count` complete lines whose first and last are benchmark
   * messages stamped `firstUs` and `lastUs`. True when counted; false to have
   * them read one by one.
   */
  batch(count: number, firstUs: number, lastUs: number): boolean;
}

export interface LineScanner {
  /** `chunk` may be reused by the caller once this returns. */
  push(chunk: Buffer): void;
  countOnly: boolean;
}

export function createLineScanner(sink: LineSink): LineScanner {
  let rest: Buffer | null = null;
  let sender = 0;

  /** The stamp of a fast-path message line [start, newline), its sender in `sender`; -1 if not one. */
  function readStamp(buf: Buffer, start: number, newline: number): number {
    if (!hasPrefix(buf, start, newline)) return -1;
    let i = buf.indexOf(EQUALS, start + MESSAGE_PREFIX.length);
    if (i === -1 || i > newline || buf[i - 1] !== LETTER_T || buf[i - 2] !== QUOTE) return -1;
    let sendUs = 0;
    // Our own text always has both dots; `?? DOT` stops at the buffer's end all the same.
    for (let c = buf[++i] ?? DOT; c !== DOT; c = buf[++i] ?? DOT) sendUs = sendUs * 10 + c - ZERO;
    sender = 0;
    for (let c = buf[++i] ?? DOT; c !== DOT; c = buf[++i] ?? DOT) sender = sender * 10 + c - ZERO;
    return sendUs;
  }

  /** Reads every complete line of `buf` from `start`; returns where the unfinished tail begins. */
  function scanEach(buf: Buffer, start: number): number {
    let i = start;
    for (;;) {
      const newline = buf.indexOf(NEWLINE, i);
      if (newline === -1) return i;
      const sendUs = readStamp(buf, i, newline);
      if (sendUs !== -1) sink.message(sendUs, sender);
      else
        sink.other(buf.subarray(i, buf[newline - 1] === CARRIAGE_RETURN ? newline - 1 : newline));
      i = newline + 1;
    }
  }

  /** Count-only: counts the complete lines from `start` when the sink agrees, else reads them. */
  function scanCounting(buf: Buffer, start: number): number {
    const first = buf.indexOf(NEWLINE, start);
    const last = buf.lastIndexOf(NEWLINE);
    if (first === -1 || last < start) return start;
    const lastStart = first === last ? start : buf.lastIndexOf(NEWLINE, last - 1) + 1;
    const firstUs = readStamp(buf, start, first);
    const lastUs = firstUs === -1 ? -1 : readStamp(buf, lastStart, last);
    if (lastUs !== -1) {
      let count = 1;
      for (let i = buf.indexOf(NEWLINE, start); i !== last; i = buf.indexOf(NEWLINE, i + 1)) {
        count += 1;
      }
      if (sink.batch(count, firstUs, lastUs)) return last + 1;
    }
    return scanEach(buf, start);
  }

  const scanner: LineScanner = {
    countOnly: false,
    push(chunk) {
      let start = 0;
      if (rest !== null) {
        // Only the tail of the previous chunk and the head of this one are joined.
        const newline = chunk.indexOf(NEWLINE);
        if (newline === -1) {
          rest = Buffer.concat([rest, chunk]);
          return;
        }
        const line = Buffer.concat([rest, chunk.subarray(0, newline + 1)]);
        rest = null;
        scanEach(line, 0);
        start = newline + 1;
      }
      const tail = scanner.countOnly ? scanCounting(chunk, start) : scanEach(chunk, start);
      if (tail < chunk.length) rest = Buffer.from(chunk.subarray(tail));
    },
  };
  return scanner;
}

/** `{"type":"message"`, checked on the bytes that tell it from the other event types. */
function hasPrefix(buf: Buffer, start: number, newline: number): boolean {
  return (
    newline - start > MESSAGE_PREFIX.length &&
    buf[start] === MESSAGE_PREFIX[0] &&
    buf[start + 2] === MESSAGE_PREFIX[2] &&
    buf[start + 9] === MESSAGE_PREFIX[9] &&
    buf[start + 12] === MESSAGE_PREFIX[12] &&
    buf[start + 16] === MESSAGE_PREFIX[16]
  );
}
