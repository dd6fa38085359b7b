/**
 * The keys of the two searches, resolved before any other binding
 * (key-dispatch.ts): Ctrl+R's reverse-i-search while it runs in the input
 * line (history-search.ts), then `/search`'s n/N/Esc (message-search.ts).
 */
import type { ChunkedList } from '../../core/chunked-list.js';
import type { TimelineEntry } from '../../core/state.js';
import { handleHistorySearchKey } from './history-search.js';
import type { Key } from './key-decoder.js';
import type { UiEffect } from './key-dispatch.js';
import { handleSearchKey } from './message-search.js';
import type { UiState } from '../ui-state.js';

export type SearchKeyResult =
  | { kind: 'handled'; ui: UiState; effects: UiEffect[] }
  /** A search ended; the key acts as usual on this state. */
  | { kind: 'pass'; ui: UiState };

export function handleSearchKeys(
  ui: UiState,
  key: Key,
  timeline: ChunkedList<TimelineEntry>,
): SearchKeyResult | null {
  const history = handleHistorySearchKey(ui, key);
  if (history?.kind === 'handled') {
    const effects: UiEffect[] =
      history.submit !== undefined ? [{ kind: 'submit', line: history.submit }] : [];
    return { kind: 'handled', ui: history.ui, effects };
  }
  if (history) return history;
  const next = handleSearchKey(ui, key, timeline);
  return next ? { kind: 'handled', ui: next, effects: [] } : null;
}
