import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sanitizeForTerminal } from '../../src/terminal/sanitize.js';
import {
  padEndToWidth,
  textWidth,
  truncateToWidth,
  wrapToWidth,
} from '../../src/terminal/text-width.js';

const ESC = '\u001b';

/** Nothing that a terminal would act on: no C0 but newline, no DEL, no C1. */
function assertInert(text: string): void {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    assert.ok(
      !(cp < 0x20 && cp !== 0x0a),
      `C0 U+${cp.toString(16)} left in ${JSON.stringify(text)}`,
    );
    assert.ok(cp !== 0x7f && !(cp >= 0x80 && cp <= 0x9f), `DEL/C1 left in ${JSON.stringify(text)}`);
  }
}

describe('sanitizeForTerminal', () => {
  test('plain ASCII is returned unchanged', () => {
    assert.equal(sanitizeForTerminal('hello, world! ~'), 'hello, world! ~');
  });

  test('CSI sequences lose their ESC and show as text', () => {
    const out = sanitizeForTerminal(`${ESC}[2J${ESC}[31mred${ESC}[0m`);
    assert.equal(out, '␛[2J␛[31mred␛[0m');
    assertInert(out);
  });

  test('OSC (title, hyperlink) with BEL and ST terminators is inert', () => {
    const out = sanitizeForTerminal(`${ESC}]0;pwned\u0007 and ${ESC}]8;;http://x${ESC}\\link`);
    assert.equal(out, '␛]0;pwned␇ and ␛]8;;http://x␛\\link');
    assertInert(out);
  });

  test('DCS, APC, PM and SOS introducers are inert', () => {
    for (const intro of ['P', '_', '^', 'X']) {
      const out = sanitizeForTerminal(`${ESC}${intro}payload${ESC}\\`);
      assert.ok(out.startsWith('␛'), out);
      assertInert(out);
    }
  });

  test('8-bit C1 controls (CSI 0x9b, OSC 0x9d, ST 0x9c) become U+FFFD', () => {
    const out = sanitizeForTerminal('a\u009b31mb\u009d0;t\u009cc\u0085d');
    assert.equal(out, 'a�31mb�0;t�c�d');
    assertInert(out);
  });

  test('other C0 controls and DEL become control pictures', () => {
    assert.equal(sanitizeForTerminal('a\u0000b\u0007c\u0008d\u007f'), 'a␀b␇c␈d␡');
  });

  test('bidi controls are removed', () => {
    const text = 'x\u202ey\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061cz';
    assert.equal(sanitizeForTerminal(text), 'xyz');
  });

  test('newlines: kept in multiline mode, visible otherwise; CRLF and lone CR', () => {
    assert.equal(sanitizeForTerminal('a\nb', { multiline: true }), 'a\nb');
    assert.equal(sanitizeForTerminal('a\nb'), 'a␤b');
    assert.equal(sanitizeForTerminal('a\r\nb', { multiline: true }), 'a\nb');
    assert.equal(sanitizeForTerminal('a\rb', { multiline: true }), 'a␍b');
    assert.equal(sanitizeForTerminal('a\u2028b', { multiline: true }), 'a\nb');
  });

  test('tabs become spaces', () => {
    assert.equal(sanitizeForTerminal('a\tb'), 'a    b');
  });

  test('lone surrogates become U+FFFD, pairs survive', () => {
    assert.equal(sanitizeForTerminal('a\ud800b\udc00c😀'), 'a�b�c😀');
  });

  test('wide characters, ZWJ emoji, flags and combining marks keep their width', () => {
    const samples = ['漢字かな', '👩‍👩‍👧‍👦 family', '🇫🇷', 'e\u0301te\u0301', '❤️'];
    for (const sample of samples) {
      assert.equal(sanitizeForTerminal(sample), sample);
      assert.equal(textWidth(sanitizeForTerminal(sample)), textWidth(sample));
    }
    assert.equal(textWidth('漢字'), 4);
    assert.equal(textWidth('👩‍👩‍👧‍👦'), 2);
  });

  test('a combining mark at the start gets a dotted-circle base', () => {
    assert.equal(sanitizeForTerminal('\u0301x'), '\u25cc\u0301x');
  });

  test('placeholders are one column each', () => {
    assert.equal(textWidth(sanitizeForTerminal(`${ESC}[1m\u0007\u009b`)), 6);
  });
});

describe('text width helpers', () => {
  test('truncateToWidth never splits a wide character', () => {
    assert.equal(truncateToWidth('漢字かな', 5), '漢字…');
    assert.equal(truncateToWidth('hello', 5), 'hello');
    assert.equal(truncateToWidth('hello world', 6), 'hello…');
    assert.equal(textWidth(truncateToWidth('👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦', 4)), 3);
  });

  test('padEndToWidth pads to exact columns', () => {
    assert.equal(padEndToWidth('漢', 4), '漢  ');
    assert.equal(textWidth(padEndToWidth('漢字かな', 5)), 5);
  });

  test('wrapToWidth wraps on spaces and breaks long words', () => {
    assert.deepEqual(wrapToWidth('the quick brown fox', 10), ['the quick', 'brown fox']);
    assert.deepEqual(wrapToWidth('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
    assert.deepEqual(wrapToWidth('a\nb', 10), ['a', 'b']);
    assert.deepEqual(wrapToWidth('', 10), ['']);
  });

  test('wrapToWidth honours firstWidth and wide characters', () => {
    assert.deepEqual(wrapToWidth('aa bb cc', 5, { firstWidth: 2 }), ['aa', 'bb cc']);
    const lines = wrapToWidth('漢字漢字漢', 4);
    assert.deepEqual(lines, ['漢字', '漢字', '漢']);
    for (const line of wrapToWidth('😀😀😀 x 👩‍👩‍👧‍👦👩‍👩‍👧‍👦', 5)) assert.ok(textWidth(line) <= 5, line);
  });

  test('wrapToWidth keeps leading indentation of a paragraph', () => {
    assert.deepEqual(wrapToWidth('  code here', 8), ['  code', 'here']);
  });
});
