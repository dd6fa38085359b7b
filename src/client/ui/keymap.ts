/**
 * Key bindings as data (issue 3 items 4–5): what each key does in each pane,
 * and the words the status bar and /help show for it. `key-dispatch.ts`
 * resolves a key against these tables in priority order.
 */
import type { Key } from './key-decoder.js';

export type Focus = 'input' | 'messages' | 'users' | 'log';
export const FOCUS_ORDER: readonly Focus[] = ['input', 'users', 'messages', 'log'];

export type KeyAction =
  | 'quit'
  | 'help'
  | 'focus_next'
  | 'focus_prev'
  | 'focus_input'
  | 'call_accept'
  | 'call_reject'
  | 'call_hangup'
  | 'call_mute'
  | 'call_camera'
  | 'submit'
  | 'insert_newline'
  | 'complete'
  | 'history_prev'
  | 'history_next'
  | 'left'
  | 'right'
  | 'word_left'
  | 'word_right'
  | 'home'
  | 'end'
  | 'backspace'
  | 'delete'
  | 'kill_to_start'
  | 'kill_to_end'
  | 'kill_word_back'
  | 'scroll_up'
  | 'scroll_down'
  | 'page_up'
  | 'page_down'
  | 'scroll_top'
  | 'scroll_bottom'
  | 'select_prev'
  | 'select_next'
  | 'user_message'
  | 'user_call';

export interface Binding {
  keys: readonly string[];
  action: KeyAction;
  /** How /help and the status bar name the keys, e.g. "PgUp/PgDn". */
  label: string;
  description: string;
  /** Shown in the status bar while this pane has focus: a word or two. */
  hint?: string;
}

/** Work everywhere, before the focused pane's bindings. */
export const GLOBAL_BINDINGS: readonly Binding[] = [
  { keys: ['ctrl+c'], action: 'quit', label: 'Ctrl+C', description: 'quit' },
  { keys: ['f1'], action: 'help', label: 'F1', description: 'help' },
  { keys: ['shift+tab'], action: 'focus_prev', label: 'Shift+Tab', description: 'previous pane' },
  {
    keys: ['pageup'],
    action: 'page_up',
    label: 'PgUp/PgDn',
    description: 'scroll messages (the log when focused)',
  },
  { keys: ['pagedown'], action: 'page_down', label: 'PgUp/PgDn', description: 'scroll messages' },
];

/** While a call rings or runs; letters only when they would not be typed into the input. */
export const CALL_BINDINGS: readonly Binding[] = [
  { keys: ['a'], action: 'call_accept', label: 'a', description: 'accept the incoming call' },
  { keys: ['r'], action: 'call_reject', label: 'r', description: 'reject the incoming call' },
  { keys: ['h'], action: 'call_hangup', label: 'h', description: 'hang up' },
  { keys: ['m'], action: 'call_mute', label: 'm', description: 'mute / unmute the microphone' },
  { keys: ['v'], action: 'call_camera', label: 'v', description: 'camera off / on' },
];

