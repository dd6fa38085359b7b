/**
 * The input line's editing logic, without any UI: a buffer,
 * a cursor, history, kill commands and Tab completion. Pure; the Ink
 * `InputLine` maps keys to these operations and draws the result.
 *
 * The cursor is a UTF-16 offset that always sits on a grapheme boundary, so
 * Left/Right/Backspace/Delete move over a whole emoji or accented letter.
 */
import { isForbiddenControl } from '../../protocol/text.js';
import { complete, type Completion } from './completion.js';

export const MAX_HISTORY = 500;

export interface LineEditorState {
  text: string;
  cursor: number;
  history: readonly string[];
  /** Which history entry is shown (0 = newest); null when editing a fresh line. */
  historyIndex: number | null;
  /** The unsent line, kept while browsing history. */
  draft: string;
  completion: Completion | null;
  /**
   * The whole line is selected (a command that failed is kept this way): typing or pasting
   * replaces it, Backspace/Delete delete it, and every other key first drops the selection
   * and then edits as usual, as a selected text field does in any GUI.
   */
  selected: boolean;
}

export type EditOp =
  | { op: 'insert'; text: string }
  | { op: 'backspace' }
  | { op: 'delete' }
  | { op: 'left' }
  | { op: 'right' }
  | { op: 'word_left' }
  | { op: 'word_right' }
  | { op: 'home' }
  | { op: 'end' }
  | { op: 'kill_to_start' }
  | { op: 'kill_to_end' }
  | { op: 'kill_word_back' }
  | { op: 'history_prev' }
  | { op: 'history_next' }
  | { op: 'complete'; names: readonly string[] }
  | { op: 'set'; text: string }
  | { op: 'select_all' };

export function createLineEditor(history: readonly string[] = []): LineEditorState {
  return {
    text: '',
    cursor: 0,
    history,
    historyIndex: null,
    draft: '',
    completion: null,
    selected: false,
  };
}

const segmenter = new Intl.Segmenter();
const ASCII = /^[\x20-\x7e]*$/;

function prevBoundary(text: string, at: number): number {
  if (at <= 0) return 0;
  if (ASCII.test(text.slice(Math.max(0, at - 1), at))) return at - 1;
  let last = 0;
  for (const { index } of segmenter.segment(text)) {
    if (index >= at) break;
    last = index;
  }
  return last;
}

function nextBoundary(text: string, at: number): number {
  if (at >= text.length) return text.length;
  if (ASCII.test(text.slice(at, at + 2))) return at + 1;
  const seg = segmenter.segment(text).containing(at);
  return seg ? seg.index + seg.segment.length : text.length;
}

function wordStartBefore(text: string, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1]!)) i -= 1;
  while (i > 0 && !/\s/.test(text[i - 1]!)) i -= 1;
  return i;
}

function wordEndAfter(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i]!)) i += 1;
  while (i < text.length && !/\s/.test(text[i]!)) i += 1;
  return i;
}

/**
 * What a paste or a keypress may put in the line: CR and CRLF become `\n`
 * (a multi-line paste is one multi-line message); other controls the server
 * would refuse (`bad_text`, §1.4) are dropped.
 */
export function cleanInsert(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    if (!isForbiddenControl(ch.charCodeAt(0))) out += ch;
  }
  return out;
}

function withText(state: LineEditorState, text: string, cursor: number): LineEditorState {
  return { ...state, text, cursor, completion: null, historyIndex: state.historyIndex };
}

export function edit(current: LineEditorState, op: EditOp): LineEditorState {
  if (current.selected) {
    if (op.op === 'insert') {
      const clean = cleanInsert(op.text);
      if (clean === '') return current;
      return { ...current, text: clean, cursor: clean.length, selected: false, completion: null };
    }
    if (op.op === 'backspace' || op.op === 'delete')
      return { ...current, text: '', cursor: 0, selected: false, completion: null };
    if (op.op !== 'select_all') return edit({ ...current, selected: false }, op);
  }
  const state = current;
  const { text, cursor } = state;
  switch (op.op) {
    case 'insert': {
      const clean = cleanInsert(op.text);
      if (clean === '') return state;
      return withText(
        state,
        text.slice(0, cursor) + clean + text.slice(cursor),
        cursor + clean.length,
      );
    }
    case 'backspace': {
      const at = prevBoundary(text, cursor);
      return withText(state, text.slice(0, at) + text.slice(cursor), at);
    }
    case 'delete': {
      const end = nextBoundary(text, cursor);
      return withText(state, text.slice(0, cursor) + text.slice(end), cursor);
    }
    case 'left':
      return { ...state, cursor: prevBoundary(text, cursor), completion: null };
    case 'right':
      return { ...state, cursor: nextBoundary(text, cursor), completion: null };
    case 'word_left':
      return { ...state, cursor: wordStartBefore(text, cursor), completion: null };
    case 'word_right':
      return { ...state, cursor: wordEndAfter(text, cursor), completion: null };
    case 'home':
      return { ...state, cursor: 0, completion: null };
    case 'end':
      return { ...state, cursor: text.length, completion: null };
    case 'kill_to_start':
      return withText(state, text.slice(cursor), 0);
    case 'kill_to_end':
      return withText(state, text.slice(0, cursor), cursor);
    case 'kill_word_back': {
      const at = wordStartBefore(text, cursor);
      return withText(state, text.slice(0, at) + text.slice(cursor), at);
    }
    case 'history_prev': {
      const index = state.historyIndex === null ? 0 : state.historyIndex + 1;
      const entry = state.history[index];
      if (entry === undefined) return state;
      const draft = state.historyIndex === null ? text : state.draft;
      return {
        ...state,
        text: entry,
        cursor: entry.length,
        historyIndex: index,
        draft,
        completion: null,
      };
    }
    case 'history_next': {
      if (state.historyIndex === null) return state;
      const index = state.historyIndex - 1;
      const entry = index < 0 ? state.draft : (state.history[index] ?? '');
      return {
        ...state,
        text: entry,
        cursor: entry.length,
        historyIndex: index < 0 ? null : index,
        completion: null,
      };
    }
    case 'complete': {
      const result = complete(text, cursor, op.names, state.completion);
      if (!result) return { ...state, completion: null };
      return { ...state, text: result.text, cursor: result.cursor, completion: result.completion };
    }
    case 'set':
      return {
        ...state,
        text: op.text,
        cursor: op.text.length,
        historyIndex: null,
        completion: null,
      };
    case 'select_all':
      return { ...state, cursor: text.length, selected: text !== '', completion: null };
  }
}

/** The line goes into the history (Up brings it back) and stays in the editor. */
export function keepInHistory(state: LineEditorState): LineEditorState {
  const line = state.text;
  if (line.trim() === '' || state.history[0] === line) return state;
  return { ...state, history: [line, ...state.history].slice(0, MAX_HISTORY), historyIndex: null };
}

/** Enter: returns the line to send and an empty editor with the line in its history. */
export function submit(state: LineEditorState): { state: LineEditorState; line: string } {
  const line = state.text;
  const keep = line.trim() !== '' && state.history[0] !== line;
  const history = keep ? [line, ...state.history].slice(0, MAX_HISTORY) : state.history;
  return { state: createLineEditor(history), line };
}
