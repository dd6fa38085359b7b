/**
 * `caps` lists as shared, frozen arrays: nearly every client sends one of a
 * few lists (`[]`, `["call"]`), and each registered user keeps its list for
 * as long as it stays, so sharing saves an array per connection.
 */

const MAX_SHARED_LISTS = 64;
const MAX_SHARED_KEY_CHARS = 256;

const EMPTY: readonly string[] = Object.freeze([]);
const shared = new Map<string, readonly string[]>();

/** The same (frozen) array for equal lists; an unusual list is kept as given. */
export function sharedCaps(caps: readonly string[] | undefined): string[] {
  if (caps === undefined || caps.length === 0) return EMPTY as string[];
  // Caps are validated tokens (no NUL), so the joined key identifies the list.
  const key = caps.join('\u0000');
  const known = shared.get(key);
  if (known !== undefined) return known as string[];
  if (shared.size >= MAX_SHARED_LISTS || key.length > MAX_SHARED_KEY_CHARS) return [...caps];
  const list = Object.freeze([...caps]);
  shared.set(key, list);
  return list as string[];
}
