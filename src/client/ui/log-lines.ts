/** Log pane entries as display lines: `14:02:11 warn  text`, wrapped, cached per entry. */
import type { LogEntry } from '../core/state.js';
import { sanitizeForTerminal } from '../../terminal/sanitize.js';
import { wrapToWidth } from '../../terminal/text-width.js';
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
  const wrapped = wrapToWidth(sanitizeForTerminal(entry.text, { multiline: true }), bodyWidth);
  const lines = wrapped.map((line, i) => ({
    key: `${entry.seq}:${i}`,
    segments: [
      {
        text: i === 0 ? `${clock} ` : ' '.repeat(clock.length + 1),
        color: theme.time,
        joinNext: true,
      },
      { text: (i === 0 ? style.label : '').padEnd(LEVEL_WIDTH), color: style.color },
      {
        text: line,
        ...(entry.level === 'error'
          ? { color: theme.error }
          : entry.level === 'debug'
            ? { color: theme.dim }
            : {}),
      },
    ],
  }));
  cache.set(entry, { width, lines });
  return lines;
}

export function logSource(log: readonly LogEntry[], width: number): LineSource {
  return {
    count: log.length,
    seqAt: (i) => log[i]!.seq,
    linesAt: (i) => logEntryLines(log[i]!, width),
  };
}