export const PANE_BINDINGS: Record<Focus, readonly Binding[]> = {
  input: [
    { keys: ['enter'], action: 'submit', label: 'Enter', description: 'send', hint: 'send' },
    {
      keys: ['tab'],
      action: 'complete',
      label: 'Tab',
      description: 'complete a name or command (empty line: next pane)',
      hint: 'complete',
    },
    {
      keys: ['up'],
      action: 'history_prev',
      label: 'Up/Down',
      description: 'input history',
      hint: 'history',
    },
    { keys: ['down'], action: 'history_next', label: 'Up/Down', description: 'input history' },
    {
      keys: ['newline'],
      action: 'insert_newline',
      label: 'Alt+Enter',
      description: 'new line in the message',
    },
    { keys: ['left'], action: 'left', label: 'Left/Right', description: 'move the cursor' },
    { keys: ['right'], action: 'right', label: 'Left/Right', description: 'move the cursor' },
    {
      keys: ['word_left'],
      action: 'word_left',
      label: 'Ctrl+Left/Right',
      description: 'move by word',
    },
    {
      keys: ['word_right'],
      action: 'word_right',
      label: 'Ctrl+Left/Right',
      description: 'move by word',
    },
    {
      keys: ['home', 'ctrl+a'],
      action: 'home',
      label: 'Home/Ctrl+A',
      description: 'start of line',
    },
    { keys: ['end', 'ctrl+e'], action: 'end', label: 'End/Ctrl+E', description: 'end of line' },
    {
      keys: ['backspace'],
      action: 'backspace',
      label: 'Backspace',
      description: 'delete before the cursor',
    },
    {
      keys: ['delete', 'ctrl+d'],
      action: 'delete',
      label: 'Delete/Ctrl+D',
      description: 'delete at the cursor',
    },
    {
      keys: ['ctrl+u'],
      action: 'kill_to_start',
      label: 'Ctrl+U',
      description: 'delete to the start',
    },
    { keys: ['ctrl+k'], action: 'kill_to_end', label: 'Ctrl+K', description: 'delete to the end' },
    {
      keys: ['ctrl+w', 'alt+backspace'],
      action: 'kill_word_back',
      label: 'Ctrl+W',
      description: 'delete the word before',
    },
  ],
  users: [
    {
      keys: ['up', 'k'],
      action: 'select_prev',
      label: 'Up/Down j/k',
      description: 'select a user',
      hint: 'select',
    },
    {
      keys: ['down', 'j'],
      action: 'select_next',
      label: 'Up/Down j/k',
      description: 'select a user',
    },
    {
      keys: ['enter'],
      action: 'user_message',
      label: 'Enter',
      description: 'private message to the selected user',
      hint: 'message',
    },
    {
      keys: ['c'],
      action: 'user_call',
      label: 'c',
      description: 'call the selected user',
      hint: 'call',
    },
    {
      keys: ['tab'],
      action: 'focus_next',
      label: 'Tab',
      description: 'next pane',
      hint: 'next pane',
    },
    {
      keys: ['escape'],
      action: 'focus_input',
      label: 'Esc',
      description: 'back to the input',
      hint: 'input',
    },
  ],
  messages: [
    {
      keys: ['up', 'k'],
      action: 'scroll_up',
      label: 'Up/Down j/k',
      description: 'scroll a line',
      hint: 'scroll',
    },
    {
      keys: ['down', 'j'],
      action: 'scroll_down',
      label: 'Up/Down j/k',
      description: 'scroll a line',
    },
    {
      keys: ['home', 'g'],
      action: 'scroll_top',
      label: 'Home/End',
      description: 'oldest / newest',
      hint: 'oldest/newest',
    },
    {
      keys: ['end', 'G'],
      action: 'scroll_bottom',
      label: 'Home/End',
      description: 'oldest / newest',
    },
    {
      keys: ['tab'],
      action: 'focus_next',
      label: 'Tab',
      description: 'next pane',
      hint: 'next pane',
    },
    {
      keys: ['escape'],
      action: 'focus_input',
      label: 'Esc',
      description: 'back to the input',
      hint: 'input',
    },
  ],
  log: [
    {
      keys: ['up', 'k'],
      action: 'scroll_up',
      label: 'Up/Down j/k',
      description: 'scroll the log',
      hint: 'scroll',
    },
    {
      keys: ['down', 'j'],
      action: 'scroll_down',
      label: 'Up/Down j/k',
      description: 'scroll the log',
    },
    {
      keys: ['home', 'g'],
      action: 'scroll_top',
      label: 'Home/End',
      description: 'oldest / newest',
      hint: 'oldest/newest',
    },
    {
      keys: ['end', 'G'],
      action: 'scroll_bottom',
      label: 'Home/End',
      description: 'oldest / newest',
    },
    {
      keys: ['tab'],
      action: 'focus_next',
      label: 'Tab',
      description: 'next pane',
      hint: 'next pane',
    },
    {
      keys: ['escape'],
      action: 'focus_input',
      label: 'Esc',
      description: 'back to the input',
      hint: 'input',
    },
  ],
};

/** The id a binding lists: a named key, or the one character typed. */
export function keyId(key: Key): string | null {
  if (key.kind === 'key') return key.name;
  if (key.kind === 'text' && [...key.text].length === 1) return key.text;
  return null;
}

export function findBinding(bindings: readonly Binding[], id: string): Binding | undefined {
  return bindings.find((b) => b.keys.includes(id));
}

/** "Enter send · Tab complete …" for the status bar. */
export function paneHints(focus: Focus): { label: string; description: string }[] {
  return PANE_BINDINGS[focus].flatMap((b) =>
    b.hint ? [{ label: b.label, description: b.hint }] : [],
  );
}
