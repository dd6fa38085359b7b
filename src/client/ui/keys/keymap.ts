/**
 * Key bindings as data: what each key does in each pane,
 * and the words the status bar and /help show for it. `key-dispatch.ts`
 * resolves a key against these tables in priority order.
 */
import type { CallState } from '../../core/state.js';
import { callKeyUseful } from '../layout/call-status.js';
import type { Key } from './key-decoder.js';

/** `call` is the call pane (banner or video), focusable only while a call rings or runs. */
export type Focus = 'input' | 'call' | 'messages' | 'users' | 'log';
export const FOCUS_ORDER: readonly Focus[] = ['input', 'call', 'users', 'messages', 'log'];

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
  | 'call_video_view'
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
  | 'user_call'
  | 'reconnect'
  | 'history_search';

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
  { keys: ['alt+c'], action: 'reconnect', label: 'Alt+C', description: 'reconnect now' },
  {
    keys: ['pageup'],
    action: 'page_up',
    label: 'PgUp/PgDn',
    description: 'scroll messages (the log when focused)',
  },
  { keys: ['pagedown'], action: 'page_down', label: 'PgUp/PgDn', description: 'scroll messages' },
  {
    keys: ['ctrl+end'],
    action: 'scroll_bottom',
    label: 'Ctrl+End',
    description: 'newest message (End too, on an empty line)',
  },
  { keys: ['ctrl+home'], action: 'scroll_top', label: 'Ctrl+Home', description: 'oldest message' },
];

/** When a call key does something. */
export type CallKeyWhen =
  /** An incoming call rings. */
  | 'ringing_in'
  /** Accepted on both sides (the media connection may still be coming up). */
  | 'in_call'
  /** Ringing out or in a call: something to hang up. */
  | 'outgoing_or_in_call';

export interface CallBinding extends Binding {
  /** The form that works everywhere, also while typing: Alt+letter. */
  altLabel: string;
  hint: string;
  when: CallKeyWhen;
}

/**
 * Call keys. A bare letter must never steal what someone types, so letters
 * work only where nothing is typed — the call pane and the users pane (which
 * already answers to letters: j/k/c) — and Alt+letter works everywhere,
 * the input line included. The status bar and the call pane show whichever
 * form works in the focused pane.
 */
export const CALL_BINDINGS: readonly CallBinding[] = [
  {
    keys: ['a', 'alt+a'],
    action: 'call_accept',
    label: 'a',
    altLabel: 'Alt+A',
    description: 'accept the incoming call',
    hint: 'accept',
    when: 'ringing_in',
  },
  {
    keys: ['r', 'alt+r'],
    action: 'call_reject',
    label: 'r',
    altLabel: 'Alt+R',
    description: 'reject the incoming call',
    hint: 'reject',
    when: 'ringing_in',
  },
  {
    keys: ['m', 'alt+m'],
    action: 'call_mute',
    label: 'm',
    altLabel: 'Alt+M',
    description: 'mute / unmute your microphone',
    hint: 'mute',
    when: 'in_call',
  },
  {
    keys: ['v', 'alt+v'],
    action: 'call_camera',
    label: 'v',
    altLabel: 'Alt+V',
    description: 'turn your camera off / on',
    hint: 'camera',
    when: 'in_call',
  },
  {
    keys: ['o', 'alt+o'],
    action: 'call_video_view',
    label: 'o',
    altLabel: 'Alt+O',
    description: 'video: colour looks (half, quadrant, sextant, braille, ascii) → ascii → browser',
    hint: 'video out',
    when: 'in_call',
  },
  {
    keys: ['h', 'alt+h'],
    action: 'call_hangup',
    label: 'h',
    altLabel: 'Alt+H',
    description: 'hang up / cancel the call',
    hint: 'hang up',
    when: 'outgoing_or_in_call',
  },
];

/** Panes where a bare call letter is a command, not typing. */
export const LETTER_CALL_KEY_PANES: readonly Focus[] = ['call', 'users'];

export function callKeyApplies(when: CallKeyWhen, call: CallState): boolean {
  switch (when) {
    case 'ringing_in':
      return call.phase === 'ringing_in';
    case 'in_call':
      return call.phase === 'connecting' || call.phase === 'active';
    case 'outgoing_or_in_call':
      return (
        call.phase === 'requesting' ||
        call.phase === 'ringing_out' ||
        call.phase === 'connecting' ||
        call.phase === 'active'
      );
  }
}

/** How to name a call key in the focused pane: "m" where letters work, else "Alt+M". */
export function callKeyLabel(binding: CallBinding, focus: Focus): string {
  return LETTER_CALL_KEY_PANES.includes(focus) ? binding.label : binding.altLabel;
}

/** The call keys that do something now, named as they work in `focus`. */
export function callHints(call: CallState, focus: Focus): { label: string; description: string }[] {
  return CALL_BINDINGS.filter(
    (b) => callKeyApplies(b.when, call) && callKeyUseful(b.action, call),
  ).map((b) => ({
    label: callKeyLabel(b, focus),
    description: b.hint,
  }));
}

/** The pane focus really in effect: the call pane cannot keep focus once the call is over. */
export function effectiveFocus(focus: Focus, call: CallState): Focus {
  return focus === 'call' && call.phase === 'idle' ? 'input' : focus;
}

/** Tab and Esc, the same in every pane but the input line. */
const LEAVE_PANE: readonly Binding[] = [
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
];

/** Line and end-to-end scrolling, as the messages and log panes have it. */
function scrollBindings(lineDescription: string): Binding[] {
  return [
    {
      keys: ['up', 'k'],
      action: 'scroll_up',
      label: 'Up/Down j/k',
      description: lineDescription,
      hint: 'scroll',
    },
    {
      keys: ['down', 'j'],
      action: 'scroll_down',
      label: 'Up/Down j/k',
      description: lineDescription,
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
  ];
}

export const PANE_BINDINGS: Record<Focus, readonly Binding[]> = {
  call: LEAVE_PANE,
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
      keys: ['ctrl+r'],
      action: 'history_search',
      label: 'Ctrl+R',
      description: 'search input history',
    },
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
      description: 'call the selected user (in a call: ring them into it)',
      hint: 'call',
    },
    ...LEAVE_PANE,
  ],
  messages: [...scrollBindings('scroll a line'), ...LEAVE_PANE],
  log: [...scrollBindings('scroll the log'), ...LEAVE_PANE],
};

/** The id a binding lists: a named key, or the one character typed. */
export function keyId(key: Key): string | null {
  if (key.kind === 'key') return key.name;
  if (key.kind === 'text' && [...key.text].length === 1) return key.text;
  return null;
}

export function findBinding<B extends Binding>(bindings: readonly B[], id: string): B | undefined {
  return bindings.find((b) => b.keys.includes(id));
}

/** "Enter send · Tab complete …" for the status bar. */
export function paneHints(focus: Focus): { label: string; description: string }[] {
  return PANE_BINDINGS[focus].flatMap((b) =>
    b.hint ? [{ label: b.label, description: b.hint }] : [],
  );
}
