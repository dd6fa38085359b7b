/**
 * Names that look alike (docs/protocol.md "Names"): the confusable skeleton
 * of Unicode Technical Standard #39 §4, `skeleton(X) = NFD(map(NFD(X)))`,
 * where `map` replaces each character by its prototype from Unicode's
 * confusables.txt (Cyrillic "а" → Latin "a", "𝐀" → "A", "m" → "rn"). Two
 * names with the same skeleton look the same to a reader, whatever their
 * code points. Pure; the server computes a key once per registration, never
 * per message.
 *
 * The mapping comes from the `unhomoglyph` package's data file (confusables.txt
 * as JSON, see docs/architecture.md for why this one); its own function builds
 * a 6,311-branch regular expression at load (≈70 ms), a Map does the same job.
 */
import confusables from 'unhomoglyph/data.json' with { type: 'json' };
import { RESERVED_NAMES } from './names.js';

const PROTOTYPES: ReadonlyMap<string, string> = new Map(
  Object.entries(confusables as Record<string, string>),
);

/** UTS #39 §4 skeleton: for comparing only, never for showing (it mixes scripts freely). */
export function skeleton(text: string): string {
  let mapped = '';
  for (const char of text.normalize('NFD')) mapped += PROTOTYPES.get(char) ?? char;
  return mapped.normalize('NFD');
}

/**
 * The key under which two names count as look-alikes: the skeleton, then
 * lower case, then the skeleton again, so that "Аlice" (Cyrillic capital А)
 * meets "alice" as "Alice" does, and "ALICE" meets "аlice". NFKC first, as
 * for the plain name key (docs/protocol-v1.md §1.4).
 */
export function lookalikeKey(name: string): string {
  return skeleton(skeleton(name.normalize('NFKC')).toLowerCase());
}

const RESERVED_LOOKALIKES: ReadonlySet<string> = new Set(Array.from(RESERVED_NAMES, lookalikeKey));

/** True for a name that looks like a reserved one ("ѕerver" with a Cyrillic ѕ). */
export function looksReserved(lookalike: string): boolean {
  return RESERVED_LOOKALIKES.has(lookalike);
}
