/**
 * The one key dispatcher (bindings in keymap.ts): a key and the current
 * state → the next UI state and the effects to run on the client. Pure, so
 * every binding is tested without a terminal. Priority: help overlay, global
 * keys, call keys, the focused pane, then typing.
 */
import type { ClientCommand } from '../../core/command-parser.js';
import {
  edit,
  keepInHistory,
  submit,
  type EditOp,
  type LineEditorState,
} from '../../core/line-editor.js';
import type { ClientState } from '../../core/state.js';
import type { Key } from './key-decoder.js';
import type { Layout } from '../layout/layout.js';
import type { MouseEvent } from './mouse-decoder.js';
import { paneAt } from '../layout/pane-at.js';
import {
  CALL_BINDINGS,
  FOCUS_ORDER,
  GLOBAL_BINDINGS,
  LETTER_CALL_KEY_PANES,
  PANE_BINDINGS,
  callKeyApplies,
  effectiveFocus,
  findBinding,
  keyId,
  type KeyAction,
} from './keymap.js';
import { scrollView, topView, type LineSource } from '../layout/line-window.js';
import { startHistorySearch } from './history-search.js';
import { handleSearchKeys } from './search-keys.js';
import type { UiState } from '../ui-state.js';

export type UiEffect =
  | { kind: 'submit'; line: string }
  | { kind: 'toggle'; what: 'mic' | 'camera' }
  /** Next video output (ascii → color → viewer), without reconnecting. */
  | { kind: 'video_view' }
  | { kind: 'run'; command: ClientCommand }
  | { kind: 'message_view_moved'; atBottom: boolean };

export interface KeyContext {
  client: ClientState;
  messages: { source: LineSource; height: number };
  log: { source: LineSource; height: number };
  /** Where the panes are, for the mouse; without it the mouse does nothing. */
  layout?: Layout;
  /** How far the help overlay can scroll, and its page (HelpOverlay.tsx). */
  help?: { maxScroll: number; page: number };
}

/** Lines one notch of the mouse wheel scrolls, as most terminals and browsers do. */
export const WHEEL_LINES = 3;

export interface KeyResult {
  ui: UiState;
  effects: UiEffect[];
}

const EDIT_OPS: Partial<Record<KeyAction, EditOp>> = {
  history_prev: { op: 'history_prev' },
  history_next: { op: 'history_next' },
  left: { op: 'left' },
  right: { op: 'right' },
  word_left: { op: 'word_left' },
  word_right: { op: 'word_right' },
  home: { op: 'home' },
  end: { op: 'end' },
  backspace: { op: 'backspace' },
  delete: { op: 'delete' },
  kill_to_start: { op: 'kill_to_start' },
  kill_to_end: { op: 'kill_to_end' },
  kill_word_back: { op: 'kill_word_back' },
  insert_newline: { op: 'insert', text: '\n' },
};

function resolveAction(ui: UiState, key: Key, ctx: KeyContext): KeyAction | null {
  const id = keyId(key);
  if (id === null) return null;
  const global = findBinding(GLOBAL_BINDINGS, id);
  if (global) return global.action;
  // Bare call letters only where nothing is typed; Alt+letter everywhere (keymap.ts).
  const call = findBinding(CALL_BINDINGS, id);
  if (call && callKeyApplies(call.when, ctx.client.call)) {
    if (id.startsWith('alt+') || LETTER_CALL_KEY_PANES.includes(ui.focus)) return call.action;
  }
  if (ui.focus === 'input' && id === 'tab' && ui.editor.text === '') return 'focus_next';
  // End on an empty line has nothing to move over: it jumps to the newest message, as the
  // message pane's "End to jump" hint promises.
  if (ui.focus === 'input' && id === 'end' && ui.editor.text === '') return 'scroll_bottom';
  return findBinding(PANE_BINDINGS[ui.focus], id)?.action ?? null;
}

