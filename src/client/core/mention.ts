/**
 * Does a message mention us? Names compare as the protocol compares them
 * (NFKC, lower case, §1.6), and only as a whole word: "al" is not mentioned
 * by "hello alice". Pure.
 */
import { nameKey } from '../../protocol/names.js';

const WORD_CHAR = /[\p{L}\p{M}\p{Nd}_]/u;

export function mentions(text: string, name: string): boolean {
  const needle = nameKey(name);
  if (needle.length === 0) return false;
  const haystack = nameKey(text);
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at === -1) return false;
    const before = haystack[at - 1];
    const after = haystack[at + needle.length];
    // `.` and `-` are name characters but also end sentences ("hi bob."), so only letters,
    // marks, digits and `_` glue a match to its neighbours.
    const glued =
      (before !== undefined && WORD_CHAR.test(before)) ||
      (after !== undefined && WORD_CHAR.test(after));
    if (!glued) return true;
    from = at + 1;
  }
}
