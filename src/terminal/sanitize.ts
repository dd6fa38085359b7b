/**
 * Terminal safety: names and text from the network never reach the terminal
 * raw. The rule itself lives in src/protocol/visible-text.ts, shared with
 * text mode (what `nc` users see), so both show other people's text alike:
 * escape-sequence introducers and controls as visible pictures (`␛[2J`),
 * bidi controls dropped, invisible format characters as `<U+200B>`. Pure.
 */
import { makeVisible, type VisibleTextOptions } from '../protocol/visible-text.js';

export {
  TAB_AS_SPACES,
  controlPicture,
  isBidiControl,
  isHiddenFormat,
} from '../protocol/visible-text.js';

export type SanitizeOptions = VisibleTextOptions;

export function sanitizeForTerminal(text: string, options: SanitizeOptions = {}): string {
  return makeVisible(text, options);
}
