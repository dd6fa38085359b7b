/**
 * Terminal safety: names and text from the network never
 * reach the terminal raw. Pure; no I/O.
 *
 * Rather than parsing escape sequences and guessing where they end, every
 * byte that could start or drive one is replaced by a visible placeholder:
 * ESC becomes `␛`, so `\x1b[2J` shows as `␛[2J` and the rest of the sequence
 * is inert printable text. That is both safe (no ESC, no C1 CSI/OSC/DCS/APC/
 * PM/SOS introducer, no BEL ever reaches the terminal) and honest (the reader
 * sees that someone tried). Bidi controls are dropped: they are invisible
 * and only serve to reorder what the reader sees ("Trojan Source").
 * Everything that gives emoji and wide characters their width (ZWJ,
 * variation selectors, combining marks) is kept.
 */

export interface SanitizeOptions {
  /** Keep `\n` as a line break (message bodies); otherwise it is shown as `␤`. */
  multiline?: boolean;
}

/** How a tab is shown: the terminal's own tab stops would break our layout. */
export const TAB_AS_SPACES = '    ';

const DEL = 0x7f;
const SAFE_ASCII = /^[\x20-\x7e]*$/;
const COMBINING_MARK = /^\p{M}/u;
/** U+25CC DOTTED CIRCLE: the conventional base for a mark that has none. */
const DOTTED_CIRCLE = '\u25cc';

/** U+202A–202E, U+2066–2069, U+200E/200F, U+061C. */
export function isBidiControl(codePoint: number): boolean {
  return (
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069) ||
    codePoint === 0x200e ||
    codePoint === 0x200f ||
    codePoint === 0x061c
  );
}

/** The visible stand-in for one C0 control, DEL or C1 control; `undefined` for anything else. */
export function controlPicture(codePoint: number): string | undefined {
  // U+2400–U+241F are the "control pictures" (␀ … ␛ … ␟), one column wide.
  if (codePoint < 0x20) return String.fromCodePoint(0x2400 + codePoint);
  if (codePoint === DEL) return '\u2421';
  // C1 (0x80–0x9F, among them the 8-bit CSI, OSC, DCS, ST) has no pictures.
  if (codePoint >= 0x80 && codePoint <= 0x9f) return '\ufffd';
  return undefined;
}

export function sanitizeForTerminal(text: string, options: SanitizeOptions = {}): string {
  if (SAFE_ASCII.test(text)) return text;
  const multiline = options.multiline ?? false;
  let out = '';
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let piece: string;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        piece = text.slice(i, i + 2);
        i += 1;
      } else {
        piece = '\ufffd';
      }
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      piece = '\ufffd';
    } else if (unit === 0x0a) {
      piece = multiline ? '\n' : '\u2424';
    } else if (unit === 0x0d) {
      // CRLF is a line break; a lone CR would move the cursor back over our layout.
      if (multiline && text.charCodeAt(i + 1) === 0x0a) continue;
      piece = '\u240d';
    } else if (unit === 0x09) {
      piece = TAB_AS_SPACES;
    } else if (unit === 0x2028 || unit === 0x2029) {
      piece = multiline ? '\n' : ' ';
    } else if (isBidiControl(unit)) {
      continue;
    } else {
      piece = controlPicture(unit) ?? text[i]!;
    }
    if (lineStart && COMBINING_MARK.test(piece)) {
      // A mark with nothing before it would combine with our border or padding.
      out += DOTTED_CIRCLE;
    }
    out += piece;
    lineStart = piece === '\n';
  }
  return out;
}
