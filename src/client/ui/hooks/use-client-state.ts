/**
 * The client state for rendering, at most every `intervalMs` (leading edge:
 * the first change after a quiet spell shows at once). Chat traffic then
 * costs at most ~10 frames a second however fast messages arrive. While the
 * user types, traffic waits a little longer (up to `maxHoldMs`) so its frames
 * do not land between a key and its echo: typing stays immediate while 50
 * messages a second arrive (bench/tui-bench.ts).
 *
 * A frame of traffic costs more when the machine is busy or the screen is
 * big; the next one waits at least `costShare` times as long as this one
 * took (measured from the state change to the end of React's commit, which
 * includes Ink's output), so that a storm of events cannot spend more than
 * about a quarter of the time redrawing and keys and events keep theirs.
 */
import { useEffect, useState } from 'react';
import type { ChatClient } from '../../core/chat-client.js';
import type { ClientState } from '../../core/state.js';

export interface TrafficPacing {
  intervalMs: number;
  /** Traffic frames keep this far from the last key press… */
  afterKeyMs: number;
  /** …but never wait longer than this in all. */
  maxHoldMs: number;
  /** When the last key was pressed (ms since epoch), 0 if never. */
  lastKeyAtMs: () => number;
  /** The next traffic frame waits at least this many times the last one's cost (default 4). */
  costShare?: number;
}

export function useClientState(client: ChatClient, pacing: TrafficPacing): ClientState {
  const [state, setState] = useState(client.getState);
  useEffect(() => {
    let timer: NodeJS.Timeout | null = null;
    let lastFlushMs = 0;
    let pendingSinceMs = 0;
    let lastCostMs = 0;
    const costShare = pacing.costShare ?? 4;
    const flush = (): void => {
      timer = null;
      const now = Date.now();
      const typingWaitMs = pacing.lastKeyAtMs() + pacing.afterKeyMs - now;
      if (typingWaitMs > 0 && now - pendingSinceMs < pacing.maxHoldMs) {
        timer = setTimeout(flush, Math.min(typingWaitMs, pendingSinceMs + pacing.maxHoldMs - now));
        return;
      }
      lastFlushMs = now;
      const started = performance.now();
      setState(client.getState());
      // A legacy-root update renders and commits in a microtask queued by setState: this one runs after.
      queueMicrotask(() => {
        lastCostMs = performance.now() - started;
      });
    };
    const unsubscribe = client.subscribe(() => {
      if (timer) return;
      pendingSinceMs = Date.now();
      const waitMs =
        lastFlushMs + Math.max(pacing.intervalMs, lastCostMs * costShare) - pendingSinceMs;
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
