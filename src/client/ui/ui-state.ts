/**
 * State that belongs to the screen, not to the chat: which pane has focus,
 * the input line, the selected user, scroll positions, the help overlay.
 * Pure data; `key-dispatch.ts` changes it.
 */
import { createLineEditor, type LineEditorState } from '../core/line-editor.js';
import type { HistorySearch } from './keys/history-search.js';
import type { Focus } from './keys/keymap.js';
import type { MessageSearch } from './keys/message-search.js';
import type { ViewPos } from './layout/line-window.js';

export interface UiState {
  focus: Focus;
  editor: LineEditorState;
  /** By name, so the selection survives users joining and leaving. */
  selectedUser: string | null;
  helpVisible: boolean;
  /** Rows the help overlay is scrolled down (it scrolls when the terminal is too small for it). */
  helpScroll: number;
  /** Why the last submitted line failed, shown at the input line until the line is edited. */
  inputError: string | null;
  messageView: ViewPos;
  logView: ViewPos;
  /** `/search`: the messages pane shows only the matches (message-search.ts). */
  search: MessageSearch | null;
  /** Ctrl+R in the input line (history-search.ts). */
  historySearch: HistorySearch | null;
}

/** `history`: the input history saved from earlier sessions, newest first. */
export function createUiState(history: readonly string[] = []): UiState {
  return {
    focus: 'input',
    editor: createLineEditor(history),
    selectedUser: null,
    helpVisible: false,
    helpScroll: 0,
    inputError: null,
    messageView: null,
    logView: null,
    search: null,
    historySearch: null,
  };
}
