/**
 * Raw terminal input → keys. Pure. We decode ourselves instead of using
 * Ink's `useInput` flags because those cannot tell Backspace (DEL, 0x7f)
 * from forward Delete (`ESC[3~`): Ink reports both as `delete`.
 *
 * Keys arrive in bursts: a held Backspace, typing over ssh, a program such
 * as `tmux send-keys` or a paste put several keys into one read, and Ink's
 * own parser only splits escape sequences from runs of everything else, so
 * "\x7f\x7f\x7f" or "\t\tj" arrive as one event. `createKeyParser` is an
 * incremental parser (as Ink's `input-parser.ts`): `push(chunk)` returns the
 * keys it holds, one per control character or escape sequence and one per
 * run of printable text, and keeps an unfinished sequence for the next
 * chunk. A control character is always a key, never text; only a bracketed
 * paste (`ESC[200~ … ESC[201~`) carries line breaks and tabs as text.
 */
import { decodeMouse, type MouseEvent } from './mouse-decoder.js';

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
  | 'ctrl+home'
  | 'ctrl+end'
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
  /** Printable text typed (one or more characters, never a control character). */
  | { kind: 'text'; text: string }
  /** A bracketed paste, as pasted (line breaks and all; the line editor cleans it). */
  | { kind: 'paste'; text: string }
  /** A mouse report (SGR 1006 mode, enabled in src/cli/terminal-session.ts). */
  | { kind: 'mouse'; mouse: MouseEvent }
  | { kind: 'unknown'; sequence: string };

const ESC = '\u001b';
const PASTE_START = `${ESC}[200~`;
const PASTE_END = `${ESC}[201~`;
/** No key is longer; a longer "sequence" is garbage and must not grow the buffer forever. */
const MAX_SEQUENCE = 64;

const SEQUENCES: Record<string, KeyName> = {
  '\r': 'enter',
  '\n': 'enter',
  '\u001b\r': 'newline',
  '\u001b\n': 'newline',
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
  '\u001b\u001b[C': 'word_right',
  '\u001bf': 'word_right',
  '\u001b[1;5D': 'word_left',
  '\u001b[1;3D': 'word_left',
  '\u001b\u001b[D': 'word_left',
  '\u001bb': 'word_left',
  '\u001b[H': 'home',
  '\u001bOH': 'home',
  '\u001b[1~': 'home',
  '\u001b[7~': 'home',
  '\u001b[F': 'end',
  '\u001bOF': 'end',
  '\u001b[4~': 'end',
  '\u001b[8~': 'end',
  '\u001b[1;5H': 'ctrl+home',
  '\u001b[7^': 'ctrl+home',
  '\u001b[1;5F': 'ctrl+end',
  '\u001b[8^': 'ctrl+end',
  '\u001b[5~': 'pageup',
  '\u001b[6~': 'pagedown',
  '\u001bOP': 'f1',
  '\u001b[11~': 'f1',
  '\u001b[[A': 'f1',
  [PASTE_START]: 'paste_start',
  [PASTE_END]: 'paste_end',
};

/** C0 controls, DEL and C1 controls: each one is a key of its own, never text. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** One complete sequence (an escape sequence or one character) → its key. */
export function decodeKey(sequence: string): Key {
  const named = SEQUENCES[sequence];
  if (named) return { kind: 'key', name: named };
  const mouse = decodeMouse(sequence);
  if (mouse) return { kind: 'mouse', mouse };
  if (sequence.length === 1) {
    const code = sequence.charCodeAt(0);
    if (code >= 1 && code <= 26)
      return { kind: 'key', name: `ctrl+${String.fromCharCode(code + 96)}` };
    if (CONTROL.test(sequence)) return { kind: 'unknown', sequence };
  }
  // Alt+letter (Alt+B/F are word motions above). Alt+Shift+letter counts as Alt+letter.
  if (sequence.length === 2 && sequence[0] === ESC && /^[a-zA-Z]$/.test(sequence[1]!))
    return { kind: 'key', name: `alt+${sequence[1]!.toLowerCase()}` };
  if (sequence.startsWith(ESC) || CONTROL.test(sequence)) return { kind: 'unknown', sequence };
  return { kind: 'text', text: sequence };
}

type Scan = { end: number } | 'pending' | 'invalid';

