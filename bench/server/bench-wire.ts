/**
 * What the load generator writes and how it reads deliveries back, kept
 * cheap enough to count millions of deliveries per second on one core.
 *
 * A benchmark message's text is `t=<sendUs>.<sender>.` plus padding:
 * `sendUs` is the monotonic clock in µs (CLOCK_MONOTONIC is shared by every
 * process on the machine, so a worker may read a message another worker
 * sent), `sender` the sending client's global index (closed-loop senders
 * recognise their own copy by it).
 */

/** Microseconds on the machine-wide monotonic clock. */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export function helloLine(name: string): string {
  return `${JSON.stringify({ type: 'hello', name, protocol: 1, client: 'tchat-bench' })}\n`;
}

export function sayLine(sendUs: number, sender: number, padding: string): string {
  // Digits, dots and ASCII letters only: no JSON escaping needed.
  return `{"type":"say","text":"t=${sendUs}.${sender}.${padding}"}\n`;
}

export function pongLine(ts: unknown): string {
  return `${JSON.stringify(typeof ts === 'number' ? { type: 'pong', ts } : { type: 'pong' })}\n`;
}

/** The `type` of a non-message line, read from its start when possible (welcome lines can be huge). */
export function lineType(line: Buffer): string | undefined {
  const head = /^\{"type":"([a-z_]+)"/.exec(line.toString('latin1', 0, 40));
  if (head) return head[1];
  try {
    const parsed: unknown = JSON.parse(line.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'type' in parsed) {
      return typeof parsed.type === 'string' ? parsed.type : undefined;
    }
  } catch {
    // Not JSON: not ours to judge here.
  }
  return undefined;
}

/** The slow path for a `message` line that missed the fast prefix: parse it whole. */
export function parseBenchMessage(line: Buffer): { sendUs: number; sender: number } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('text' in parsed)) return undefined;
  const match = typeof parsed.text === 'string' ? /^t=(\d+)\.(\d+)\./.exec(parsed.text) : null;
  if (!match) return undefined;
  return { sendUs: Number(match[1]), sender: Number(match[2]) };
}
