import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { safeLine } from '../../src/terminal/safe-line.js';
import { textWidth } from '../../src/terminal/text-width.js';

describe('safeLine (media notices, reasons, tool output)', () => {
  test('escape sequences lose their ESC: the body is inert text', () => {
    const out = safeLine('sox: \u001b]0;pwned\u0007 \u001b[2Jdone');
    assert.equal(out, 'sox: ␛]0;pwned␇ ␛[2Jdone');
  });

  test('C1 controls and bidi overrides never pass', () => {
    const out = safeLine('a\u009b31mb \u202eevil\u202c c');
    assert.doesNotMatch(out, /[\u0080-\u009f\u202a-\u202e]/u);
    assert.equal(out, 'a\ufffd31mb evil c');
  });

  test('line breaks show as one visible mark, so a notice stays one line', () => {
    assert.equal(safeLine('line 1\nline 2'), 'line 1␤line 2');
  });

  test('cut by columns, not code units: wide characters and emoji count 2', () => {
    const out = safeLine('名前名前名前 👩‍👩‍👧 done', 9);
    assert.ok(textWidth(out) <= 9, out);
    assert.equal(out, '名前名前…');
    assert.equal(safeLine('short', 9), 'short');
  });
});
