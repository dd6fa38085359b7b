/**
 * Other people's text, made visible and harmless for a terminal: the one rule
 * shared by the TUI (src/terminal/sanitize.ts) and text mode for `nc` users
 * (text-render.ts, docs/protocol.md "Text mode"). Pure.
 *
 * Rather than parsing escape sequences and guessing where they end, every
 * character that could start or drive one is replaced by a visible stand-in:
 * ESC becomes `␛`, so `\x1b[2J` shows as `␛[2J` and the rest of the sequence
 * is inert printable text. That is both safe (no ESC, no C1 CSI/OSC/DCS/APC/
 * PM/SOS introducer, no BEL ever reaches the terminal) and honest (the reader
 * sees that someone tried). Bidi controls are dropped: they are invisible
 * and only serve to reorder what the reader sees ("Trojan Source"). Other
 * invisible format characters (U+200B zero width space, U+2060, U+FEFF,
 * U+3164 Hangul filler, …) are shown as `<U+200B>`, so that "pay\u200Bpal"
 * does not pass for "paypal". Everything that gives emoji and other scripts
 * their shape (ZWJ, ZWNJ, variation selectors, emoji tags, combining marks)
 * is kept.
 */

export interface VisibleTextOptions {
  /** Keep `\n` (and U+2028/U+2029) as a line break (message bodies); otherwise `\n` shows as `␤`. */
  multiline?: boolean;
}

/** How a tab is shown: the terminal's own tab stops would break the layout. */
export const TAB_AS_SPACES = '    ';

const DEL = 0x7f;
const SAFE_ASCII = /^[\x20-\x7e]*$/;
const COMBINING_MARK = /^\p{M}/u;
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
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

/**
 * Invisible format characters that change nothing a reader should see: the
 * default-ignorable code points (bidi controls aside, see above) and the
 * interlinear annotation controls U+FFF9–FFFB, but not those that shape
 * visible text.
 */
export function isHiddenFormat(codePoint: number): boolean {
  if (!mayBeHidden(codePoint) || isBidiControl(codePoint) || shapesText(codePoint)) return false;
  if (codePoint >= 0xfff9 && codePoint <= 0xfffb) return true;
  return DEFAULT_IGNORABLE.test(String.fromCodePoint(codePoint));
}

/** `U+200B`: how a character is named where it cannot be shown. */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `<U+200B>`: how a hidden format character is shown. */
export function hiddenPicture(codePoint: number): string {
  return `<${codePointLabel(codePoint)}>`;
}

// A cheap superset of the default-ignorable ranges, so ordinary letters skip the regex.
function mayBeHidden(cp: number): boolean {
  return (
    cp === 0xad ||
    cp === 0x34f ||
    (cp >= 0x115f && cp <= 0x1160) ||
    (cp >= 0x17b4 && cp <= 0x180f) ||
    (cp >= 0x200b && cp <= 0x206f) ||
    cp === 0x3164 ||
    cp === 0xfeff ||
    (cp >= 0xffa0 && cp <= 0xfffb) ||
    cp >= 0x1bca0
  );
}

/** ZWNJ/ZWJ (Persian and Indic joining, emoji sequences), variation selectors, emoji tags. */
function shapesText(cp: number): boolean {
  return (
    cp === 0x200c ||
    cp === 0x200d ||
    (cp >= 0x180b && cp <= 0x180d) ||
    cp === 0x180f ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0020 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

/** `text` as a terminal may show it (see the top of this file). */
export function makeVisible(text: string, options: VisibleTextOptions = {}): string {
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
        const codePoint = piece.codePointAt(0)!;
        if (isHiddenFormat(codePoint)) piece = hiddenPicture(codePoint);
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
    } else if (isHiddenFormat(unit)) {
      piece = hiddenPicture(unit);
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
