/**
 * The client state for rendering, at most every `intervalMs` (leading edge:
 * the first change after a quiet spell shows at once). Chat traffic then
 * costs at most ~10 frames a second however fast messages arrive. While the
 * user types, traffic waits a little longer (up to `maxHoldMs`) so its frames
 * do not land between a key and its echo: typing stays immediate while 50
 * messages a second arrive (bench/tui-bench.ts).
 */
import { useEffect, useState } from 'react';
import type { ChatClient } from '../core/chat-client.js';
import type { ClientState } from '../core/state.js';

export interface TrafficPacing {
  intervalMs: number;
  /** Traffic frames keep this far from the last key press… */
  afterKeyMs: number;
  /** …but never wait longer than this in all. */
  maxHoldMs: number;
  /** When the last key was pressed (ms since epoch), 0 if never. */
  lastKeyAtMs: () => number;
}

export function useClientState(client: ChatClient, pacing: TrafficPacing): ClientState {
  const [state, setState] = useState(client.getState);
  useEffect(() => {
    let timer: NodeJS.Timeout | null = null;
    let lastFlushMs = 0;
    let pendingSinceMs = 0;
    const flush = (): void => {
      timer = null;
      const now = Date.now();
      const typingWaitMs = pacing.lastKeyAtMs() + pacing.afterKeyMs - now;
      if (typingWaitMs > 0 && now - pendingSinceMs < pacing.maxHoldMs) {
        timer = setTimeout(flush, Math.min(typingWaitMs, pendingSinceMs + pacing.maxHoldMs - now));
        return;
      }
      lastFlushMs = now;
      setState(client.getState());
    };
    const unsubscribe = client.subscribe(() => {
      if (timer) return;
      pendingSinceMs = Date.now();
      const waitMs = lastFlushMs + pacing.intervalMs - pendingSinceMs;
      if (waitMs <= 0) flush();
      else timer = setTimeout(flush, waitMs);
    });
    // Anything that changed between the first render and subscribing.
    setState(client.getState());
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [client, pacing]);
  return state;
}
