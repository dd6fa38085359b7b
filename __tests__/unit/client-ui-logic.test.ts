import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeKey, decodeKeys } from '../../src/client/ui/keys/key-decoder.js';
import { inputView } from '../../src/client/ui/layout/input-view.js';
import { computeLayout, tooSmall } from '../../src/client/ui/layout/layout.js';
import type { DisplayLine } from '../../src/client/ui/layout/display-line.js';
import {
  scrollView,
  topView,
  visibleWindow,
  type LineSource,
} from '../../src/client/ui/layout/line-window.js';
import { layoutEntry, messageFormat } from '../../src/client/ui/layout/message-lines.js';
import { textWidth } from '../../src/terminal/text-width.js';
import type { TimelineEntry } from '../../src/client/core/state.js';

/** Entries 1..n with seq = 10·i and `linesPer(i)` lines each, counting every layout call. */
function source(count: number, linesPer: (i: number) => number = () => 1) {
  const calls = { n: 0 };
  const src: LineSource = {
    count,
    seqAt: (i) => (i + 1) * 10,
    linesAt: (i) => {
      calls.n += 1;
      return Array.from({ length: linesPer(i) }, (_, l): DisplayLine => ({
        key: `${i}:${l}`,
        segments: [{ text: `e${i}l${l}` }],
      }));
    },
  };
  return { src, calls };
}
const texts = (lines: DisplayLine[]) => lines.map((l) => l.segments[0]!.text);

describe('key decoder', () => {
  test('Backspace and Delete are different keys', () => {
    assert.deepEqual(decodeKey('\u007f'), { kind: 'key', name: 'backspace' });
    assert.deepEqual(decodeKey('\u001b[3~'), { kind: 'key', name: 'delete' });
  });
  test('arrows, Home/End variants, PgUp/PgDn, Shift+Tab, Ctrl+letters', () => {
    assert.deepEqual(decodeKey('\u001b[A'), { kind: 'key', name: 'up' });
    assert.deepEqual(decodeKey('\u001bOH'), { kind: 'key', name: 'home' });
    assert.deepEqual(decodeKey('\u001b[4~'), { kind: 'key', name: 'end' });
    assert.deepEqual(decodeKey('\u001b[5~'), { kind: 'key', name: 'pageup' });
    assert.deepEqual(decodeKey('\u001b[Z'), { kind: 'key', name: 'shift+tab' });
    assert.deepEqual(decodeKey('\u0001'), { kind: 'key', name: 'ctrl+a' });
    assert.deepEqual(decodeKey('\u0017'), { kind: 'key', name: 'ctrl+w' });
    assert.deepEqual(decodeKey('\u001b[1;5D'), { kind: 'key', name: 'word_left' });
  });
  test('text, and keys typed in one burst split at every Enter', () => {
    assert.deepEqual(decodeKey('héllo 👋'), { kind: 'text', text: 'héllo 👋' });
    assert.deepEqual(decodeKeys('hi\r'), [
      { kind: 'text', text: 'hi' },
      { kind: 'key', name: 'enter' },
    ]);
    assert.deepEqual(decodeKeys('a\rb\r'), [
      { kind: 'text', text: 'a' },
      { kind: 'key', name: 'enter' },
      { kind: 'text', text: 'b' },
      { kind: 'key', name: 'enter' },
    ]);
    assert.equal(decodeKey('\u001b[99x').kind, 'unknown');
  });
});

describe('line window (scrollback without laying out the history)', () => {
  test('the window follows the newest lines and touches only what it shows', () => {
    const { src, calls } = source(10_000, () => 2);
    const w = visibleWindow(src, 5, null);
    assert.deepEqual(texts(w.lines), ['e9997l1', 'e9998l0', 'e9998l1', 'e9999l0', 'e9999l1']);
    assert.ok(w.atBottom && !w.atTop);
    assert.ok(calls.n <= 6, `laid out ${calls.n} entries for a 5-line window`);
  });

  test('scrolling up is anchored to an entry, so new entries do not move the view', () => {
    const { src } = source(100);
    const pos = scrollView(src, 3, null, -10);
    assert.deepEqual(texts(visibleWindow(src, 3, pos).lines), ['e87l0', 'e88l0', 'e89l0']);
    const grown = source(150).src;
    assert.deepEqual(texts(visibleWindow(grown, 3, pos).lines), ['e87l0', 'e88l0', 'e89l0']);
  });

  test('scrolling stops at the top and returns to following at the bottom', () => {
    const { src } = source(10, (i) => (i % 2) + 1);
    const top = topView(src, 4);
    assert.deepEqual(texts(visibleWindow(src, 4, top).lines), ['e0l0', 'e1l0', 'e1l1', 'e2l0']);
    assert.ok(visibleWindow(src, 4, top).atTop);
    assert.deepEqual(scrollView(src, 4, top, -100), top);
    assert.equal(scrollView(src, 4, top, 1000), null);
  });

  test('an anchor that fell out of the bounded history shows the oldest kept entry', () => {
    const { src } = source(5);
    const w = visibleWindow(src, 2, { seq: 3, line: 0 });
    assert.deepEqual(texts(w.lines), ['e0l0']);
  });

  test('an empty history is an empty window', () => {
    assert.deepEqual(visibleWindow(source(0).src, 5, null).lines, []);
  });
});