function moveFocus(ui: UiState, step: number, ctx: KeyContext): UiState {
  // The call pane is in the Tab order only while there is a call to show.
  const order = FOCUS_ORDER.filter((f) => f !== 'call' || ctx.client.call.phase !== 'idle');
  const at = order.indexOf(ui.focus);
  const focus = order[(at + step + order.length) % order.length]!;
  const selectedUser =
    focus === 'users' && ui.selectedUser === null
      ? (ctx.client.users.at(0)?.name ?? null)
      : ui.selectedUser;
  return { ...ui, focus, selectedUser };
}

function selectUser(ui: UiState, step: number, ctx: KeyContext): UiState {
  const users = ctx.client.users;
  if (users.length === 0) return { ...ui, selectedUser: null };
  const at = ui.selectedUser === null ? -1 : users.indexOfName(ui.selectedUser);
  const next = at === -1 ? 0 : Math.max(0, Math.min(users.length - 1, at + step));
  return { ...ui, selectedUser: users.at(next)!.name };
}

function scroll(
  ui: UiState,
  ctx: KeyContext,
  pane: 'messages' | 'log',
  how: 'line' | 'page' | 'top' | 'bottom',
  dir: 1 | -1,
  lines = 1,
): KeyResult {
  const { source, height } = ctx[pane];
  const current = pane === 'messages' ? ui.messageView : ui.logView;
  const next =
    how === 'top'
      ? topView(source, height)
      : how === 'bottom'
        ? null
        : scrollView(
            source,
            height,
            current,
            dir * (how === 'page' ? Math.max(1, height - 1) : lines),
          );
  if (pane === 'log') return { ui: { ...ui, logView: next }, effects: [] };
  return {
    ui: { ...ui, messageView: next },
    effects: [{ kind: 'message_view_moved', atBottom: next === null }],
  };
}

function applyAction(ui: UiState, action: KeyAction, ctx: KeyContext): KeyResult {
  const none: UiEffect[] = [];
  const pane = ui.focus === 'log' ? 'log' : 'messages';
  switch (action) {
    case 'quit':
      return { ui, effects: [{ kind: 'run', command: { kind: 'quit' } }] };
    case 'help':
      return { ui: { ...ui, helpVisible: true }, effects: none };
    case 'reconnect':
      return { ui, effects: [{ kind: 'run', command: { kind: 'reconnect' } }] };
    case 'history_search':
      return { ui: startHistorySearch(ui), effects: none };
    case 'focus_next':
      return { ui: moveFocus(ui, 1, ctx), effects: none };
    case 'focus_prev':
      return { ui: moveFocus(ui, -1, ctx), effects: none };
    case 'focus_input':
      return { ui: { ...ui, focus: 'input' }, effects: none };
    case 'call_accept':
      return { ui, effects: [{ kind: 'run', command: { kind: 'accept' } }] };
    case 'call_reject':
      return { ui, effects: [{ kind: 'run', command: { kind: 'reject' } }] };
    case 'call_hangup':
      return { ui, effects: [{ kind: 'run', command: { kind: 'hangup' } }] };
    case 'call_mute':
      return { ui, effects: [{ kind: 'toggle', what: 'mic' }] };
    case 'call_camera':
      return { ui, effects: [{ kind: 'toggle', what: 'camera' }] };
    case 'call_video_view':
      return { ui, effects: [{ kind: 'video_view' }] };
    case 'submit':
      return { ui, effects: [{ kind: 'submit', line: ui.editor.text }] };
    case 'complete':
      return {
        ui: {
          ...ui,
          editor: edit(ui.editor, { op: 'complete', names: ctx.client.users.map((u) => u.name) }),
        },
        effects: none,
      };
    case 'page_up':
      return scroll(ui, ctx, pane, 'page', -1);
    case 'page_down':
      return scroll(ui, ctx, pane, 'page', 1);
    case 'scroll_up':
      return scroll(ui, ctx, pane, 'line', -1);
    case 'scroll_down':
      return scroll(ui, ctx, pane, 'line', 1);
    case 'scroll_top':
      return scroll(ui, ctx, pane, 'top', -1);
    case 'scroll_bottom':
      return scroll(ui, ctx, pane, 'bottom', 1);
    case 'select_prev':
      return { ui: selectUser(ui, -1, ctx), effects: none };
    case 'select_next':
      return { ui: selectUser(ui, 1, ctx), effects: none };
    case 'user_message': {
      if (ui.selectedUser === null) return { ui, effects: none };
      const editor = edit(ui.editor, { op: 'set', text: `/msg ${ui.selectedUser} ` });
      return { ui: { ...ui, focus: 'input', editor }, effects: none };
    }
    case 'user_call':
      if (ui.selectedUser === null) return { ui, effects: none };
      return {
        ui,
        effects: [
          {
            kind: 'run',
            // In a call, `c` rings the selected user into it (docs/protocol.md "Group calls").
            command:
              ctx.client.call.phase === 'idle'
                ? { kind: 'call', to: ui.selectedUser, media: ['audio', 'video'] }
                : { kind: 'invite', to: ui.selectedUser },
          },
        ],
      };
    case 'history_prev':
    case 'history_next':
    case 'left':
    case 'right':
    case 'word_left':
    case 'word_right':
    case 'home':
    case 'end':
    case 'backspace':
    case 'delete':
    case 'kill_to_start':
    case 'kill_to_end':
    case 'kill_word_back':
    case 'insert_newline':
      return { ui: { ...ui, editor: edit(ui.editor, EDIT_OPS[action]!) }, effects: none };
  }
}