/** CSI: ESC [ parameters (0x30–0x3f) intermediates (0x20–0x2f) final (0x40–0x7e). */
function scanCsi(input: string, start: number): Scan {
  let i = start + 2;
  // Linux console function keys: ESC [ [ A.
  if (input[i] === '[') i += 1;
  for (; i < input.length; i++) {
    if (i - start > MAX_SEQUENCE) return 'invalid';
    const c = input.charCodeAt(i);
    if (c >= 0x20 && c <= 0x3f) continue;
    if (c >= 0x40 && c <= 0x7e) return { end: i + 1 };
    return 'invalid';
  }
  return 'pending';
}

/** Where the escape sequence starting at `start` (an ESC) ends. */
function scanEscape(input: string, start: number): Scan {
  const next = input[start + 1];
  if (next === undefined) return 'pending';
  if (next === '[') return scanCsi(input, start);
  if (next === 'O') return start + 2 < input.length ? { end: start + 3 } : 'pending';
  if (next === ESC) {
    // ESC ESC [ … : Alt with a cursor key in some terminals; ESC ESC alone is Escape.
    const third = input[start + 2];
    if (third === undefined) return 'pending';
    if (third === '[' || third === 'O') {
      const inner = scanEscape(input, start + 1);
      return inner;
    }
    return { end: start + 2 };
  }
  // ESC + one code point: Alt+key.
  const code = input.codePointAt(start + 1)!;
  return { end: start + 1 + (code > 0xffff ? 2 : 1) };
}

export interface KeyParser {
  /** Decodes a chunk of input; an unfinished escape sequence waits for the next chunk. */
  push(chunk: string): Key[];
  /** No more input is coming soon: an escape sequence still unfinished is what it is (Esc). */
  flush(): Key[];
  /** Something is held back (an unfinished sequence, not a paste in progress). */
  readonly pending: boolean;
}

export function createKeyParser(): KeyParser {
  let buffer = '';
  let pasting = false;
  let pasted = '';

  function parse(final: boolean): Key[] {
    const keys: Key[] = [];
    let i = 0;
    while (i < buffer.length) {
      if (pasting) {
        const end = buffer.indexOf(PASTE_END, i);
        if (end === -1) {
          // Keep what could be the start of the end mark for the next chunk.
          let keep = 0;
          for (let n = Math.min(PASTE_END.length - 1, buffer.length - i); n > 0; n--) {
            if (PASTE_END.startsWith(buffer.slice(buffer.length - n))) {
              keep = n;
              break;
            }
          }
          pasted += buffer.slice(i, buffer.length - keep);
          i = buffer.length - keep;
          break;
        }
        pasted += buffer.slice(i, end);
        if (pasted !== '') keys.push({ kind: 'paste', text: pasted });
        pasted = '';
        pasting = false;
        i = end + PASTE_END.length;
        continue;
      }
      const ch = buffer[i]!;
      if (ch === ESC) {
        const scan = scanEscape(buffer, i);
        if (scan === 'pending' && !final) break;
        const end = scan === 'pending' ? buffer.length : scan === 'invalid' ? i + 2 : scan.end;
        const sequence = buffer.slice(i, end);
        i = end;
        if (sequence === PASTE_START) {
          pasting = true;
          pasted = '';
          continue;
        }
        // A stray end mark (its start was lost) is nothing.
        if (sequence === PASTE_END) continue;
        keys.push(decodeKey(sequence));
        continue;
      }
      if (CONTROL.test(ch)) {
        // CR LF from a terminal that sends both for Enter is one Enter.
        const end = ch === '\r' && buffer[i + 1] === '\n' ? i + 2 : i + 1;
        keys.push(decodeKey(ch));
        i = end;
        continue;
      }
      let end = i + 1;
      while (end < buffer.length && buffer[end] !== ESC && !CONTROL.test(buffer[end]!)) end++;
      keys.push({ kind: 'text', text: buffer.slice(i, end) });
      i = end;
    }
    buffer = buffer.slice(i);
    return keys;
  }

  return {
    push(chunk) {
      buffer += chunk;
      return parse(false);
    },
    flush() {
      return parse(true);
    },
    get pending() {
      return !pasting && buffer !== '';
    },
  };
}

/** Every key in `input`, as if it all arrived in one read and nothing more is coming. */
export function decodeKeys(input: string): Key[] {
  const parser = createKeyParser();
  return [...parser.push(input), ...parser.flush()];
}
