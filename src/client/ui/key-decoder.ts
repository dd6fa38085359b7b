/**
 * Raw terminal input → keys. Pure. We decode ourselves instead of using
 * Ink's `useInput` flags because those cannot tell Backspace (DEL, 0x7f)
 * from forward Delete (`ESC[3~`): Ink reports both as `delete`.
 *
 * Ink's input parser already splits the stream into one escape sequence or
 * one run of plain text per event; this turns each event into a `Key`.
 */

export type KeyName =
  | 'enter'
  | 'newline'
  | 'tab'
  | 'shift+tab'
  | 'backspace'
  | 'delete'
  | 'escape'
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'word_left'
  | 'word_right'
  | 'home'
  | 'end'
  | 'pageup'
  | 'pagedown'
  | 'f1'
  | 'alt+backspace'
  | 'paste_start'
  | 'paste_end'
  /** Ctrl+letter, as `ctrl+a` … `ctrl+z`. */
  | `ctrl+${string}`
  /** Alt+letter (ESC then the letter, as terminals send Meta), as `alt+a` … `alt+z`. */
  | `alt+${string}`;

export type Key =
  | { kind: 'key'; name: KeyName }
  /** Printable text typed (one or more characters). */
  | { kind: 'text'; text: string }
  /** Text with line breaks: a bracketed paste, or (from `decodeKey`) keys typed in one burst. */
  | { kind: 'paste'; text: string }
  | { kind: 'unknown'; sequence: string };

const SEQUENCES: Record<string, KeyName> = {
  '\r': 'enter',
  '\n': 'enter',
  '\u001b\r': 'newline',
  '\t': 'tab',
  '\u001b[Z': 'shift+tab',
  '\u007f': 'backspace',
  '\b': 'backspace',
  '\u001b\u007f': 'alt+backspace',
  '\u001b\b': 'alt+backspace',
  '\u001b[3~': 'delete',
  '\u001b': 'escape',
  '\u001b\u001b': 'escape',
  '\u001b[A': 'up',
  '\u001bOA': 'up',
  '\u001b[B': 'down',
  '\u001bOB': 'down',
  '\u001b[C': 'right',
  '\u001bOC': 'right',
  '\u001b[D': 'left',
  '\u001bOD': 'left',
  '\u001b[1;5C': 'word_right',
  '\u001b[1;3C': 'word_right',
  '\u001bf': 'word_right',
  '\u001b[1;5D': 'word_left',
  '\u001b[1;3D': 'word_left',
  '\u001bb': 'word_left',
  '\u001b[H': 'home',
  '\u001bOH': 'home',
  '\u001b[1~': 'home',
  '\u001b[7~': 'home',
  '\u001b[F': 'end',
  '\u001bOF': 'end',
  '\u001b[4~': 'end',
  '\u001b[8~': 'end',
  '\u001b[5~': 'pageup',
  '\u001b[6~': 'pagedown',
  '\u001bOP': 'f1',
  '\u001b[11~': 'f1',
  '\u001b[200~': 'paste_start',
  '\u001b[201~': 'paste_end',
};

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HAS_CONTROL = /[\u0000-\u001f\u007f]/;
const LINE_BREAK = /[\r\n]/;

export function decodeKey(sequence: string): Key {
  const named = SEQUENCES[sequence];
  if (named) return { kind: 'key', name: named };
  if (sequence.length === 1) {
    const code = sequence.charCodeAt(0);
    if (code >= 1 && code <= 26)
      return { kind: 'key', name: `ctrl+${String.fromCharCode(code + 96)}` };
    if (code < 0x20) return { kind: 'unknown', sequence };
  }
  // Alt+letter (Alt+B/F are word motions above). Alt+Shift+letter counts as Alt+letter.
  if (sequence.length === 2 && sequence[0] === '\u001b' && /^[a-zA-Z]$/.test(sequence[1]!))
    return { kind: 'key', name: `alt+${sequence[1]!.toLowerCase()}` };
  if (sequence.startsWith('\u001b')) return { kind: 'unknown', sequence };
  if (!HAS_CONTROL.test(sequence)) return { kind: 'text', text: sequence };
  if (LINE_BREAK.test(sequence)) return { kind: 'paste', text: sequence };
  return { kind: 'text', text: sequence };
}

/**
 * Text with line breaks that did NOT come inside bracketed-paste marks is
 * keys typed (or sent by a program) faster than the terminal delivers them:
 * "hi\rthere\r" is text, Enter, text, Enter. We switch bracketed paste on
 * (src/cli/terminal-session.ts), so real pastes arrive marked and become one
 * multi-line message instead (use-keys.ts).
 */
export function splitTypedEnter(key: Key): Key[] {
  if (key.kind !== 'paste') return [key];
  const keys: Key[] = [];
  const parts = key.text.split(/\r\n|\r|\n/);
  parts.forEach((part, i) => {
    if (part !== '') keys.push({ kind: 'text', text: part });
    if (i < parts.length - 1) keys.push({ kind: 'key', name: 'enter' });
  });
  return keys;
}
