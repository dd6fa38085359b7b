import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createMediaFrameDecoder,
  describeMediaFrameError,
  encodeMediaFrame,
  type MediaFrame,
  type MediaFrameDecodeResult,
} from '../../src/protocol/media-frame.js';

function feed(input: Buffer, cuts: number[]): MediaFrameDecodeResult {
  const decoder = createMediaFrameDecoder();
  const frames: MediaFrame[] = [];
  let start = 0;
  for (const cut of [...cuts, input.length]) {
    const result = decoder.push(input.subarray(start, cut));
    frames.push(...result.frames);
    if (result.error) return { frames, error: result.error };
    start = cut;
  }
  return { frames };
}

const stream = Buffer.concat([
  encodeMediaFrame({ kind: 'audio', seq: 7, ts: 20, payload: Buffer.from([1, 2, 3, 4]) }),
  encodeMediaFrame({ kind: 'control', seq: 0, ts: 21, payload: Buffer.from('{"type":"bye"}') }),
  encodeMediaFrame({ kind: 'video', seq: 65_535, ts: 4_294_967_295, payload: Buffer.alloc(0) }),
  encodeMediaFrame({
    kind: 'video',
    seq: 1,
    ts: 40,
    payload: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
  }),
]);
const expected: MediaFrame[] = [
  { kind: 'audio', flags: 0, seq: 7, ts: 20, payload: Buffer.from([1, 2, 3, 4]) },
  { kind: 'control', flags: 0, seq: 0, ts: 21, payload: Buffer.from('{"type":"bye"}') },
  { kind: 'video', flags: 0, seq: 65_535, ts: 4_294_967_295, payload: Buffer.alloc(0) },
  { kind: 'video', flags: 0, seq: 1, ts: 40, payload: Buffer.from([0xff, 0xd8, 0xff, 0xd9]) },
];

test('the header is the 12 bytes of docs/protocol-v1.md §2, big-endian', () => {
  const frame = encodeMediaFrame({
    kind: 'video',
    seq: 0x0102,
    ts: 0x03040506,
    payload: Buffer.from('ab'),
  });
  assert.deepEqual([...frame], [2, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 2, 0x61, 0x62]);
});

test('seq and ts wrap instead of overflowing', () => {
  const frame = encodeMediaFrame({
    kind: 'audio',
    seq: 65_536 + 5,
    ts: 2 ** 32 + 9,
    payload: Buffer.alloc(0),
  });
  assert.equal(frame.readUInt16BE(2), 5);
  assert.equal(frame.readUInt32BE(4), 9);
});

test('every single split point gives the same frames', () => {
  for (let i = 0; i <= stream.length; i++) {
    assert.deepEqual(feed(stream, [i]), { frames: expected }, `split at ${i}`);
  }
});

test('every pair of split points gives the same frames', () => {
  for (let i = 0; i <= stream.length; i++) {
    for (let j = i; j <= stream.length; j++) {
      assert.deepEqual(feed(stream, [i, j]).frames, expected, `split at ${i},${j}`);
    }
  }
});

test('byte by byte gives the same frames', () => {
  const cuts = Array.from({ length: stream.length }, (_, i) => i);
  assert.deepEqual(feed(stream, cuts), { frames: expected });
});

test('pendingBytes counts a partial header and a partial payload', () => {
  const decoder = createMediaFrameDecoder();
  const frame = encodeMediaFrame({ kind: 'audio', seq: 1, ts: 1, payload: Buffer.alloc(10) });
  decoder.push(frame.subarray(0, 5));
  assert.equal(decoder.pendingBytes, 5);
  decoder.push(frame.subarray(5, 15));
  assert.equal(decoder.pendingBytes, 15);
  assert.equal(decoder.push(frame.subarray(15)).frames.length, 1);
  assert.equal(decoder.pendingBytes, 0);
});

test('a payload at its limit passes; one byte over is an error before it is buffered', () => {
  const limits = { audio: 65_536, video: 1_048_576, control: 4096 } as const;
  for (const kind of ['audio', 'video', 'control'] as const) {
    const atLimit = encodeMediaFrame({ kind, seq: 0, ts: 0, payload: Buffer.alloc(limits[kind]) });
    assert.equal(feed(atLimit, []).frames.length, 1, `${kind} at limit`);
    const header = encodeMediaFrame({ kind, seq: 0, ts: 0, payload: Buffer.alloc(0) });
    header.writeUInt32BE(limits[kind] + 1, 8);
    const decoder = createMediaFrameDecoder();
    const result = decoder.push(header);
    assert.deepEqual(result.error, {
      code: 'too_large',
      kind,
      len: limits[kind] + 1,
      maxBytes: limits[kind],
    });
    assert.equal(decoder.pendingBytes, 0, 'nothing of the payload is held');
    assert.match(describeMediaFrameError(result.error), /over its/);
  }
});

test('a huge declared length is refused from the header alone', () => {
  const header = Buffer.from([2, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  assert.equal(feed(header, [3, 9]).error?.code, 'too_large');
});

test('an unknown kind is an error and the decoder stops', () => {
  const good = encodeMediaFrame({ kind: 'audio', seq: 1, ts: 1, payload: Buffer.from([9]) });
  const bad = Buffer.from(good);
  bad[0] = 4;
  const decoder = createMediaFrameDecoder();
  const result = decoder.push(Buffer.concat([good, bad, good]));
  assert.equal(result.frames.length, 1, 'frames before the error are delivered');
  assert.deepEqual(result.error, { code: 'unknown_kind', kindCode: 4 });
  assert.deepEqual(decoder.push(good), { frames: [] }, 'nothing after the error');
  for (const kindCode of [0, 255]) {
    const other = Buffer.from(good);
    other[0] = kindCode;
    assert.deepEqual(feed(other, [1]).error, { code: 'unknown_kind', kindCode });
  }
});

test('non-zero flags are passed through, not rejected', () => {
  const frame = encodeMediaFrame({
    kind: 'audio',
    seq: 1,
    ts: 1,
    flags: 0x80,
    payload: Buffer.from([1]),
  });
  assert.equal(feed(frame, []).frames[0]?.flags, 0x80);
});

test('custom limits apply', () => {
  const decoder = createMediaFrameDecoder({ audio: 4, video: 4, control: 4 });
  const result = decoder.push(
    encodeMediaFrame({ kind: 'video', seq: 0, ts: 0, payload: Buffer.alloc(5) }),
  );
  assert.equal(result.error?.code, 'too_large');
});
