/**
 * Presence events (`joined`/`left`) as one shared chain instead of a copy in
 * every recipient's queue. A registration storm publishes k joins to n
 * users: queuing each join per recipient would cost k·n queue entries, kept
 * alive for the presence window (long enough for the garbage collector to
 * promote them: measured, the heap grew by ~100 MB while 4000 clients
 * registered). Here the hub links each event once; a recipient's writer only
 * remembers the first event it has not written yet and, when it flushes,
 * takes everything from there to the end of the chain.
 */

/** One presence event, encoded once per dialect. */
export interface PresenceLine {
  readonly json: Uint8Array;
  /** The text-mode line, rendered when the first text-mode recipient needs it. */
  text: Uint8Array | undefined;
  /** The next event, once published. */
  next: PresenceLine | undefined;
}

/** Links `line` after `tail` (the hub keeps the tail). */
export function linkPresence(tail: PresenceLine | undefined, line: PresenceLine): PresenceLine {
  if (tail !== undefined) tail.next = line;
  return line;
}

/**
 * The lines from `from` to the end of the chain, in one dialect. Writers that
 * start at the same line (every user who was there when a burst began)
 * flush one after another, so the last result is shared.
 */
export class PresenceReader {
  private lastFrom: PresenceLine | undefined = undefined;
  private lastText = false;
  private lastEnd: PresenceLine | undefined = undefined;
  private lastBytes: Uint8Array | undefined = undefined;

  read(from: PresenceLine, text: boolean): Uint8Array {
    const end = this.lastEnd;
    if (from === this.lastFrom && text === this.lastText && end !== undefined && !end.next) {
      return this.lastBytes!;
    }
    const parts: Uint8Array[] = [];
    let line: PresenceLine | undefined = from;
    let last = from;
    let totalBytes = 0;
    while (line !== undefined) {
      // A text-mode recipient was there when the line was published, so the hub rendered it.
      const bytes = text ? line.text! : line.json;
      parts.push(bytes);
      totalBytes += bytes.length;
      last = line;
      line = line.next;
    }
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, totalBytes);
    this.lastFrom = from;
    this.lastText = text;
    this.lastEnd = last;
    this.lastBytes = bytes;
    return bytes;
  }

  /** Drops the cached result (end of a flush pass), so nothing old is kept alive. */
  forget(): void {
    this.lastFrom = undefined;
    this.lastEnd = undefined;
    this.lastBytes = undefined;
  }
}
