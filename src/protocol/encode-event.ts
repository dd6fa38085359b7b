/**
 * Server event → one JSON-mode line (PROTOCOL.md §1 framing). Pure. Fan-out
 * calls this once per event and writes the same bytes to every recipient.
 */
import type { ServerEvent } from './messages.js';

/** The event as one line, newline included. `JSON.stringify` escapes `\n`, so it stays one line. */
export function encodeEvent(event: ServerEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/**
 * Like `encodeEvent`, with some fields given as JSON text that is already
 * serialized (e.g. a cached user list), appended after the event's own fields.
 * Lets `welcome` and `users` reuse serialized users instead of re-encoding
 * thousands of objects per join.
 */
export function encodeEventWithRawFields(
  event: { type: ServerEvent['type']; [field: string]: unknown },
  rawFields: ReadonlyArray<readonly [name: string, json: string]>,
): string {
  const head = JSON.stringify(event);
  let tail = '';
  for (const [name, json] of rawFields) tail += `,${JSON.stringify(name)}:${json}`;
  // `head` is a JSON object with at least `type`, so it ends in `}`.
  return `${head.slice(0, -1)}${tail}}\n`;
}
