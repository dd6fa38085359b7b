/**
 * Ctrl+R in the input line: reverse-i-search through the input history, as
 * in bash. Typing narrows the search, Ctrl+R again finds the next older
 * match, Backspace widens it, Enter sends the line found, Esc or Ctrl+G
 * puts back the line you had; any other key takes the line found into the
 * editor and then acts as usual. Pure; kept apart from the line editor,
 * which only ever sees the line found (`set`).
 */
import { edit, type LineEditorState } from '../../core/line-editor.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import type { Key } from './key-decoder.js';
import { keyId } from './keymap.js';
import type { UiState } from '../ui-state.js';

export interface HistorySearch {
  query: string;
  /** Index in the history (0 = newest) of the line found; null when nothing matches. */
  found: number | null;
  /** The editor as it was before Ctrl+R, for Esc. */
  saved: LineEditorState;
}

function find(history: readonly string[], query: string, from: number): number | null {
  for (let i = from; i < history.length; i++) if (history[i]!.includes(query)) return i;
  return null;
}

function show(ui: UiState, search: HistorySearch): UiState {
  const text = search.found === null ? ui.editor.text : search.saved.history[search.found]!;
  return { ...ui, historySearch: search, editor: edit(ui.editor, { op: 'set', text }) };
}

export function startHistorySearch(ui: UiState): UiState {
  return { ...ui, historySearch: { query: '', found: null, saved: ui.editor } };
}

/** What the input pane's title says while searching. */
export function historySearchTitle(search: HistorySearch): string {
  const failing = search.found === null && search.query !== '' ? 'failing ' : '';
  const query = sanitizeForTerminal(search.query);
  return `(${failing}reverse-i-search)'${query}' · Enter send · Esc cancel`;
}

export type HistorySearchResult =
  /** The key was the search's: this is the new UI state (and maybe a line to send). */
  | { kind: 'handled'; ui: UiState; submit?: string }
  /** The search ended with the line found in the editor; the key now acts as usual. */
  | { kind: 'pass'; ui: UiState };

export function handleHistorySearchKey(ui: UiState, key: Key): HistorySearchResult | null {
  const search = ui.historySearch;
  if (!search) return null;
  const history = search.saved.history;
  const id = keyId(key);
  if (id === 'escape' || id === 'ctrl+g') {
    return { kind: 'handled', ui: { ...ui, historySearch: null, editor: search.saved } };
  }
  if (id === 'ctrl+r') {
    const from = search.found === null ? 0 : search.found + 1;
    const found = find(history, search.query, from) ?? search.found;
    return { kind: 'handled', ui: show(ui, { ...search, found }) };
  }
  if (id === 'enter') {
    return { kind: 'handled', ui: { ...ui, historySearch: null }, submit: ui.editor.text };
  }
  if (id === 'backspace') {
    const query = [...search.query].slice(0, -1).join('');
    const found = query === '' ? null : find(history, query, 0);
    const next = { ...search, query, found };
    return {
      kind: 'handled',
      ui: found === null ? { ...ui, historySearch: next } : show(ui, next),
    };
  }
  if (key.kind === 'text' || key.kind === 'paste') {
    const query = search.query + key.text.replace(/[\r\n]+/g, ' ');
    const found = find(history, query, search.found ?? 0);
    return { kind: 'handled', ui: show(ui, { ...search, query, found }) };
  }
  return { kind: 'pass', ui: { ...ui, historySearch: null } };
}
