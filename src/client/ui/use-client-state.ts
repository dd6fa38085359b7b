/**
 * The client state for rendering, at most every `intervalMs` (leading edge:
 * the first change after a quiet spell shows at once). Chat traffic then
 * costs at most ~10 frames a second however fast messages arrive, which
 * keeps Ink's 30 fps frame throttle free for keystrokes: typing stays
 * immediate while 50 messages a second arrive (bench/tui-bench.ts).
 */
import { useEffect, useState } from 'react';
import type { ChatClient } from '../core/chat-client.js';
import type { ClientState } from '../core/state.js';

export function useClientState(client: ChatClient, intervalMs: number): ClientState {
  const [state, setState] = useState(client.getState);
  useEffect(() => {
    let timer: NodeJS.Timeout | null = null;
    let lastMs = 0;
    const flush = (): void => {
      timer = null;
      lastMs = Date.now();
      setState(client.getState());
    };
    const unsubscribe = client.subscribe(() => {
      if (timer) return;
      const waitMs = lastMs + intervalMs - Date.now();
      if (waitMs <= 0) flush();
      else timer = setTimeout(flush, waitMs);
    });
    // Anything that changed between the first render and subscribing.
    setState(client.getState());
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [client, intervalMs]);
  return state;
}
