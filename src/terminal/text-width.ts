/**
 * Width-aware text layout for the terminal: how many columns a string takes,
 * and how to cut or wrap it without splitting a grapheme (an emoji with its
 * ZWJ sequence, a letter with its combining marks). Expects text that went
 * through `sanitizeForTerminal` first. Pure.
 */
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const segmenter = new Intl.Segmenter();

/** Columns `text` takes in a terminal (wide CJK and emoji count 2). */
export function textWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  return stringWidth(text);
}

/** The user-perceived characters of `text`, each with its width. */
export function graphemes(text: string): { text: string; width: number }[] {
  if (PRINTABLE_ASCII.test(text)) return Array.from(text, (ch) => ({ text: ch, width: 1 }));
  const out: { text: string; width: number }[] = [];
  for (const { segment } of segmenter.segment(text)) {
    out.push({ text: segment, width: stringWidth(segment) });
  }
  return out;
}

/** Cuts `text` to at most `maxWidth` columns, ending with `ellipsis` when cut. */
export function truncateToWidth(text: string, maxWidth: number, ellipsis = '…'): string {
  if (maxWidth <= 0) return '';
  if (textWidth(text) <= maxWidth) return text;
  const room = maxWidth - textWidth(ellipsis);
  if (room < 0) return '';
  let out = '';
  let width = 0;
  for (const g of graphemes(text)) {
    if (width + g.width > room) break;
    out += g.text;
    width += g.width;
  }
  return out + ellipsis;
}

/** Pads `text` with spaces to exactly `width` columns (cutting it first when wider). */
export function padEndToWidth(text: string, width: number): string {
  const cut = truncateToWidth(text, width);
  return cut + ' '.repeat(Math.max(0, width - textWidth(cut)));
}

export interface WrapOptions {
  /** Columns of the first line when it differs (e.g. after a timestamp and name). */
  firstWidth?: number;
}

/**
 * Word-wraps `text` into lines of at most `width` columns. `\n` always breaks;
 * a word longer than a line is broken between graphemes; spaces at a wrap
 * point are dropped. Always returns at least one line.
 */
export function wrapToWidth(text: string, width: number, options: WrapOptions = {}): string[] {
  const lines: string[] = [];
  let limit = Math.max(1, options.firstWidth ?? width);
  const nextLimit = Math.max(1, width);
  for (const paragraph of text.split('\n')) {
    if (textWidth(paragraph) <= limit) {
      lines.push(paragraph);
      limit = nextLimit;
      continue;
    }
    let line = '';
    let lineWidth = 0;
    let word = '';
    let wordWidth = 0;
    // Leading spaces of a paragraph are indentation worth keeping; after a wrap they are not.
    let wrapped = false;
    const flushLine = (): void => {
      wrapped = true;
      lines.push(line.trimEnd());
      line = '';
      lineWidth = 0;
      limit = nextLimit;
    };
    const placeWord = (): void => {
      if (lineWidth + wordWidth > limit && lineWidth > 0) flushLine();
      for (const g of graphemes(word)) {
        if (lineWidth + g.width > limit && lineWidth > 0) flushLine();
        line += g.text;
        lineWidth += g.width;
      }
      word = '';
      wordWidth = 0;
    };
    for (const g of graphemes(paragraph)) {
      if (g.text === ' ') {
        placeWord();
        // A space that would end the line is where it wraps instead.
        if (lineWidth + 1 > limit) flushLine();
        else if (lineWidth > 0 || !wrapped) {
          line += ' ';
          lineWidth += 1;
        }
        continue;
      }
      word += g.text;
      wordWidth += g.width;
    }
    placeWord();
    lines.push(line.trimEnd());
    limit = nextLimit;
  }
  return lines;
}
