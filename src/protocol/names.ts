/**
 * User names (PROTOCOL.md §1.4, §1.6): what is valid, and when two names are
 * the same person. Pure.
 */
import { MAX_NAME_CODE_POINTS } from './limits.js';

/** Reserved for events the server itself originates (`by: "server"`). */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['server']);

// A letter or digit first; then letters, combining marks, digits, `_`, `-`, `.`.
const NAME_PATTERN = /^[\p{L}\p{Nd}][\p{L}\p{M}\p{Nd}_.-]*$/u;

export type NameCheck = { ok: true; name: string } | { ok: false; reason: string };

/** The form a name is registered and shown in: NFC, trimmed. */
export function normalizeName(raw: string): string {
  return raw.normalize('NFC').trim();
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
  const length = [...name].length;
  if (length === 0) return { ok: false, reason: 'a name needs at least one character' };
  if (length > MAX_NAME_CODE_POINTS) {
    return { ok: false, reason: `a name has at most ${MAX_NAME_CODE_POINTS} characters` };
  }
  if (!NAME_PATTERN.test(name)) {
    return {
      ok: false,
      reason: 'use letters, digits, "_", "-" or "."; start with a letter or digit',
    };
  }
  return { ok: true, name };
}
