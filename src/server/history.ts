/**
 * The most recent public messages, replayed in `welcome.history` (docs/protocol-v1.md
 * §1.2, §1.6 "History": complete `message` events, oldest first). At most
 * `maxLength` messages and at most `maxBytes` of JSON: a few messages of
 * 4,096 emoji each are 16 KB apiece, and the `welcome` that carries them must
 * stay within the line limit (docs/protocol.md "Line sizes"). The oldest go
 * first. The JSON of the list is cached between messages, because every
 * join needs it.
 */
import type { MessageEvent } from '../protocol/messages.js';

export interface History {
  add(message: MessageEvent): void;
  /** Oldest first; the same messages as `jsonBytes()`. */
  messages(): MessageEvent[];
  /** `messages()` as a JSON array, cached until the next `add` (shared: never mutated). */
  jsonBytes(): Buffer;
}

/** `welcome.history` as JSON never passes this (docs/protocol.md "Line sizes"). */
export const HISTORY_MAX_BYTES = 32 * 1024;

interface Entry {
  message: MessageEvent;
  /** Its JSON, made when a `welcome` first needs it. */
  json: string | undefined;
}

export function createHistory(maxLength: number, maxBytes = HISTORY_MAX_BYTES): History {
  const ring: Entry[] = [];
  let start = 0;
  let cached: { json: Buffer; messages: MessageEvent[] } | undefined;

  /** The newest entries whose JSON array fits in `maxBytes`, oldest first. */
  function select(): { json: Buffer; messages: MessageEvent[] } {
    const kept: Entry[] = [];
    let bytes = 2; // the brackets
    for (let i = ring.length - 1; i >= 0; i--) {
      const entry = ring[(start + i) % ring.length]!;
      entry.json ??= JSON.stringify(entry.message);
      const added = Buffer.byteLength(entry.json) + (kept.length > 0 ? 1 : 0);
      if (bytes + added > maxBytes) break;
      bytes += added;
      kept.push(entry);
    }
    kept.reverse();
    return {
      json: Buffer.from(`[${kept.map((entry) => entry.json).join(',')}]`),
      messages: kept.map((entry) => entry.message),
    };
  }

  return {
    add(message) {
      if (maxLength <= 0) return;
      cached = undefined;
      const entry = { message, json: undefined };
      if (ring.length < maxLength) {
        ring.push(entry);
        return;
      }
      ring[start] = entry;
      start = (start + 1) % maxLength;
    },
    messages: () => (cached ??= select()).messages,
    jsonBytes: () => (cached ??= select()).json,
  };
}
