import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLineDecoder, type DecodedLine } from '../../src/protocol/line-decoder.js';

const encoder = new TextEncoder();

function feedSplit(input: Uint8Array, at: number[], maxLineBytes = 64): DecodedLine[] {
  const decoder = createLineDecoder({ maxLineBytes });
  const out: DecodedLine[] = [];
  let start = 0;
  for (const cut of [...at, input.length]) {
    out.push(...decoder.push(input.subarray(start, cut)));
    start = cut;
  }
  return out;
}

test('every split point of a multi-line input with multibyte characters gives the same lines', () => {
  const input = encoder.encode('héllo 👋\r\n{"type":"say","text":"日本"}\n\nlast\n');
  const expected: DecodedLine[] = [
    { kind: 'line', text: 'héllo 👋' },
    { kind: 'line', text: '{"type":"say","text":"日本"}' },
    { kind: 'line', text: '' },
    { kind: 'line', text: 'last' },
  ];
  for (let i = 0; i <= input.length; i++) {
    for (const j of [i, Math.min(input.length, i + 1), Math.min(input.length, i + 3)]) {
      assert.deepEqual(feedSplit(input, [i, j]), expected, `split at ${i},${j}`);
    }
  }
});

test('byte by byte gives the same lines', () => {
  const input = encoder.encode('a€b\nc\n');
  const cuts = Array.from({ length: input.length }, (_, i) => i);
  assert.deepEqual(feedSplit(input, cuts), [
    { kind: 'line', text: 'a€b' },
    { kind: 'line', text: 'c' },
  ]);
});

test('invalid UTF-8 drops only that line', () => {
  const input = Uint8Array.from([0x61, 0xff, 0x0a, 0x62, 0x0a, 0xe2, 0x82, 0x0a]);
  assert.deepEqual(feedSplit(input, []), [
    { kind: 'bad_utf8' },
    { kind: 'line', text: 'b' },
    { kind: 'bad_utf8' },
  ]);
});

test('a line of exactly the limit passes, with or without \\r', () => {
  const line = 'x'.repeat(64);
  assert.deepEqual(feedSplit(encoder.encode(`${line}\n`), [10]), [{ kind: 'line', text: line }]);
  assert.deepEqual(feedSplit(encoder.encode(`${line}\r\n`), [64]), [{ kind: 'line', text: line }]);
});

test('one byte over the limit is too_long, and nothing after it is decoded', () => {
  const decoder = createLineDecoder({ maxLineBytes: 64 });
  assert.deepEqual(decoder.push(encoder.encode(`${'x'.repeat(65)}\nnext\n`)), [
    { kind: 'too_long' },
  ]);
  assert.deepEqual(decoder.push(encoder.encode('more\n')), []);
});

test('an endless line is refused before it is buffered past the limit', () => {
  const decoder = createLineDecoder({ maxLineBytes: 64 });
  const chunk = encoder.encode('y'.repeat(40));
  assert.deepEqual(decoder.push(chunk), []);
  assert.equal(decoder.pendingBytes, 40);
  assert.deepEqual(decoder.push(chunk), [{ kind: 'too_long' }]);
  assert.equal(decoder.pendingBytes, 0);
});

test('the decoder copies pending bytes, so the caller may reuse its buffer', () => {
  const decoder = createLineDecoder({ maxLineBytes: 64 });
  const buffer = encoder.encode('abc');
  decoder.push(buffer);
  buffer.fill(0x7a);
  assert.deepEqual(decoder.push(encoder.encode('\n')), [{ kind: 'line', text: 'abc' }]);
});
