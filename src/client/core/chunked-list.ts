/**
 * An immutable list with cheap appends and a bounded length, for the
 * 10,000-message timeline. A plain array would be copied
 * whole on every message (80 KB of garbage each at 10,000 entries; a burst
 * of a thousand messages a second turns into megabytes of heap churn); here
 * an append copies one chunk of at most 256 references plus the short list
 * of chunks, and old versions share everything else. Pure.
 */
export const CHUNK_SIZE = 256;

export interface ChunkedList<T> {
  readonly length: number;
  /** Every chunk but the last holds exactly CHUNK_SIZE items. */
  readonly chunks: readonly (readonly T[])[];
  /** Items dropped from the front of the first chunk. */
  readonly offset: number;
}

const EMPTY: ChunkedList<never> = { length: 0, chunks: [], offset: 0 };

export function emptyList<T>(): ChunkedList<T> {
  return EMPTY;
}

export function listAt<T>(list: ChunkedList<T>, index: number): T | undefined {
  if (index < 0 || index >= list.length) return undefined;
  const at = index + list.offset;
  return list.chunks[Math.floor(at / CHUNK_SIZE)]![at % CHUNK_SIZE];
}

export function listLast<T>(list: ChunkedList<T>): T | undefined {
  return listAt(list, list.length - 1);
}

/** Appends `items`, then drops from the front so at most `max` remain. */
export function listAppend<T>(
  list: ChunkedList<T>,
  items: readonly T[],
  max: number,
): ChunkedList<T> {
  if (items.length === 0) return list;
  const chunks = list.chunks.slice();
  let tail: T[] = [];
  const last = chunks.at(-1);
  if (last && last.length < CHUNK_SIZE) {
    chunks.pop();
    tail = last.slice();
  }
  for (const item of items) {
    if (tail.length === CHUNK_SIZE) {
      chunks.push(tail);
      tail = [];
    }
    tail.push(item);
  }
  chunks.push(tail);
  let length = list.length + items.length;
  let offset = list.offset;
  if (length > max) {
    const shifted = offset + (length - max);
    chunks.splice(0, Math.floor(shifted / CHUNK_SIZE));
    offset = shifted % CHUNK_SIZE;
    length = max;
  }
  return { length, chunks, offset };
}

export function listFrom<T>(items: readonly T[], max = Infinity): ChunkedList<T> {
  return listAppend(emptyList<T>(), items, max);
}

export function listToArray<T>(list: ChunkedList<T>): T[] {
  return list.chunks.flat().slice(list.offset, list.offset + list.length);
}
