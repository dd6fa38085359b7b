import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createJpegSplitter } from '../../src/media/jpeg/jpeg-splitter.js';
import { fitsVideoLimits, readJpegInfo } from '../../src/media/jpeg/jpeg-info.js';
import { normalizeJpeg } from '../../src/media/jpeg/normalize-jpeg.js';
import { createNewestWins } from '../../src/media/newest-wins.js';
import { drawPattern } from '../../src/media/sources/video-pattern.js';

let small: Buffer;
let big: Buffer;
let progressive: Buffer;

function encode(width: number, height: number, options: sharp.JpegOptions = {}): Promise<Buffer> {
  return sharp(drawPattern(width, height, 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 60, ...options })
    .toBuffer();
}

before(async () => {
  small = await encode(16, 8);
  big = await encode(64, 48);
  progressive = await encode(48, 32, { progressive: true });
});

function split(input: Buffer, cuts: number[], maxBytes?: number): Buffer[] {
  const splitter = createJpegSplitter(maxBytes);
  const out: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, input.length]) {
    out.push(...splitter.push(input.subarray(start, cut)));
    start = cut;
  }
  return out;
}

test('jpeg info reads size and coding from the SOF marker', () => {
  assert.deepEqual(readJpegInfo(big), { width: 64, height: 48, baseline: true });
  assert.deepEqual(readJpegInfo(progressive), { width: 48, height: 32, baseline: false });
  assert.equal(readJpegInfo(Buffer.from('GIF89a')), undefined);
  assert.equal(readJpegInfo(big.subarray(0, 20)), undefined);
  assert.ok(fitsVideoLimits({ width: 1280, height: 720, baseline: true }));
  assert.equal(fitsVideoLimits({ width: 1281, height: 720, baseline: true }), false);
  assert.equal(fitsVideoLimits({ width: 640, height: 721, baseline: true }), false);
});

test('the splitter finds every JPEG at every split point, skipping garbage between them', () => {
  const stream = Buffer.concat([
    Buffer.from([1, 2, 0xff, 0]),
    small,
    Buffer.from('junk'),
    progressive,
    small,
  ]);
  const expected = [small, progressive, small];
  for (let i = 0; i <= stream.length; i += 1) {
    assert.deepEqual(split(stream, [i]), expected, `split at ${i}`);
  }
  const cuts = Array.from({ length: stream.length }, (_, i) => i);
  assert.deepEqual(split(stream, cuts), expected, 'byte by byte');
});

test('an EXIF thumbnail (a JPEG inside APP1) does not end the frame', () => {
  const exif = Buffer.concat([Buffer.from('Exif\0\0'), small]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(exif.length + 2, 2);
  const withThumb = Buffer.concat([big.subarray(0, 2), app1, exif, big.subarray(2)]);
  const frames = split(Buffer.concat([withThumb, small]), [37, 200]);
  assert.equal(frames.length, 2);
  assert.deepEqual(frames[0], withThumb);
  assert.deepEqual(readJpegInfo(frames[0]), { width: 64, height: 48, baseline: true });
});

test('a frame over the limit is dropped and the next one found', () => {
  const frames = split(Buffer.concat([big, small]), [big.length - 5], big.length - 10);
  assert.deepEqual(frames, [small]);
});

test('normalize passes a small baseline JPEG untouched and re-encodes the rest', async () => {
  assert.equal(await normalizeJpeg(big), big);
  const fromProgressive = await normalizeJpeg(progressive);
  assert.ok(fromProgressive);
  assert.deepEqual(readJpegInfo(fromProgressive), { width: 48, height: 32, baseline: true });
  const huge = await encode(1920, 1080);
  const resized = await normalizeJpeg(huge);
  assert.deepEqual(readJpegInfo(resized!), { width: 1280, height: 720, baseline: true });
  assert.equal(await normalizeJpeg(Buffer.from('not an image')), undefined);
});

test('newest wins: while one job runs only the latest item waits', async () => {
  const seen: number[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let idle!: () => void;
  const done = new Promise<void>((resolve) => (idle = resolve));
  const worker = createNewestWins<number>(async (n) => {
    seen.push(n);
    if (n === 1) await gate;
    if (n === 4) idle();
  });
  worker.offer(1);
  worker.offer(2);
  worker.offer(3);
  worker.offer(4);
  assert.equal(worker.busy, true);
  release();
  await done;
  assert.deepEqual(seen, [1, 4]);
  assert.equal(worker.dropped, 2);
});
