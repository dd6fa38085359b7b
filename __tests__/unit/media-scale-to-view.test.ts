import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { readJpegInfo } from '../../src/media/jpeg/jpeg-info.js';
import { scaleJpegToView } from '../../src/media/jpeg/scale-to-view.js';
import { decodeViewSize, encodeViewSize } from '../../src/protocol/view-size.js';

async function frame(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** What a sender does with a `view_size` that arrived: decode it, scale the next frame to it. */
function asked(width: number, height: number) {
  const parsed = decodeViewSize(encodeViewSize({ width, height }));
  assert.ok(parsed.ok);
  return parsed.size;
}

test('a view size makes the next frame that size (fit inside, aspect kept, baseline)', async () => {
  const source = await frame(640, 480);
  const out = await scaleJpegToView(source, asked(160, 120));
  assert.deepEqual(readJpegInfo(out), { width: 160, height: 120, baseline: true });
  assert.ok(out.length < source.length, `${out.length} < ${source.length}`);
  // A box of another shape: the picture fits inside it, 4:3 kept.
  const wide = await scaleJpegToView(source, asked(300, 60));
  assert.deepEqual(readJpegInfo(wide), { width: 80, height: 60, baseline: true });
});

test('never enlarged; no view size or a frame that fits goes out unchanged', async () => {
  const source = await frame(320, 240);
  assert.equal(await scaleJpegToView(source, null), source);
  assert.equal(await scaleJpegToView(source, asked(320, 240)), source);
  assert.equal(await scaleJpegToView(source, asked(1280, 720)), source);
});

test('sizes are bounded: a huge ask is 1280×720, a tiny one 16×16', async () => {
  const big = await frame(1280, 720);
  const huge = encodeViewSize({ width: 10_000, height: 10_000 });
  assert.equal(await scaleJpegToView(big, decodeOk(huge)), big);
  const tiny = await scaleJpegToView(big, decodeOk(encodeViewSize({ width: 1, height: 1 })));
  const info = readJpegInfo(tiny)!;
  assert.ok(info.width <= 16 && info.height <= 16 && info.width >= 1, JSON.stringify(info));
});

test('one encode per distinct size of a frame, shared by every link asking it', async () => {
  const source = await frame(640, 480);
  const a = scaleJpegToView(source, asked(200, 150));
  const b = scaleJpegToView(source, asked(200, 150));
  assert.equal(a, b, 'the same promise: one encode');
  const c = scaleJpegToView(source, asked(100, 75));
  assert.notEqual(a, c);
  assert.deepEqual(readJpegInfo(await c), { width: 100, height: 75, baseline: true });
  // A new frame is encoded afresh.
  assert.notEqual(scaleJpegToView(await frame(640, 480), asked(200, 150)), a);
});

function decodeOk(message: Record<string, unknown>) {
  const parsed = decodeViewSize(message);
  assert.ok(parsed.ok);
  return parsed.size;
}
