/**
 * A cache of the `maxEntries` most recently used keys (least recently used
 * out first). For laid-out lines: keeping them for every entry of a
 * 10,000-message history cost ~1 KB per message (about 3.5 times the
 * messages themselves, measured), while a frame only ever needs the few
 * entries on screen and scrolling re-lays out an entry in microseconds.
 * Strong keys, so an entry dropped from the history is freed when it falls
 * out of the cache.
 */
export interface RecentCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  readonly size: number;
}

export function createRecentCache<K, V>(maxEntries: number): RecentCache<K, V> {
  // A Map iterates in insertion order: re-inserting on use keeps the oldest first.
  const map = new Map<K, V>();
  return {
    get(key) {
      const value = map.get(key);
      if (value !== undefined) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    set(key, value) {
      map.delete(key);
      map.set(key, value);
      if (map.size > maxEntries) map.delete(map.keys().next().value as K);
    },
    get size() {
      return map.size;
    },
  };
}
