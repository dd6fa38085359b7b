/**
 * Bounded, append-only lists in the state: the message timeline (10,000
 * entries, a chunked list so appends stay cheap) and the log
 * (1,000 entries, a plain array). Both immutable, so a UI can compare
 * versions by identity.
 */
import type { LogEntry, TimelineEntry } from './state.js';
import { MAX_LOG_ENTRIES, MAX_TIMELINE_ENTRIES } from './state.js';
import { listAppend, type ChunkedList } from './chunked-list.js';

export function appendBounded<T>(list: readonly T[], items: readonly T[], max: number): T[] {
  if (items.length === 0) return list as T[];
  const total = list.length + items.length;
  if (total <= max) return [...list, ...items];
  const dropFromList = Math.min(list.length, total - max);
  const kept = list.slice(dropFromList);
  const merged = [...kept, ...items];
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}

export function appendTimeline(
  list: ChunkedList<TimelineEntry>,
  items: readonly TimelineEntry[],
): ChunkedList<TimelineEntry> {
  return listAppend(list, items, MAX_TIMELINE_ENTRIES);
}

export function appendLog(list: readonly LogEntry[], items: readonly LogEntry[]): LogEntry[] {
  return appendBounded(list, items, MAX_LOG_ENTRIES);
}

/** Index of the entry with `seq`, or of the first one after it; entries are sorted by `seq`. */
export function indexOfSeq(list: readonly { seq: number }[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
