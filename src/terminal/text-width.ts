/**
 * Width-aware text layout for the terminal: how many columns a string takes,
 * and how to cut or wrap it without splitting a grapheme (an emoji with its
 * ZWJ sequence, a letter with its combining marks). Expects text that went
 * through `sanitizeForTerminal` first. Pure, but for the terminal's widths,
 * learned once at start-up (src/terminal/width-probe.ts) and set with
 * `setClusterWidths`.
 *
 * Terminals disagree on grapheme clusters: tmux 3.3 draws 👍🏽 (a skin-tone
 * modifier) in 4 cells and ❤️ (VS16) in 1, where kitty draws 👍🏽 in 2. A line
 * measured narrower than the terminal draws it wraps and scrolls the whole
 * screen, so each kind of cluster is measured the way the terminal was seen
 * to draw it: as one cluster (Unicode's width), as the sum of its parts,
 * as its first character, or at a width the terminal answered.
 */
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const segmenter = new Intl.Segmenter();

/** The kinds of cluster terminals are known to draw differently. */
export const CLUSTER_KINDS = [
  'skin_tone',
  'zwj',
  'flag',
  'vs16',
  'vs15',
  'keycap',
  'combining',
  'wide',
] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

/** How a terminal measures one kind of cluster (see the module comment). */
export type ClusterRule = 'cluster' | 'parts' | 'first' | 'widest' | { fixed: number };
export type ClusterWidths = Partial<Record<ClusterKind, ClusterRule>>;

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}$/u;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
const REGIONAL_INDICATOR = /\p{Regional_Indicator}/u;
const SKIN_TONE = /[\u{1f3fb}-\u{1f3ff}]/u;
const COMBINING_MARK = /\p{M}/u;

/** One code point drawn on its own: zero for joiners, selectors and marks, 2 for emoji and CJK. */
function codePointWidth(ch: string): number {
  if (ZERO_WIDTH.test(ch)) return 0;
  if (EMOJI_PRESENTATION.test(ch)) return 2;
  // Pictographs without emoji presentation (❤, ☺) are text, one column, on their own.
  if (PICTOGRAPHIC.test(ch)) return 1;
  return stringWidth(ch);
}

/** Which kind of cluster `cluster` is, or null for one a plain width table gets right. */
export function clusterKind(cluster: string): ClusterKind | null {
  const chars = [...cluster];
  if (chars.length === 1) return codePointWidth(cluster) === 2 ? 'wide' : null;
  if (cluster.includes('\u200d')) return 'zwj';
  if (SKIN_TONE.test(cluster)) return 'skin_tone';
  if (REGIONAL_INDICATOR.test(cluster)) return 'flag';
  if (cluster.includes('\u20e3')) return 'keycap';
  if (cluster.includes('\ufe0f')) return 'vs16';
  if (cluster.includes('\ufe0e')) return 'vs15';
  if (COMBINING_MARK.test(cluster)) return 'combining';
  return null;
}

/** The width of `cluster` by each rule. */
export function widthByRule(cluster: string, rule: ClusterRule): number {
  if (typeof rule === 'object') return rule.fixed;
  switch (rule) {
    case 'cluster':
      return stringWidth(cluster);
    case 'parts':
      return [...cluster].reduce((sum, ch) => sum + codePointWidth(ch), 0);
    case 'first':
      return codePointWidth([...cluster][0] ?? '');
    case 'widest':
      return Math.max(widthByRule(cluster, 'cluster'), widthByRule(cluster, 'parts'));
  }
}

/** Before the terminal was asked: Unicode's widths (string-width), as every table has them. */
let rules: ClusterWidths = {};
const cache = new Map<string, number>();
const MAX_CACHED = 2000;

/** Sets how each kind of cluster is measured from now on (width-probe.ts finds it out). */
export function setClusterWidths(widths: ClusterWidths): void {
  rules = { ...widths };
  cache.clear();
}

export function clusterWidths(): ClusterWidths {
  return { ...rules };
}

/** Columns one grapheme cluster takes in this terminal. */
export function clusterWidth(cluster: string): number {
  if (cluster.length === 1 && PRINTABLE_ASCII.test(cluster)) return 1;
  const cached = cache.get(cluster);
  if (cached !== undefined) return cached;
  const kind = clusterKind(cluster);
  const width = widthByRule(cluster, (kind && rules[kind]) ?? 'cluster');
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(cluster, width);
  return width;
}

/** Columns `text` takes in a terminal (wide CJK and emoji count 2). */
export function textWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const { segment } of segmenter.segment(text)) width += clusterWidth(segment);
  return width;
}

/** The user-perceived characters of `text`, each with its width. */
export function graphemes(text: string): { text: string; width: number }[] {
  if (PRINTABLE_ASCII.test(text)) return Array.from(text, (ch) => ({ text: ch, width: 1 }));
  const out: { text: string; width: number }[] = [];
  for (const { segment } of segmenter.segment(text)) {
    out.push({ text: segment, width: clusterWidth(segment) });
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
