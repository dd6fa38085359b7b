/**
 * Server event → one JSON-mode line (docs/protocol-v1.md §1 framing). Pure. Fan-out
 * calls this once per event and writes the same bytes to every recipient.
 */
import type { ServerEvent } from './messages.js';

/** The event as one line, newline included. `JSON.stringify` escapes `\n`, so it stays one line. */
export function encodeEvent(event: ServerEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** A field whose value is already serialized JSON. */
export type RawJsonField =
  /** `json` is the whole value. */
  | { name: string; json: Uint8Array }
  /** `elements` are JSON values separated by commas: the value is `[elements]`. */
  | { name: string; elements: Uint8Array };

/**
 * Like `encodeEvent`, with some fields given as JSON bytes that are already
 * serialized (e.g. the cached user list), appended after the event's own
 * fields. Returns the line as pieces, the given bytes among them uncopied,
 * so `welcome` and `users` can reuse a shared user list of megabytes
 * instead of building and copying it per join; written in order they form
 * one line.
 */
export function encodeEventParts(
  event: { type: ServerEvent['type']; [field: string]: unknown },
  rawFields: readonly RawJsonField[],
): Uint8Array[] {
  // `JSON.stringify(event)` is an object with at least `type`, so it ends in `}`.
  const glue: string[] = [];
  let piece = JSON.stringify(event).slice(0, -1);
  for (const field of rawFields) {
    piece += `,${JSON.stringify(field.name)}:`;
    if ('json' in field) {
      glue.push(piece);
      piece = '';
    } else {
      glue.push(`${piece}[`);
      piece = ']';
    }
  }
  glue.push(`${piece}}\n`);
  // One small buffer for all the glue (from Node's shared pool), cut into views.
  const encoded = Buffer.from(glue.join(''));
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; i < glue.length; i++) {
    const length = Buffer.byteLength(glue[i]!);
    parts.push(encoded.subarray(offset, offset + length));
    offset += length;
    const field = rawFields[i];
    if (field !== undefined) parts.push('json' in field ? field.json : field.elements);
  }
  return parts;
}
