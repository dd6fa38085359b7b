import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CHUNK_SIZE,
  emptyList,
  listAppend,
  listAt,
  listFrom,
  listLast,
  listToArray,
} from '../../src/client/core/chunked-list.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('chunked list', () => {
  test('appends one by one and in batches across chunk borders', () => {
    let list = emptyList<number>();
    for (const n of range(0, CHUNK_SIZE + 10)) list = listAppend(list, [n], Infinity);
    list = listAppend(list, range(CHUNK_SIZE + 10, 3 * CHUNK_SIZE + 5), Infinity);
    assert.equal(list.length, 3 * CHUNK_SIZE + 5);
    assert.deepEqual(listToArray(list), range(0, 3 * CHUNK_SIZE + 5));
    for (const i of [0, CHUNK_SIZE - 1, CHUNK_SIZE, 2 * CHUNK_SIZE + 7])
      assert.equal(listAt(list, i), i);
    assert.equal(listAt(list, -1), undefined);
    assert.equal(listAt(list, list.length), undefined);
    assert.equal(listLast(list), 3 * CHUNK_SIZE + 4);
  });

  test('stays bounded, dropping the oldest, at every size', () => {
    const max = 1000;
    let list = emptyList<number>();
    let next = 0;
    for (const batch of [1, 7, 300, 1, 999, 2500, 3]) {
      list = listAppend(list, range(next, next + batch), max);
      next += batch;
      const expected = range(Math.max(0, next - max), next);
      assert.equal(list.length, expected.length);
      assert.deepEqual(listToArray(list), expected);
      assert.equal(listAt(list, 0), expected[0]);
      assert.equal(listAt(list, list.length - 1), expected.at(-1));
    }
  });

  test('old versions are unchanged (immutable) and share their chunks', () => {
    const a = listFrom(range(0, 600));
    const b = listAppend(a, [600], Infinity);
    assert.deepEqual(listToArray(a), range(0, 600));
    assert.deepEqual(listToArray(b), range(0, 601));
    assert.equal(a.chunks[0], b.chunks[0], 'full chunks are shared, not copied');
  });
});
