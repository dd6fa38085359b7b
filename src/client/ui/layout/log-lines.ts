/** Log pane entries as display lines: `14:02:11 warn  text`, wrapped, cached per entry. */
import type { LogEntry } from '../../core/state.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import { wrapToWidth } from '../../../terminal/text-width.js';
import type { DisplayLine } from './display-line.js';
import type { LineSource } from './line-window.js';
import { formatClock } from './message-lines.js';
import { logLevelStyle, theme } from './theme.js';

const LEVEL_WIDTH = 6;
const cache = new WeakMap<LogEntry, { width: number; lines: DisplayLine[] }>();

export function logEntryLines(entry: LogEntry, width: number): DisplayLine[] {
  const hit = cache.get(entry);
  if (hit && hit.width === width) return hit.lines;
  const clock = formatClock(entry.ts, true);
  const style = logLevelStyle[entry.level];
  const prefixWidth = clock.length + 1 + LEVEL_WIDTH;
  const bodyWidth = Math.max(1, width - prefixWidth);
  const pieces = splitUrls(sanitizeForTerminal(entry.text, { multiline: true }));
  const wrapped = pieces.flatMap((piece) =>
    piece.url
      ? // Longer than the pane (it never is at 80 columns): broken only where it must be.
        wrapToWidth(piece.text, width).map((text) => ({ text, url: true }))
      : wrapToWidth(piece.text, bodyWidth).map((text) => ({ text, url: false })),
  );
  let first = true;
  const lines = wrapped.map(({ text: line, url }, i): DisplayLine => {
    // A URL is a row of its own, from the pane's left edge and never wrapped, so that it can
    // be copied in one piece (a double or triple click, or a selection of one row).
    if (url) return { key: `${entry.seq}:${i}`, segments: [{ text: line, color: theme.accent }] };
    const head = first;
    first = false;
    return {
      key: `${entry.seq}:${i}`,
      segments: [
        {
          text: head ? `${clock} ` : ' '.repeat(clock.length + 1),
          color: theme.time,
          joinNext: true,
        },
        { text: (head ? style.label : '').padEnd(LEVEL_WIDTH), color: style.color },
        {
          text: line,
          ...(entry.level === 'error'
            ? { color: theme.error }
            : entry.level === 'debug'
              ? { color: theme.dim }
              : {}),
        },
      ],
    };
  });
  cache.set(entry, { width, lines });
  return lines;
}

const URL_PATTERN = /https?:\/\/\S+/g;

/** The text around URLs (trimmed, empty parts dropped) and the URLs themselves, in order. */
function splitUrls(text: string): { text: string; url: boolean }[] {
  const pieces: { text: string; url: boolean }[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const before = text.slice(at, match.index).trim();
    if (before !== '') pieces.push({ text: before, url: false });
    pieces.push({ text: match[0], url: true });
    at = match.index + match[0].length;
  }
  const rest = text.slice(at).trim();
  if (rest !== '' || pieces.length === 0) pieces.push({ text: at === 0 ? text : rest, url: false });
  return pieces;
}

export function logSource(log: readonly LogEntry[], width: number): LineSource {
  return {
    count: log.length,
    seqAt: (i) => log[i]!.seq,
    linesAt: (i) => logEntryLines(log[i]!, width),
  };
}
