/**
 * The live media handle of the current call and its latest stats. Frames
 * never pass through React state here (video must not go through a React
 * render per frame, docs/architecture.md); a video pane subscribes to the handle itself.
 */
import { useEffect, useState } from 'react';
import type { ChatClient } from '../../core/chat-client.js';
import type { CallMediaHandle, CallStats } from '../../core/call-media-port.js';

export function useCallHandle(client: ChatClient): CallMediaHandle | null {
  const [handle, setHandle] = useState(() => client.calls.handle);
  useEffect(() => {
    setHandle(client.calls.handle);
    return client.calls.onHandle(setHandle);
  }, [client]);
  return handle;
}

export function useCallStats(handle: CallMediaHandle | null): CallStats | null {
  const [stats, setStats] = useState<CallStats | null>(null);
  useEffect(() => {
    setStats(null);
    if (!handle) return;
    const onStats = (next: CallStats): void => setStats(next);
    handle.on('stats', onStats);
    return () => {
      handle.off('stats', onStats);
    };
  }, [handle]);
  return stats;
}
