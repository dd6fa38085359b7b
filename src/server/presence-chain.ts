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
  /** JSON bytes of every line before this one in the chain (set by `linkPresence`). */
  jsonOffset: number;
  /** The text-mode line, rendered when the first text-mode recipient needs it. */
  text: Uint8Array | undefined;
  /** The next event, once published. */
  next: PresenceLine | undefined;
}

/** Links `line` after `tail` (the hub keeps the tail). */
export function linkPresence(tail: PresenceLine | undefined, line: PresenceLine): PresenceLine {
  if (tail !== undefined) {
    line.jsonOffset = tail.jsonOffset + tail.json.length;
    tail.next = line;
  }
  return line;
}

/**
 * The lines from `from` to the end of the chain, in one dialect. In JSON
 * (nearly everyone) one concatenation serves every writer of a flush pass:
 * writers that start later in the chain (users who joined during the
 * window) get a view of its tail, so a registration storm costs one copy
 * per presence window, not one per joiner.
 */
export class PresenceReader {
  private base: PresenceLine | undefined = undefined;
  private baseEnd: PresenceLine | undefined = undefined;
  private baseBytes: Uint8Array | undefined = undefined;

  read(from: PresenceLine, text: boolean): Uint8Array {
    if (text) return concatChain(from, true).bytes;
    const base = this.base;
    const end = this.baseEnd;
    if (base !== undefined && end !== undefined && end.next === undefined) {
      const skip = from.jsonOffset - base.jsonOffset;
      // Same chain, nothing appended since: `from` lies between `base` and `end`.
      if (skip >= 0) return this.baseBytes!.subarray(skip);
    }
    const { bytes, last } = concatChain(from, false);
    this.base = from;
    this.baseEnd = last;
    this.baseBytes = bytes;
    return bytes;
  }

  /** Drops the cached result (end of a flush pass), so nothing old is kept alive. */
  forget(): void {
    this.base = undefined;
    this.baseEnd = undefined;
    this.baseBytes = undefined;
  }
}

function concatChain(from: PresenceLine, text: boolean): { bytes: Uint8Array; last: PresenceLine } {
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
  return { bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts, totalBytes), last };
}
