/**
 * `/search TEXT`: the messages pane shows only the entries that match
 * (sender or text, compared the way names are: NFKC, lower case), the
 * matches highlighted; n moves to the next older match, N to the next newer
 * one (Up/Down too), Esc leaves. Pure: the state is data in `UiState`, the
 * keys are resolved here before the panes' own bindings (key-dispatch.ts).
 */
import { listAt, listFrom, type ChunkedList } from '../../core/chunked-list.js';
import type { TimelineEntry } from '../../core/state.js';
import type { DisplayLine, Segment } from '../layout/display-line.js';
import type { Key } from './key-decoder.js';
import { keyId } from './keymap.js';
import type { LineSource, ViewPos } from '../layout/line-window.js';
import { theme } from '../layout/theme.js';
import type { UiState } from '../ui-state.js';

export interface MessageSearch {
  query: string;
  /** `seq` of the current match; null when nothing matches. */
  current: number | null;
}

const fold = (text: string): string => text.normalize('NFKC').toLowerCase();

function entryMatches(entry: TimelineEntry, needle: string): boolean {
  if (fold(entry.text).includes(needle)) return true;
  return entry.kind === 'message' && fold(entry.from).includes(needle);
}

/** The matching entries, oldest first, as a list the messages pane can show. */
export function searchMatches(
  timeline: ChunkedList<TimelineEntry>,
  query: string,
): ChunkedList<TimelineEntry> {
  const needle = fold(query);
  const found: TimelineEntry[] = [];
  for (let i = 0; i < timeline.length; i++) {
    const entry = listAt(timeline, i)!;
    if (entry.kind === 'notice' && entry.tone === 'divider') continue;
    if (entryMatches(entry, needle)) found.push(entry);
  }
  return listFrom(found);
}

/** Starts a search at the newest match; focus goes to the messages pane, where n/N work. */
export function startSearch(
  ui: UiState,
  query: string,
  timeline: ChunkedList<TimelineEntry>,
): UiState {
  const matches = searchMatches(timeline, query);
  const newest = matches.length > 0 ? listAt(matches, matches.length - 1)!.seq : null;
  return { ...ui, search: { query, current: newest }, focus: 'messages', messageView: null };
}

/** The view that puts the current match at the bottom of the pane. */
export function searchView(search: MessageSearch): ViewPos {
  return search.current === null ? null : { seq: search.current, line: Number.MAX_SAFE_INTEGER };
}

/** "2/7": which match is current, counting from the oldest. */
export function searchPosition(search: MessageSearch, matches: ChunkedList<TimelineEntry>): string {
  if (search.current === null) return '0/0';
  for (let i = 0; i < matches.length; i++) {
    if (listAt(matches, i)!.seq === search.current) return `${i + 1}/${matches.length}`;
  }
  return `?/${matches.length}`;
}

function step(
  search: MessageSearch,
  matches: ChunkedList<TimelineEntry>,
  dir: -1 | 1,
): MessageSearch {
  if (search.current === null || matches.length === 0) return search;
  let at = matches.length - 1;
  for (let i = 0; i < matches.length; i++) {
    if (listAt(matches, i)!.seq >= search.current) {
      at = i;
      break;
    }
  }
  const next = Math.max(0, Math.min(matches.length - 1, at + dir));
  return { ...search, current: listAt(matches, next)!.seq };
}

/**
 * While a search is on: n / Up older, N / Down newer, Esc leaves (from any
 * pane). Other keys: null, so they act as usual.
 */
export function handleSearchKey(
  ui: UiState,
  key: Key,
  timeline: ChunkedList<TimelineEntry>,
): UiState | null {
  const search = ui.search;
  if (!search) return null;
  const id = keyId(key);
  if (id === 'escape') return { ...ui, search: null, focus: 'input', messageView: null };
  if (ui.focus !== 'messages') return null;
  const older = id === 'n' || id === 'up' || (key.kind === 'text' && key.text === 'n');
  const newer = id === 'N' || id === 'down' || (key.kind === 'text' && key.text === 'N');
  if (!older && !newer) return null;
  const matches = searchMatches(timeline, search.query);
  return { ...ui, search: step(search, matches, older ? -1 : 1) };
}

/** The pane's lines with every occurrence of the query marked, and the current match's head. */
export function highlightSource(source: LineSource, search: MessageSearch): LineSource {
  const needle = fold(search.query);
  return {
    count: source.count,
    seqAt: (i) => source.seqAt(i),
    linesAt: (i) => {
      const lines = source.linesAt(i);
      const current = source.seqAt(i) === search.current;
      return lines.map((line, n) => markLine(line, needle, current && n === 0));
    },
  };
}

function markLine(line: DisplayLine, needle: string, current: boolean): DisplayLine {
  const segments = line.segments.flatMap((segment, i): Segment[] => {
    if (current && i === 1) return [{ ...segment, inverse: true }];
    if (i !== line.segments.length - 1 || segment.gap === true) return [segment];
    return splitMatches(segment, needle);
  });
  return { key: `${line.key}:search`, segments };
}

/** Splits a segment around the matches (compared folded; the text is kept as it is). */
function splitMatches(segment: Segment, needle: string): Segment[] {
  if (needle === '') return [segment];
  const text = segment.text;
  const folded = fold(text);
  // Folding can change lengths (NFKC): mark only when the folded text lines up with the original.
  if (folded.length !== text.length) return [segment];
  const out: Segment[] = [];
  let from = 0;
  for (
    let at = folded.indexOf(needle);
    at !== -1;
    at = folded.indexOf(needle, at + needle.length)
  ) {
    if (at > from) out.push({ ...segment, text: text.slice(from, at) });
    out.push({
      ...segment,
      text: text.slice(at, at + needle.length),
      color: 'black',
      backgroundColor: theme.mention,
    });
    from = at + needle.length;
  }
  if (out.length === 0) return [segment];
  if (from < text.length) out.push({ ...segment, text: text.slice(from) });
  return out;
}