describe('message lines', () => {
  const entry = (
    text: string,
    extra: Partial<Extract<TimelineEntry, { kind: 'message' }>> = {},
  ): TimelineEntry => ({
    kind: 'message',
    seq: 1,
    ts: new Date(2024, 0, 1, 14, 2, 11).getTime(),
    id: 1,
    from: 'alice',
    text,
    private: false,
    own: false,
    mention: false,
    ...extra,
  });
  const plain = (lines: DisplayLine[]) => lines.map((l) => l.segments.map((s) => s.text).join(''));

  test('timestamp, right-aligned name, separator; continuation lines aligned; never wider than the pane', () => {
    const lines = plain(
      layoutEntry(
        entry('one two three four five six seven eight nine ten eleven'),
        messageFormat(50),
      ),
    );
    assert.match(lines[0]!, /^14:02 {6}alice │ one two/);
    assert.match(lines[1]!, /^ {17}│ /);
    for (const line of lines) assert.ok(textWidth(line) <= 50, line);
  });

  test('private messages show the direction', () => {
    assert.match(
      plain(
        layoutEntry(entry('x', { private: true, to: 'bob', own: true }), messageFormat(80)),
      )[0]!,
      /→ bob │ x/,
    );
    assert.match(
      plain(
        layoutEntry(entry('x', { private: true, to: 'me', from: 'bob' }), messageFormat(80)),
      )[0]!,
      /← bob │ x/,
    );
  });

  test('escape sequences and wide characters are shown harmlessly at the right width', () => {
    const lines = plain(
      layoutEntry(
        entry('\u001b[2J\u001b]0;pwned\u0007 漢字 👩‍👩‍👧‍👦', { from: 'ev\u001b[31mil' }),
        messageFormat(60),
      ),
    );
    assert.ok(!lines.join('').includes('\u001b'));
    assert.match(lines[0]!, /ev␛\[31mil │ ␛\[2J␛\]0;pwned␇ 漢字 👩‍👩‍👧‍👦/);
    for (const line of lines) assert.ok(textWidth(line) <= 60, line);
  });
});

describe('input view (horizontal scroll)', () => {
  test('short text shows whole with the cursor at the end', () => {
    assert.deepEqual(inputView('hello', 5, 20), {
      start: 0,
      before: 'hello',
      atCursor: ' ',
      after: '',
      clippedLeft: false,
      clippedRight: false,
    });
  });
  test('long text scrolls so the cursor stays visible', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz';
    const v = inputView(text, text.length, 10);
    assert.equal(v.before, 'rstuvwxyz');
    assert.ok(v.clippedLeft);
    const home = inputView(text, 0, 10, v.start);
    assert.equal(home.start, 0);
    assert.equal(home.atCursor, 'a');
    assert.ok(home.clippedRight);
  });
  test('newlines show as ↵ and wide characters count double', () => {
    const v = inputView('a\nb漢字', 5, 20);
    assert.equal(`${v.before}${v.atCursor}${v.after}`, 'a↵b漢字 ');
    const narrow = inputView('漢字漢字漢字', 'abc'.length * 0 + 12, 5);
    assert.ok(textWidth(narrow.before) + 1 <= 5);
  });
});

describe('layout', () => {
  test('sizes add up at 120×40 and at the 60×20 minimum', () => {
    for (const [cols, rows] of [
      [120, 40],
      [80, 24],
      [60, 20],
    ] as const) {
      const l = computeLayout(cols, rows);
      assert.equal(l.root.height, rows - 1);
      assert.equal(
        l.messages.height + l.call.height + l.log.height + l.input.height + l.statusBar.height,
        rows - 1,
      );
      assert.equal(l.messages.width + l.users.width, cols);
      assert.ok(l.messages.height >= 6);
    }
  });
  test('a call pane takes rows from the chat, never below 6 rows of chat', () => {
    const l = computeLayout(120, 40, 3);
    assert.equal(l.call.height, 3);
    const big = computeLayout(60, 20, 50);
    assert.ok(big.messages.height >= 6);
  });
  test('too small below 60×20', () => {
    assert.ok(tooSmall(59, 30));
    assert.ok(tooSmall(100, 19));
    assert.ok(!tooSmall(60, 20));
  });
});
