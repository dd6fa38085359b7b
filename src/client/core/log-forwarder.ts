/**
 * Hands every new log-pane line to `onLog` (the client's log file), except
 * lines that came from the log file's side in the first place.
 */
import type { LogEntry } from './state.js';
import type { Store } from './store.js';

export interface LogForwarder {
  /** The next log line (with this `seq`) is already in the file: do not forward it. */
  skip(seq: number): void;
}

export function forwardLog(
  store: Store,
  onLog: ((entry: LogEntry) => void) | undefined,
): LogForwarder {
  const skipped = new Set<number>();
  let forwardedSeq = 0;
  if (onLog) {
    store.subscribe(() => {
      const log = store.getState().log;
      const fresh: LogEntry[] = [];
      for (let i = log.length - 1; i >= 0 && log[i]!.seq > forwardedSeq; i--) fresh.push(log[i]!);
      if (fresh.length === 0) return;
      forwardedSeq = fresh[0]!.seq;
      for (const entry of fresh.reverse()) {
        if (!skipped.delete(entry.seq)) onLog(entry);
      }
    });
  }
  return {
    skip(seq) {
      if (onLog) skipped.add(seq);
    },
  };
}
