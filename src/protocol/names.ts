/**
 * User names (docs/protocol-v1.md §1.4, §1.6; docs/protocol.md "Names"): what
 * is valid, and when two names are the same person. Pure. Names that merely
 * look alike are compared by their confusable skeleton (name-skeleton.ts),
 * which only the server needs.
 */
import { MAX_NAME_CODE_POINTS } from './limits.js';
import { codePointLabel } from './visible-text.js';

/** Reserved for events the server itself originates (`by: "server"`). */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['server']);

/**
 * At most this many nonspacing combining marks in a row on one character.
 * Three covers the scripts people write names in (decomposed Vietnamese,
 * Thai vowel + tone, Tibetan stacks), while "a" + 22 marks spilling over
 * the rows above and below is refused (UTS #39 §5.4 suggests limiting
 * such runs).
 */
export const MAX_MARKS_PER_CHARACTER = 3;

// A letter or digit first; then letters, combining marks, digits, `_`, `-`, `.`.
const NAME_PATTERN = /^[\p{L}\p{Nd}][\p{L}\p{M}\p{Nd}_.-]*$/u;
/**
 * Characters that show nothing: default-ignorable code points (U+200B zero
 * width space, U+FEFF, U+3164 Hangul filler, U+034F, variation selectors …).
 * Some are letters or marks, so the pattern above alone lets them through.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
// Nonspacing and enclosing marks stack on their base; spacing marks (Mc) take their own cell.
const MARK = /[\p{Mn}\p{Me}]/u;
// Trimming removes Unicode white space only: String.prototype.trim also drops
// U+FEFF, which would let "\uFEFFalice" register as "alice" unnoticed.
const EDGE_WHITE_SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;

export type NameCheck = { ok: true; name: string } | { ok: false; reason: string };

/** The form a name is registered and shown in: NFC, white space trimmed. */
export function normalizeName(raw: string): string {
  return raw.normalize('NFC').replace(EDGE_WHITE_SPACE, '');
}

/** The form names are compared in: NFKC, then lower case. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return nameKey(normalizeName(a)) === nameKey(normalizeName(b));
}

export function isReservedName(name: string): boolean {
  return RESERVED_NAMES.has(nameKey(normalizeName(name)));
}

/** Validates a requested name; on success returns it normalized. */
export function checkName(raw: string): NameCheck {
  const name = normalizeName(raw);
  const chars = [...name];
  if (chars.length === 0) return { ok: false, reason: 'a name needs at least one character' };
  if (chars.length > MAX_NAME_CODE_POINTS) {
    return { ok: false, reason: `a name has at most ${MAX_NAME_CODE_POINTS} characters` };
  }
  const problem = invisibleCharacter(chars) ?? stackedMarks(chars);
  if (problem !== undefined) return { ok: false, reason: problem };
  if (!NAME_PATTERN.test(name)) {
    return {
      ok: false,
      reason: 'use letters, digits, "_", "-" or "."; start with a letter or digit',
    };
  }
  return { ok: true, name };
}

function invisibleCharacter(chars: readonly string[]): string | undefined {
  const index = chars.findIndex((char) => INVISIBLE.test(char));
  if (index < 0) return undefined;
  const label = codePointLabel(chars[index]!.codePointAt(0)!);
  return `a name cannot hold invisible characters (${label} at position ${index + 1})`;
}

function stackedMarks(chars: readonly string[]): string | undefined {
  for (let i = 0; i < chars.length; i++) {
    if (!MARK.test(chars[i]!)) continue;
    let end = i;
    while (end < chars.length && MARK.test(chars[end]!)) end += 1;
    const run = end - i;
    if (run > MAX_MARKS_PER_CHARACTER) {
      if (i === 0) return 'a name cannot start with a combining mark';
      return (
        `at most ${MAX_MARKS_PER_CHARACTER} combining marks on one character ` +
        `(${run} on the "${chars[i - 1]}" at position ${i})`
      );
    }
    i = end - 1;
  }
  return undefined;
}