/** Keys that scroll the help overlay; any other key closes it. */
const HELP_SCROLL: Record<string, (page: number) => number> = {
  up: () => -1,
  k: () => -1,
  down: () => 1,
  j: () => 1,
  pageup: (page) => -page,
  pagedown: (page) => page,
  home: () => -Infinity,
  end: () => Infinity,
};

function helpKey(ui: UiState, key: Key, ctx: KeyContext): KeyResult {
  const id = keyId(key);
  if (id === 'ctrl+c') return applyAction(ui, 'quit', ctx);
  const maxScroll = ctx.help?.maxScroll ?? 0;
  const page = Math.max(1, (ctx.help?.page ?? 1) - 1);
  let delta: number | null = id === null ? null : (HELP_SCROLL[id]?.(page) ?? null);
  if (key.kind === 'mouse') {
    // Only a wheel scrolls and only a click closes: a release or a drag is nothing.
    if (key.mouse.kind === 'wheel')
      delta = key.mouse.direction === 'up' ? -WHEEL_LINES : WHEEL_LINES;
    else if (key.mouse.kind !== 'press') return { ui, effects: [] };
  }
  if (key.kind === 'unknown') return { ui, effects: [] };
  if (delta === null) return { ui: { ...ui, helpVisible: false, helpScroll: 0 }, effects: [] };
  const helpScroll = Math.max(0, Math.min(maxScroll, ui.helpScroll + delta));
  return { ui: { ...ui, helpScroll }, effects: [] };
}

/** The wheel scrolls the pane under the pointer; a click gives a pane focus. */
function mouseKey(ui: UiState, mouse: MouseEvent, ctx: KeyContext): KeyResult {
  const pane = ctx.layout ? paneAt(ctx.layout, mouse.column, mouse.row) : null;
  if (pane === null) return { ui, effects: [] };
  if (mouse.kind === 'press' && mouse.button === 'left') {
    if (pane === 'call' && ctx.client.call.phase === 'idle') return { ui, effects: [] };
    return { ui: { ...ui, focus: pane }, effects: [] };
  }
  if (mouse.kind !== 'wheel') return { ui, effects: [] };
  const dir = mouse.direction === 'up' ? -1 : 1;
  if (pane === 'messages' || pane === 'log') return scroll(ui, ctx, pane, 'line', dir, WHEEL_LINES);
  if (pane === 'users') return { ui: selectUser(ui, dir, ctx), effects: [] };
  return { ui, effects: [] };
}

