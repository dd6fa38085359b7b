/**
 * Server events on their way into the store, applied in batches: a crowd
 * joining or a busy channel sends hundreds of events in one socket read, and
 * applying them one dispatch at a time would wake every store listener (and
 * the UI) once per event. Events are queued as they are read and applied
 * together on the next turn of the event loop (`setImmediate`), after the
 * I/O callbacks of this turn — so a key read in the same turn is handled
 * first — at most `maxPerBatch` at a time, yielding to I/O between batches.
 *
 * Order is kept: `flush()` applies everything queued before an event that
 * does not wait (the caller decides which ones do) is handled.
 */
import type { Request, ServerEvent } from '../../protocol/messages.js';

export interface ReceivedEvent {
  event: ServerEvent;
  atMs: number;
  /** The request this event answers, matched by `ref` when it was read. */
  request?: Request;
}

export interface EventIntake {
  /** Queues an event; it is applied on a later turn (or by `flush`). */
  push(item: ReceivedEvent): void;
  /** Applies everything queued, now. */
  flush(): void;
  /** Drops the scheduled turn (queued events are applied first). */
  close(): void;
}

export interface EventIntakeOptions {
  apply: (items: readonly ReceivedEvent[]) => void;
  /** Events applied in one batch before the loop gets a turn for I/O (keys) again. */
  maxPerBatch?: number;
  /** Runs `task` on a later turn; returns a canceller (default `setImmediate`). */
  schedule?: (task: () => void) => () => void;
}

/** ~5 ms of reducer work on a busy machine (bench:tui storm profile: ~10 µs an event). */
const DEFAULT_MAX_PER_BATCH = 500;

function onNextTurn(task: () => void): () => void {
  const immediate = setImmediate(task);
  return () => clearImmediate(immediate);
}

export function createEventIntake(options: EventIntakeOptions): EventIntake {
  const maxPerBatch = options.maxPerBatch ?? DEFAULT_MAX_PER_BATCH;
  const schedule = options.schedule ?? onNextTurn;
  let queue: ReceivedEvent[] = [];
  let cancel: (() => void) | null = null;

  function applyBatch(): void {
    cancel = null;
    if (queue.length <= maxPerBatch) {
      const items = queue;
      queue = [];
      if (items.length > 0) options.apply(items);
      return;
    }
    const items = queue.slice(0, maxPerBatch);
    queue = queue.slice(maxPerBatch);
    cancel = schedule(applyBatch);
    options.apply(items);
  }

  function flush(): void {
    cancel?.();
    cancel = null;
    const items = queue;
    queue = [];
    if (items.length > 0) options.apply(items);
  }

  return {
    push(item) {
      queue.push(item);
      cancel ??= schedule(applyBatch);
    },
    flush,
    close: flush,
  };
}
