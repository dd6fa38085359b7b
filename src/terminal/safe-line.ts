/**
 * One line of text we do not control — a peer's reason, a tool's stderr, a
 * file name — made safe for the terminal: the same rules as
 * every other text on screen (`sanitizeForTerminal`: control characters,
 * escape-sequence introducers, C1 and bidi controls), line breaks shown as
 * `␤`, then cut to `maxWidth` columns without splitting a grapheme. Pure.
 */
import { sanitizeForTerminal } from './sanitize.js';
import { truncateToWidth } from './text-width.js';

export function safeLine(text: string, maxWidth = 200): string {
  return truncateToWidth(sanitizeForTerminal(text), maxWidth);
}