function dispatch(ui: UiState, key: Key, ctx: KeyContext): KeyResult {
  if (ui.helpVisible) return helpKey(ui, key, ctx);
  if (key.kind === 'mouse') return mouseKey(ui, key.mouse, ctx);
  const searched = handleSearchKeys(ui, key, ctx.client.timeline);
  if (searched && searched.kind === 'handled') return searched;
  return dispatchAfterSearch(searched ? searched.ui : ui, key, ctx);
}

function dispatchAfterSearch(ui: UiState, key: Key, ctx: KeyContext): KeyResult {
  const action = resolveAction(ui, key, ctx);
  if (action) return applyAction(ui, action, ctx);
  if (key.kind === 'text' || key.kind === 'paste') {
    // Typing in another pane goes to the input line, as in irssi.
    const text = key.kind === 'paste' ? key.text.replace(/[\r\n]+$/, '') : key.text;
    return {
      ui: { ...ui, focus: 'input', editor: edit(ui.editor, { op: 'insert', text }) },
      effects: [],
    };
  }
  return { ui, effects: [] };
}

export function handleKey(current: UiState, key: Key, ctx: KeyContext): KeyResult {
  const focus = effectiveFocus(current.focus, ctx.client.call);
  const ui = focus === current.focus ? current : { ...current, focus };
  const result = dispatch(ui, key, ctx);
  const { editor } = result.ui;
  // A failed line's error stays until the line is edited (or replaced by typing).
  if (
    result.ui.inputError !== null &&
    (editor.text !== ui.editor.text || editor.selected !== ui.editor.selected)
  ) {
    return { ...result, ui: { ...result.ui, inputError: null } };
  }
  return result;
}

/**
 * After the client ran the submitted line: clear it (into history); when it failed, keep it
 * with the reason beside it, a command selected so that the next keys replace or edit it and
 * are never glued onto it (line-editor.ts `selected`).
 */
export function afterSubmit(
  ui: UiState,
  result: { ok: true; help?: boolean } | { ok: false; error: string },
): UiState {
  if (!result.ok) {
    // Nothing typed is lost: the line also goes into the history. A failed command is
    // selected (what is typed next replaces it); a message that could not be sent (not
    // connected, too long) is left as it is, to be finished or sent again.
    const kept = keepInHistory(ui.editor);
    const command = kept.text.startsWith('/') && !kept.text.startsWith('//');
    const editor = command ? edit(kept, { op: 'select_all' }) : kept;
    return { ...ui, editor, inputError: result.error };
  }
  return {
    ...ui,
    editor: submit(ui.editor).state,
    helpVisible: result.help === true,
    helpScroll: 0,
    inputError: null,
    messageView: null,
  };
}

/**
 * The name prompt's keys: the input line's editing keys (PANE_BINDINGS.input), Enter to
 * choose the name, text inserted up to the first line break (a name is one word).
 */
export function nameKey(
  editor: LineEditorState,
  key: Key,
): { editor: LineEditorState; submit: boolean } {
  if (key.kind === 'text' || key.kind === 'paste') {
    const text = key.text.split(/[\r\n]/)[0]!;
    return { editor: edit(editor, { op: 'insert', text }), submit: false };
  }
  const id = keyId(key);
  const action = id === null ? undefined : findBinding(PANE_BINDINGS.input, id)?.action;
  if (action === 'submit') return { editor, submit: true };
  const op = action === undefined ? undefined : NAME_EDIT_OPS[action];
  return { editor: op ? edit(editor, op) : editor, submit: false };
}

/** The editing keys without history, completion and new lines: a name has none of those. */
const NAME_EDIT_OPS: Partial<Record<KeyAction, EditOp>> = Object.fromEntries(
  Object.entries(EDIT_OPS).filter(
    ([action]) => !['history_prev', 'history_next', 'insert_newline'].includes(action),
  ),
);
