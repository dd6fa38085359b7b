import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hiddenPicture, isHiddenFormat, makeVisible } from '../../src/protocol/visible-text.js';
import { renderEventText } from '../../src/protocol/text-render.js';
import { sanitizeForTerminal } from '../../src/terminal/sanitize.js';

/** Nothing invisible or reordering left: no C0 but \n, no DEL/C1, no bidi, no hidden format, no U+2028/9. */
const RAW_INVISIBLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0]/u;

test('invisible format characters are shown as <U+XXXX>', () => {
  assert.equal(makeVisible('pay\u200bpal'), 'pay<U+200B>pal');
  assert.equal(makeVisible('\ufeffhi'), '<U+FEFF>hi');
  assert.equal(makeVisible('a\u3164b\uffa0c'), 'a<U+3164>b<U+FFA0>c');
  assert.equal(makeVisible('soft\u00adhyphen\u2060wj'), 'soft<U+00AD>hyphen<U+2060>wj');
  assert.equal(makeVisible('tag\u{e0001}x'), 'tag<U+E0001>x', 'astral default-ignorable');
  assert.equal(makeVisible('a\ufff9b'), 'a<U+FFF9>b', 'interlinear annotation');
  assert.equal(hiddenPicture(0x200b), '<U+200B>');
});

test('what shapes visible text is kept: ZWJ emoji, ZWNJ, variation selectors, emoji tags', () => {
  for (const text of [
    '👨\u200d👩\u200d👧',
    'می\u200cخواهم',
    '❤\ufe0f',
    '🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}',
    '葛\u{e0100}',
    'Zoe\u0308',
  ]) {
    assert.equal(makeVisible(text), text, JSON.stringify(text));
  }
  assert.equal(isHiddenFormat(0x200d), false);
  assert.equal(isHiddenFormat(0x41), false);
  assert.equal(isHiddenFormat(0x200b), true);
});

test('bidi controls are dropped, line and paragraph separators break lines', () => {
  assert.equal(makeVisible('abc\u202edef\u2066g\u2069'), 'abcdefg');
  assert.equal(makeVisible('a\u2028b\u2029c', { multiline: true }), 'a\nb\nc');
  assert.equal(makeVisible('a\u2028b'), 'a b');
});

test('the TUI and text mode share the rule', () => {
  const hostile = 'x\u001b[2J\u202e\u200b\u2028y\u3164';
  assert.equal(sanitizeForTerminal(hostile), makeVisible(hostile));
  assert.equal(
    sanitizeForTerminal(hostile, { multiline: true }),
    makeVisible(hostile, { multiline: true }),
  );
});

const ts = new Date(2026, 0, 1, 14, 2, 11).getTime();

test('text mode shows hostile message text visibly, one continuation line per break', () => {
  const line = renderEventText(
    {
      type: 'message',
      id: 1,
      ts,
      from: 'eve',
      text: 'gnp\u202e.exe \u200bhidden\u2028next\u2029para\ufeff',
      private: false,
    },
    { nowMs: ts },
  );
  assert.equal(line, '[14:02:11] <eve> gnp.exe <U+200B>hidden\n  next\n  para<U+FEFF>\n');
  assert.doesNotMatch(line, RAW_INVISIBLE);
});

test('text mode keeps reasons and names on their line: a newline in a reason shows as ␤', () => {
  const now = { nowMs: ts };
  assert.equal(
    renderEventText({ type: 'shutdown', by: 'root', reason: 'a\nb\u202ec' }, now),
    '[14:02:11] * the server is shutting down (by root): a␤bc\n',
  );
  assert.equal(
    renderEventText({ type: 'bye', reason: 'x\u200by\n' }, now),
    '* bye (x<U+200B>y␤)\n',
  );
  assert.equal(
    renderEventText({ type: 'error', code: 'bad_request', message: 'one\u2028two' }, now),
    '! bad_request: one\n  two\n',
  );
  const welcome = renderEventText(
    {
      type: 'welcome',
      name: 'carol',
      protocol: 1,
      server: 'tchat',
      motd: 'be\u202e nice\u200b',
      users: [{ name: 'carol', since: 0, status: 'online', caps: [] }],
      history: [{ type: 'message', id: 1, ts, from: 'eve', text: '\u2066x\u200b', private: false }],
    },
    now,
  );
  assert.doesNotMatch(welcome, RAW_INVISIBLE);
  assert.match(welcome, /^\* be nice<U\+200B>$/m);
  assert.match(welcome, /<eve> x<U\+200B>$/m);
});
