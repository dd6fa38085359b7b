import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createKeyParser, decodeKeys, type Key } from '../../src/client/ui/keys/key-decoder.js';
import { decodeMouse } from '../../src/client/ui/keys/mouse-decoder.js';

const key = (name: string): Key => ({ kind: 'key', name }) as Key;
const text = (t: string): Key => ({ kind: 'text', text: t });

/** The input fed in two chunks split at `at`, then flushed. */
function splitAt(input: string, at: number): Key[] {
  const parser = createKeyParser();
  return [...parser.push(input.slice(0, at)), ...parser.push(input.slice(at)), ...parser.flush()];
}

/** Adjacent text keys merged: how text is split between chunks does not matter to the editor. */
function merged(keys: Key[]): Key[] {
  const out: Key[] = [];
  for (const k of keys) {
    const last = out[out.length - 1];
    if (k.kind === 'text' && last?.kind === 'text') out[out.length - 1] = text(last.text + k.text);
    else out.push(k);
  }
  return out;
}

describe('key parser: a burst of keys in one read is decoded key by key', () => {
  test('three Backspaces in one write are three Backspaces', () => {
    assert.deepEqual(decodeKeys('\u007f\u007f\u007f'), [
      key('backspace'),
      key('backspace'),
      key('backspace'),
    ]);
  });

  test('Ctrl+W Ctrl+W, Ctrl+U and a run of Tabs are separate keys, never text', () => {
    assert.deepEqual(decodeKeys('\u0017\u0017'), [key('ctrl+w'), key('ctrl+w')]);
    assert.deepEqual(decodeKeys('\t\t\tj'), [key('tab'), key('tab'), key('tab'), text('j')]);
    assert.deepEqual(decodeKeys('wrongname\u0015\u0017\u001b[HX'), [
      text('wrongname'),
      key('ctrl+u'),
      key('ctrl+w'),
      key('home'),
      text('X'),
    ]);
  });

  test('escape sequences glued to text and to each other', () => {
    assert.deepEqual(decodeKeys('ab\u001b[D\u001b[Dc\u001b[3~\u001bOH'), [
      text('ab'),
      key('left'),
      key('left'),
      text('c'),
      key('delete'),
      key('home'),
    ]);
    assert.deepEqual(decodeKeys('\u001b[1;5F\u001b[8^'), [key('ctrl+end'), key('ctrl+end')]);
    assert.deepEqual(decodeKeys('\u001bm\u001b\r'), [key('alt+m'), key('newline')]);
  });

  test('no control character ever reaches a text key (C0, DEL, C1)', () => {
    const keys = decodeKeys('a\u0000b\u0007c\u001fd\u0085e\u009bf\u007fg');
    for (const k of keys) {
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      if (k.kind === 'text') assert.doesNotMatch(k.text, /[\u0000-\u001f\u007f-\u009f]/);
    }
    assert.deepEqual(
      keys.filter((k) => k.kind === 'text').map((k) => (k.kind === 'text' ? k.text : '')),
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    );
  });

  test('bracketed paste keeps line breaks and tabs, in one paste key', () => {
    assert.deepEqual(decodeKeys('x\u001b[200~one\r\ntwo\tthree\u001b[201~y'), [
      text('x'),
      { kind: 'paste', text: 'one\r\ntwo\tthree' },
      text('y'),
    ]);
  });

  test('every split point gives the same keys (sequences, pastes, mouse reports)', () => {
    const input =
      'hé👍🏽\u001b[A\u007f\u001b[200~p\u001b[31ma\r\nste\u001b[201~\u001b[<65;10;5M\u0017\u001b[1;5D!';
    const whole = merged(decodeKeys(input));
    for (let at = 0; at <= input.length; at++) {
      assert.deepEqual(merged(splitAt(input, at)), whole, `split at ${at}`);
    }
    assert.ok(whole.some((k) => k.kind === 'paste' && k.text === 'p\u001b[31ma\r\nste'));
  });

  test('an unfinished sequence waits for the next chunk; a lone Esc is Escape once flushed', () => {
    const parser = createKeyParser();
    assert.deepEqual(parser.push('\u001b['), []);
    assert.ok(parser.pending);
    assert.deepEqual(parser.push('B'), [key('down')]);
    assert.deepEqual(parser.push('\u001b'), []);
    assert.deepEqual(parser.flush(), [key('escape')]);
    assert.equal(parser.pending, false);
  });

  test('garbage that never ends does not grow the buffer', () => {
    const parser = createKeyParser();
    parser.push(`\u001b[${'1;'.repeat(100)}`);
    assert.equal(parser.pending, false);
  });
});

describe('mouse reports (SGR 1006)', () => {
  test('wheel up/down, presses, releases', () => {
    assert.deepEqual(decodeMouse('\u001b[<64;12;7M'), {
      kind: 'wheel',
      direction: 'up',
      column: 12,
      row: 7,
    });
    assert.deepEqual(decodeMouse('\u001b[<65;1;2M'), {
      kind: 'wheel',
      direction: 'down',
      column: 1,
      row: 2,
    });
    assert.deepEqual(decodeMouse('\u001b[<0;3;4M'), {
      kind: 'press',
      button: 'left',
      column: 3,
      row: 4,
    });
    assert.equal(decodeMouse('\u001b[<0;3;4m')?.kind, 'release');
    assert.equal(decodeMouse('\u001b[A'), null);
    assert.deepEqual(
      decodeKeys('\u001b[<65;1;2M\u001b[<64;1;2M').map((k) => k.kind),
      ['mouse', 'mouse'],
    );
  });
});
