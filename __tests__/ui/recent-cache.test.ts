import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listFrom } from '../../src/client/core/chunked-list.js';
import type { TimelineEntry } from '../../src/client/core/state.js';
import { scrollView, topView, visibleWindow } from '../../src/client/ui/layout/line-window.js';
import {
  entryLines,
  LINE_CACHE_ENTRIES,
  messageFormat,
  timelineSource,
} from '../../src/client/ui/layout/message-lines.js';
import { createRecentCache } from '../../src/client/ui/layout/recent-cache.js';

test('keeps the most recently used keys; a get counts as a use', () => {
  const cache = createRecentCache<string, number>(3);
  cache.set('a', 1);
  cache.set('b', 2);
  cache.set('c', 3);
  assert.equal(cache.get('a'), 1);
  cache.set('d', 4);
  assert.equal(cache.size, 3);
  assert.equal(cache.get('b'), undefined, 'b was the least recently used');
  assert.equal(cache.get('a'), 1);
  assert.equal(cache.get('c'), 3);
  assert.equal(cache.get('d'), 4);
  cache.set('c', 30);
  assert.equal(cache.size, 3);
  assert.equal(cache.get('c'), 30);
});

function message(seq: number): TimelineEntry {
  return {
    kind: 'message',
    seq,
    ts: 0,
    id: seq,
    from: 'bob',
    text: `message ${seq}`,
    private: false,
    own: false,
    mention: false,
  };
}

test('laid-out lines are reused while an entry is recent, and made again after it fell out', () => {
  const format = messageFormat(80);
  const first = message(1);
  const lines = entryLines(first, format);
  assert.equal(
    entryLines(first, format),
    lines,
    'cached: the same objects (Line is memoised on them)',
  );
  for (let seq = 2; seq <= LINE_CACHE_ENTRIES + 1; seq++) entryLines(message(seq), format);
  const again = entryLines(first, format);
  assert.notEqual(again, lines, 'laid out again');
  assert.deepEqual(again, lines, 'to the same lines');
});

test('scrolling from the top of a long history to its end shows the right lines', () => {
  const entries = Array.from({ length: LINE_CACHE_ENTRIES * 3 }, (_, i) => message(i + 1));
  const source = timelineSource(listFrom(entries), 80);
  const text = (pos: ReturnType<typeof topView>) =>
    visibleWindow(source, 5, pos).lines.map((l) => l.segments.at(-1)!.text);
  const top = topView(source, 5);
  assert.deepEqual(text(top), ['message 1', 'message 2', 'message 3', 'message 4', 'message 5']);
  assert.deepEqual(text(null).at(-1), `message ${entries.length}`);
  const back = scrollView(source, 5, null, -LINE_CACHE_ENTRIES * 2);
  assert.deepEqual(text(back).at(-1), `message ${entries.length - LINE_CACHE_ENTRIES * 2}`);
  assert.deepEqual(text(top)[0], 'message 1');
});
