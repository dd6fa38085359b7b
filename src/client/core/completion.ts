/**
 * Tab completion of names and commands. Pure. Repeated Tab
 * cycles through the candidates; the caller keeps the `Completion` between
 * presses and drops it on any other key.
 */
import { nameKey } from '../../protocol/names.js';
import { COMMANDS } from './command-parser.js';

export interface Completion {
  /** Where the completed word starts in the line. */
  start: number;
  /** What the user had typed there before the first Tab. */
  typed: string;
  candidates: string[];
  /** Index of the candidate now in the line. */
  index: number;
  /** What was added after the candidate (`": "`, `" "` or nothing). */
  suffix: string;
}

export interface CompletionResult {
  text: string;
  cursor: number;
  completion: Completion;
}

const COMMAND_WORDS = COMMANDS.flatMap((c) => [c.name, ...c.aliases].filter((n) => n.length > 1));

/** The word before `cursor`: from the last space (or line start) to the cursor. */
function wordAt(text: string, cursor: number): { start: number; word: string } {
  let start = cursor;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start -= 1;
  return { start, word: text.slice(start, cursor) };
}

export function candidatesFor(
  word: string,
  atLineStart: boolean,
  names: readonly string[],
): string[] {
  if (atLineStart && word.startsWith('/') && !word.startsWith('//')) {
    const typed = word.slice(1).toLowerCase();
    return COMMAND_WORDS.filter((c) => c.startsWith(typed)).map((c) => `/${c}`);
  }
  if (word === '') return [];
  const typed = nameKey(word.replace(/^@/, ''));
  const at = word.startsWith('@') ? '@' : '';
  return names.filter((n) => nameKey(n).startsWith(typed)).map((n) => at + n);
}

/** A name at the start of the line is an address ("bob: "), elsewhere a word ("bob "); mid-line, nothing. */
function suffixFor(start: number, candidate: string, after: string): string {
  if (after !== '') return '';
  return start === 0 && !candidate.startsWith('/') ? ': ' : ' ';
}

function place(
  text: string,
  start: number,
  end: number,
  candidate: string,
): { text: string; cursor: number; suffix: string } {
  const after = text.slice(end);
  const suffix = suffixFor(start, candidate, after);
  const inserted = candidate + suffix;
  return { text: text.slice(0, start) + inserted + after, cursor: start + inserted.length, suffix };
}

/**
 * One Tab press. `previous` is the completion of the last Tab, when nothing
 * else happened since. Returns null when there is nothing to complete.
 */
export function complete(
  text: string,
  cursor: number,
  names: readonly string[],
  previous: Completion | null,
): CompletionResult | null {
  if (previous && previous.candidates.length > 0) {
    const oldCandidate = previous.candidates[previous.index]!;
    const index = (previous.index + 1) % previous.candidates.length;
    const oldEnd = previous.start + oldCandidate.length + previous.suffix.length;
    const placed = place(text, previous.start, oldEnd, previous.candidates[index]!);
    return {
      text: placed.text,
      cursor: placed.cursor,
      completion: { ...previous, index, suffix: placed.suffix },
    };
  }
  const { start, word } = wordAt(text, cursor);
  const candidates = candidatesFor(word, start === 0, names);
  if (candidates.length === 0) return null;
  const placed = place(text, start, cursor, candidates[0]!);
  return {
    text: placed.text,
    cursor: placed.cursor,
    completion: { start, typed: word, candidates, index: 0, suffix: placed.suffix },
  };
}
