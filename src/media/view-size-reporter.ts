/**
 * When to send `view_size` for one peer (docs/media.md "Frames"): at once
 * for a new size, but at most once per interval while a resize drags on —
 * the newest size goes out when the pause ends, sizes in between are never
 * sent. An unchanged size is not sent again.
 */
import type { ViewSize } from '../protocol/view-size.js';

export interface ViewSizeReporter {
  update(size: ViewSize): void;
  /** Forget a pending size (the call is over). */
  stop(): void;
}

export const VIEW_SIZE_INTERVAL_MS = 500;

export function createViewSizeReporter(
  send: (size: ViewSize) => void,
  options: { minIntervalMs?: number; now?: () => number } = {},
): ViewSizeReporter {
  const minIntervalMs = options.minIntervalMs ?? VIEW_SIZE_INTERVAL_MS;
  const now = options.now ?? Date.now;
  let sent: ViewSize | undefined;
  let sentAtMs = -Infinity;
  let pending: ViewSize | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function flush(): void {
    timer = undefined;
    const size = pending;
    pending = undefined;
    if (!size || stopped || same(size, sent)) return;
    sent = size;
    sentAtMs = now();
    send(size);
  }

  return {
    update(size) {
      if (stopped) return;
      if (same(size, sent) && !timer) return;
      pending = size;
      if (timer) return;
      const wait = sentAtMs + minIntervalMs - now();
      if (wait <= 0) flush();
      else {
        timer = setTimeout(flush, wait);
        timer.unref?.();
      }
    },
    stop() {
      stopped = true;
      pending = undefined;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

function same(a: ViewSize | undefined, b: ViewSize | undefined): boolean {
  return a !== undefined && b !== undefined && a.width === b.width && a.height === b.height;
}
