/**
 * How one timeline entry looks, as display lines:
 *
 *   14:02:11        alice │ hello there, this wraps and the
 *                         │ continuation lines stay aligned
 *   14:02:15          --> │ bob joined
 *   14:02:20        ← bob │ a private message from bob
 *
 * Everything from the network passes `sanitizeForTerminal` here. Lines are
 * cached per entry object and width for the entries shown lately, so a render
 * only lays out entries that are new or newly visible.
 */
import { listAt, type ChunkedList } from '../../core/chunked-list.js';
import type { TimelineEntry } from '../../core/state.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import { textWidth, truncateToWidth, wrapToWidth } from '../../../terminal/text-width.js';
import type { DisplayLine, Segment } from './display-line.js';
import type { LineSource } from './line-window.js';
import { createRecentCache } from './recent-cache.js';
import { nameColor, noticeStyle, theme } from './theme.js';

export interface MessageFormat {
  width: number;
  showSeconds: boolean;
  nameWidth: number;
}

export function messageFormat(width: number): MessageFormat {
  return { width, showSeconds: width >= 70, nameWidth: width >= 80 ? 12 : width >= 50 ? 10 : 6 };
}

export function formatClock(ts: number, showSeconds: boolean): string {
  const d = new Date(ts);
  const two = (n: number): string => String(n).padStart(2, '0');
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return showSeconds ? `${hm}:${two(d.getSeconds())}` : hm;
}

function padStartToWidth(text: string, width: number): string {
  const cut = truncateToWidth(text, width);
  return ' '.repeat(Math.max(0, width - textWidth(cut))) + cut;
}

interface Head {
  name: Segment;
  body: Omit<Segment, 'text'>;
}

function headOf(entry: TimelineEntry, nameWidth: number): Head {
  if (entry.kind === 'notice' && entry.tone === 'divider') {
    return {
      name: { text: '─'.repeat(nameWidth), color: theme.divider },
      body: { color: theme.divider, bold: true },
    };
  }
  if (entry.kind === 'notice') {
    const style = noticeStyle[entry.tone];
    const bodyColor =
      entry.tone === 'error' ? theme.error : entry.tone === 'call' ? theme.callBanner : theme.dim;
    return {
      name: { text: padStartToWidth(style.mark, nameWidth), color: style.color },
      body: { color: bodyColor },
    };
  }
  const from = sanitizeForTerminal(entry.from);
  if (entry.action === true) {
    // `* bob waves`: the name moves into the text, as IRC clients show an action.
    const color = entry.private
      ? theme.private
      : entry.mention
        ? theme.mention
        : nameColor(entry.from);
    const label = entry.private
      ? entry.own
        ? `→ ${sanitizeForTerminal(entry.to ?? '?')} *`
        : '← *'
      : '*';
    return {
      name: { text: padStartToWidth(label, nameWidth), color, bold: true },
      body: { color },
    };
  }
  if (entry.private) {
    const label = entry.own ? `→ ${sanitizeForTerminal(entry.to ?? '?')}` : `← ${from}`;
    return {
      name: { text: padStartToWidth(label, nameWidth), color: theme.private, bold: true },
      body: { color: theme.private },
    };
  }
  if (entry.mention) {
    return {
      name: {
        text: padStartToWidth(from, nameWidth),
        color: 'black',
        backgroundColor: theme.mention,
        bold: true,
      },
      body: { color: theme.mention, bold: true },
    };
  }
  if (entry.own) {
    return {
      name: { text: padStartToWidth(from, nameWidth), color: theme.ownName, bold: true },
      body: {},
    };
  }
  return {
    name: { text: padStartToWidth(from, nameWidth), color: nameColor(entry.from) },
    body: {},
  };
}

const SEPARATOR: Segment = { text: ' │ ', color: theme.separator, gap: true };

/** The column of the separator's "│" in every message line, drawn once by the pane. */
export function ruleColumn(format: MessageFormat): number {
  return formatClock(0, format.showSeconds).length + 1 + format.nameWidth + 1;
}

export function layoutEntry(entry: TimelineEntry, format: MessageFormat): DisplayLine[] {
  const clock = formatClock(entry.ts, format.showSeconds);
  const head = headOf(entry, format.nameWidth);
  const prefixWidth = clock.length + 1 + format.nameWidth + 3;
  const bodyWidth = Math.max(1, format.width - prefixWidth);
  const text = sanitizeForTerminal(bodyText(entry), { multiline: true });
  const wrapped =
    entry.kind === 'notice' && entry.tone === 'divider'
      ? [dividerLine(text, bodyWidth)]
      : wrapToWidth(text, bodyWidth);
  const blank = ' '.repeat(clock.length + 1 + format.nameWidth);
  return wrapped.map((line, i) => ({
    key: `${entry.seq}:${i}`,
    // No padding after the text: every character written costs Ink time on each frame. The
    // separator is a gap here: MessagePane draws it as one vertical rule (ruleColumn).
    segments:
      i === 0
        ? [
            { text: `${clock} `, color: theme.time, joinNext: true },
            head.name,
            SEPARATOR,
            { ...head.body, text: line },
          ]
        : [{ text: blank, gap: true }, SEPARATOR, { ...head.body, text: line }],
  }));
}

function bodyText(entry: TimelineEntry): string {
  return entry.kind === 'message' && entry.action === true
    ? `${entry.from} ${entry.text}`
    : entry.text;
}

/** `reconnected after 0:12 · … ──────────` across the whole body column. */
function dividerLine(text: string, width: number): string {
  const cut = truncateToWidth(text, Math.max(1, width - 3));
  return `${cut} ${'─'.repeat(Math.max(0, width - textWidth(cut) - 1))}`;
}

/**
 * Laid-out lines of the entries shown lately: a few screens' worth, not the whole history
 * (recent-cache.ts says why). Visible entries are used on every frame, so they stay.
 */
export const LINE_CACHE_ENTRIES = 1_000;
const cache = createRecentCache<TimelineEntry, { width: number; lines: DisplayLine[] }>(
  LINE_CACHE_ENTRIES,
);

export function entryLines(entry: TimelineEntry, format: MessageFormat): DisplayLine[] {
  const hit = cache.get(entry);
  if (hit && hit.width === format.width) return hit.lines;
  const lines = layoutEntry(entry, format);
  cache.set(entry, { width: format.width, lines });
  return lines;
}

export function timelineSource(timeline: ChunkedList<TimelineEntry>, width: number): LineSource {
  const format = messageFormat(width);
  return {
    count: timeline.length,
    seqAt: (i) => listAt(timeline, i)!.seq,
    linesAt: (i) => entryLines(listAt(timeline, i)!, format),
  };
}
