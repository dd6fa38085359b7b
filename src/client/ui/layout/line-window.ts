/**
 * Scrollback without laying out the history (render cost
 * does not grow with the history). A list of entries, each wrapping to a
 * few display lines, is viewed through a window of `height` lines. The view
 * is anchored to a line of an entry (its `seq`), not to a line count from
 * the bottom, so new messages arriving while you read do not move the text.
 * Every operation touches only the entries it walks over. Pure.
 */
import type { DisplayLine } from './display-line.js';

export interface LineSource {
  count: number;
  seqAt(index: number): number;
  /** The display lines of one entry, at least one. Callers cache. */
  linesAt(index: number): DisplayLine[];
}

/** The bottom visible line; null follows the newest entry. */
export type ViewPos = { seq: number; line: number } | null;

interface Address {
  index: number;
  line: number;
}

function lastAddress(source: LineSource): Address {
  const index = source.count - 1;
  return { index, line: source.linesAt(index).length - 1 };
}

function indexOfSeq(source: LineSource, seq: number): number {
  let lo = 0;
  let hi = source.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (source.seqAt(mid) < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function resolve(source: LineSource, pos: ViewPos): Address {
  if (pos === null) return lastAddress(source);
  const index = indexOfSeq(source, pos.seq);
  // The anchor entry fell out of the bounded history (or was cleared).
  if (index >= source.count) return lastAddress(source);
  if (source.seqAt(index) !== pos.seq) return { index, line: 0 };
  return { index, line: Math.min(pos.line, source.linesAt(index).length - 1) };
}

/** Moves `delta` lines (negative: up), stopping at either end. */
function move(source: LineSource, from: Address, delta: number): Address {
  let { index, line } = from;
  let left = Math.abs(delta);
  if (delta < 0) {
    while (left > 0) {
      if (line >= left) return { index, line: line - left };
      if (index === 0) return { index: 0, line: 0 };
      left -= line + 1;
      index -= 1;
      line = source.linesAt(index).length - 1;
    }
  } else {
    while (left > 0) {
      const count = source.linesAt(index).length;
      if (line + left < count) return { index, line: line + left };
      if (index === source.count - 1) return { index, line: count - 1 };
      left -= count - line;
      index += 1;
      line = 0;
    }
  }
  return { index, line };
}

function before(a: Address, b: Address): boolean {
  return a.index < b.index || (a.index === b.index && a.line < b.line);
}

function same(a: Address, b: Address): boolean {
  return a.index === b.index && a.line === b.line;
}

function toPos(source: LineSource, address: Address): ViewPos {
  if (same(address, lastAddress(source))) return null;
  return { seq: source.seqAt(address.index), line: address.line };
}

export interface Window {
  lines: DisplayLine[];
  atTop: boolean;
  atBottom: boolean;
}

/** The `height` lines ending at `pos` (fewer when the history is shorter). */
export function visibleWindow(source: LineSource, height: number, pos: ViewPos): Window {
  if (source.count === 0 || height <= 0) return { lines: [], atTop: true, atBottom: true };
  const bottom = resolve(source, pos);
  const lines: DisplayLine[] = [];
  let { index, line } = bottom;
  let entryLines = source.linesAt(index);
  let atTop = false;
  while (lines.length < height) {
    lines.push(entryLines[line]!);
    if (line > 0) line -= 1;
    else if (index > 0) {
      index -= 1;
      entryLines = source.linesAt(index);
      line = entryLines.length - 1;
    } else {
      atTop = true;
      break;
    }
  }
  lines.reverse();
  return { lines, atTop, atBottom: same(bottom, lastAddress(source)) };
}

/** Scrolls by `delta` lines; the top stops where the first line fills the window's top. */
export function scrollView(
  source: LineSource,
  height: number,
  pos: ViewPos,
  delta: number,
): ViewPos {
  if (source.count === 0) return null;
  const moved = move(source, resolve(source, pos), delta);
  const topLimit = move(source, { index: 0, line: 0 }, Math.max(0, height - 1));
  return toPos(source, before(moved, topLimit) ? topLimit : moved);
}

/** The view that shows the oldest lines. */
export function topView(source: LineSource, height: number): ViewPos {
  if (source.count === 0) return null;
  return toPos(source, move(source, { index: 0, line: 0 }, Math.max(0, height - 1)));
}
