/**
 * Which messages of a `welcome.history` replay are new to us (docs/protocol.md
 * "History after a reconnect"). Pure.
 *
 * The server delivers messages in the order it stamps them (`ts`, its clock),
 * so everything we were sent before a drop is at or before the newest `ts` we
 * have seen: a replayed message older than that was shown already — or was
 * shown and then cleared with `/clear`, which must stay cleared. Only
 * messages at exactly that `ts` need a closer look (several can share one
 * millisecond). Message ids start again at 1 when the server restarts, so a
 * message is recognised by (ts, from, private, to, text), never by id alone.
 */
import type { MessageEvent } from '../../protocol/messages.js';

/** The newest message time seen, and the messages seen at exactly that time. */
export interface SeenWatermark {
  ts: number;
  keys: readonly string[];
}

export const NOTHING_SEEN: SeenWatermark = { ts: -Infinity, keys: [] };

export function messageKey(
  m: Pick<MessageEvent, 'ts' | 'from' | 'text' | 'private' | 'to'>,
): string {
  return JSON.stringify([m.ts, m.from, m.private, m.to ?? null, m.text]);
}

/** The watermark after seeing `messages` (in any order). */
export function advanceWatermark(
  seen: SeenWatermark,
  messages: readonly MessageEvent[],
): SeenWatermark {
  let { ts, keys } = seen;
  for (const m of messages) {
    if (m.ts > ts) {
      ts = m.ts;
      keys = [messageKey(m)];
    } else if (m.ts === ts) {
      const key = messageKey(m);
      if (!keys.includes(key)) keys = [...keys, key];
    }
  }
  return ts === seen.ts && keys === seen.keys ? seen : { ts, keys };
}

/**
 * The replayed messages not seen yet, oldest first, each once (a replay that
 * repeats a message is still shown once).
 */
export function unseenReplay(
  seen: SeenWatermark,
  history: readonly MessageEvent[],
): MessageEvent[] {
  const taken = new Set(seen.keys);
  const fresh: MessageEvent[] = [];
  for (const m of history) {
    if (m.ts < seen.ts) continue;
    const key = messageKey(m);
    if (taken.has(key)) continue;
    taken.add(key);
    fresh.push(m);
  }
  // Stable: equal times keep the server's order.
  return fresh.sort((a, b) => a.ts - b.ts);
}
