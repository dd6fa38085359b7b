/**
 * What part of the input line fits on screen (horizontal scroll), and where
 * the cursor is in it. Pure. `previousStart` keeps the view from jumping:
 * it only scrolls when the cursor would leave it.
 */
import { graphemes } from '../../../terminal/text-width.js';

export interface InputView {
  /** Index of the first visible grapheme; feed it back as `previousStart`. */
  start: number;
  before: string;
  /** The character under the cursor (a space at the end of the line). */
  atCursor: string;
  after: string;
  /** Something is cut off on the left / right. */
  clippedLeft: boolean;
  clippedRight: boolean;
}

/** How a grapheme is drawn: line breaks and tabs get visible one-column stand-ins. */
function shown(text: string): string {
  if (text === '\n') return '↵';
  if (text === '\t') return '⇥';
  return text;
}

export function inputView(
  text: string,
  cursor: number,
  width: number,
  previousStart = 0,
): InputView {
  const cells = graphemes(text).map((g) => ({
    text: shown(g.text),
    width: g.text === '\n' || g.text === '\t' ? 1 : g.width,
    length: g.text.length,
  }));
  let cursorIndex = 0;
  for (let offset = 0; cursorIndex < cells.length && offset < cursor; cursorIndex++)
    offset += cells[cursorIndex]!.length;
  const room = Math.max(1, width);
  const widthOf = (from: number, to: number): number => {
    let w = 0;
    for (let i = from; i < to; i++) w += cells[i]!.width;
    return w;
  };
  const cursorWidth = cells[cursorIndex]?.width ?? 1;
  let start = Math.min(previousStart, cursorIndex);
  // Scroll right until the cursor cell fits, keeping a little context on the left when scrolling left.
  while (start < cursorIndex && widthOf(start, cursorIndex) + cursorWidth > room) start++;
  if (start === cursorIndex && start > 0) {
    // Moved left past the edge: show some context before the cursor.
    const context = Math.floor(room / 4);
    while (start > 0 && widthOf(start - 1, cursorIndex) <= context) start--;
  }
  let used = widthOf(start, cursorIndex) + cursorWidth;
  let end = cursorIndex + 1;
  while (end < cells.length && used + cells[end]!.width <= room) {
    used += cells[end]!.width;
    end++;
  }
  const join = (from: number, to: number): string =>
    cells
      .slice(from, Math.min(to, cells.length))
      .map((c) => c.text)
      .join('');
  return {
    start,
    before: join(start, cursorIndex),
    atCursor: cells[cursorIndex]?.text ?? ' ',
    after: join(cursorIndex + 1, end),
    clippedLeft: start > 0,
    clippedRight: end < cells.length,
  };
}
