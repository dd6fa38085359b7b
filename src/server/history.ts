/**
 * The most recent public messages, replayed in `welcome.history` (PROTOCOL.md
 * §1.2, §1.6 "History": complete `message` events, oldest first). The JSON of
 * the list is cached between messages, because every join needs it.
 */
import type { MessageEvent } from '../protocol/messages.js';

export interface History {
  add(message: MessageEvent): void;
  /** Oldest first. */
  messages(): MessageEvent[];
  /** `messages()` as a JSON array, cached until the next `add` (shared: never mutated). */
  jsonBytes(): Buffer;
}

export function createHistory(maxLength: number): History {
  const ring: MessageEvent[] = [];
  let start = 0;
  let cachedJson: Buffer | undefined;

  function messages(): MessageEvent[] {
    return [...ring.slice(start), ...ring.slice(0, start)];
  }

  return {
    add(message) {
      if (maxLength <= 0) return;
      cachedJson = undefined;
      if (ring.length < maxLength) {
        ring.push(message);
        return;
      }
      ring[start] = message;
      start = (start + 1) % maxLength;
    },
    messages,
    jsonBytes() {
      cachedJson ??= Buffer.from(JSON.stringify(messages()));
      return cachedJson;
    },
  };
}
