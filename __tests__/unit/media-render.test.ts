import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { renderAsciiLines, luma } from '../../src/media/render/ascii.js';
import { renderHalfBlockLines } from '../../src/media/render/half-block.js';
import { rgbToXterm256, rgbToXterm256Fast } from '../../src/media/render/xterm-256.js';
import { fitToCells } from '../../src/media/render/fit.js';
import {
  buildPaintSequence,
  createDirectPainter,
  RESTORE_CURSOR,
  SAVE_CURSOR,
  SYNC_BEGIN,
  SYNC_END,
} from '../../src/media/render/direct-painter.js';
import { renderJpegFrame } from '../../src/media/render/frame-renderer.js';
import { chooseRenderMode, detectColorLevel } from '../../src/media/render/color-level.js';
import type { RgbImage } from '../../src/media/render/render-types.js';

const ESC = '\u001b[';

function image(width: number, height: number, pixels: [number, number, number][]): RgbImage {
  return { width, height, data: Uint8Array.from(pixels.flat()) };
}

const RED: [number, number, number] = [255, 0, 0];
const BLUE: [number, number, number] = [0, 0, 255];
const WHITE: [number, number, number] = [255, 255, 255];
const BLACK: [number, number, number] = [0, 0, 0];
const GRAY: [number, number, number] = [128, 128, 128];

test('ASCII: a known 4×2 image gives the expected ramp characters', () => {
  const img = image(4, 2, [BLACK, WHITE, GRAY, RED, WHITE, BLACK, [64, 64, 64], BLUE]);
  assert.equal(luma(128, 128, 128), 128);
  assert.deepEqual(renderAsciiLines(img), [' @+:', '@ :.']);
});

test('half blocks in 256 colours: fg is the top pixel, bg the bottom; equal pixels become a space', () => {
  const img = image(2, 2, [RED, WHITE, BLUE, WHITE]);
  assert.deepEqual(renderHalfBlockLines(img, '256'), [
    `${ESC}38;5;196m${ESC}48;5;21m▀${ESC}48;5;231m ${ESC}0m`,
  ]);
});

test('half blocks in truecolor keep 5 bits per channel and repeat no colour code', () => {
  const img = image(3, 2, [RED, RED, [100, 100, 100], BLUE, BLUE, BLACK]);
  assert.deepEqual(renderHalfBlockLines(img, 'truecolor'), [
    `${ESC}38;2;255;0;0m${ESC}48;2;0;0;255m▀▀${ESC}38;2;99;99;99m${ESC}48;2;0;0;0m▀${ESC}0m`,
  ]);
});

test('an odd pixel height gives a last row with a black bottom half', () => {
  const img = image(1, 3, [WHITE, WHITE, RED]);
  const lines = renderHalfBlockLines(img, '256');
  assert.equal(lines.length, 2);
  assert.equal(lines[1], `${ESC}38;5;196m${ESC}48;5;16m▀${ESC}0m`);
});

test('xterm-256 picks the cube or the gray ramp, whichever is nearer; the table agrees', () => {
  assert.equal(rgbToXterm256(0, 0, 0), 16);
  assert.equal(rgbToXterm256(255, 255, 255), 231);
  assert.equal(rgbToXterm256(255, 0, 0), 196);
  assert.equal(rgbToXterm256(128, 128, 128), 244); // gray 128 (232 + 12) beats cube 135
  assert.equal(rgbToXterm256(95, 135, 175), 16 + 36 * 1 + 6 * 2 + 3);
  for (const [r, g, b] of [RED, BLUE, WHITE, BLACK, [200, 40, 120]] as const) {
    assert.equal(
      rgbToXterm256Fast(r, g, b),
      rgbToXterm256((r & 0xf8) | (r >> 5), (g & 0xf8) | (g >> 5), (b & 0xf8) | (b >> 5)),
    );
  }
});

test('fitToCells keeps the aspect ratio with cells twice as tall as wide', () => {
  assert.deepEqual(fitToCells(320, 240, 120, 40), { cols: 106, rows: 40 });
  assert.deepEqual(fitToCells(640, 240, 120, 40), { cols: 120, rows: 23 });
  assert.deepEqual(fitToCells(320, 240, 0, 40), { cols: 0, rows: 0 });
});

test('the paint sequence is one synchronized update that centres the frame and clears the rest', () => {
  const frame = { lines: ['ab', 'cd'], cols: 2, rows: 2, mode: 'ascii' as const };
  const out = buildPaintSequence({ row: 2, col: 4, width: 6, height: 3 }, frame);
  assert.equal(
    out,
    `${SYNC_BEGIN}${SAVE_CURSOR}${ESC}0m` +
      `${ESC}3;5H  ab  ${ESC}4;5H  cd  ${ESC}5;5H      ` +
      `${ESC}0m${RESTORE_CURSOR}${SYNC_END}`,
  );
  assert.ok(out.startsWith('\u001b[?2026h\u001b7'));
  assert.ok(out.endsWith('\u001b8\u001b[?2026l'));
  const tooBig = buildPaintSequence({ row: 0, col: 0, width: 1, height: 1 }, frame);
  assert.ok(tooBig.includes(`${ESC}1;1H `), 'a frame larger than the rectangle is not drawn');
});

test('the painter repaints the last frame and clears its rectangle', () => {
  const writes: string[] = [];
  const painter = createDirectPainter((data) => writes.push(data));
  const frame = { lines: ['x'], cols: 1, rows: 1, mode: 'ascii' as const };
  painter.paint({ row: 0, col: 0, width: 1, height: 1 }, frame);
  painter.repaint();
  painter.clear();
  painter.repaint();
  assert.equal(writes.length, 3);
  assert.equal(writes[0], writes[1]);
  assert.ok(writes[2]!.includes(`${ESC}1;1H `));
});

test('a JPEG is decoded, scaled and rendered (ASCII and half blocks)', async () => {
  // 64×64: white top-left and bottom-right quadrants, black elsewhere.
  const pixels = Buffer.alloc(64 * 64 * 3);
  for (let y = 0; y < 64; y++)
    for (let x = 0; x < 64; x++)
      if (x < 32 === y < 32) pixels.fill(255, (y * 64 + x) * 3, (y * 64 + x + 1) * 3);
  const jpeg = await sharp(pixels, { raw: { width: 64, height: 64, channels: 3 } })
    .jpeg({ quality: 100 })
    .toBuffer();
  // Scaling blends across the quadrant edges; the corners stay pure.
  const ascii = await renderJpegFrame(jpeg, { mode: 'ascii', maxCols: 8, maxRows: 4, fit: 'fill' });
  assert.equal(ascii.lines.length, 4);
  assert.ok(ascii.lines.every((line) => line.length === 8));
  assert.equal(ascii.lines[0]![0], '@');
  assert.equal(ascii.lines[0]![7], ' ');
  assert.equal(ascii.lines[3]![0], ' ');
  assert.equal(ascii.lines[3]![7], '@');
  const color = await renderJpegFrame(jpeg, { mode: '256', maxCols: 8, maxRows: 8 });
  assert.deepEqual([color.cols, color.rows], [8, 4], 'a square image is 8 cells wide, 4 high');
  assert.ok(color.lines[0]!.startsWith(`${ESC}48;5;231m `), 'top-left: white over white');
  assert.ok(color.lines[3]!.startsWith(`${ESC}48;5;16m `), 'bottom-left: black over black');
  assert.ok(color.lines.every((line) => line.endsWith(`${ESC}0m`)));
  await assert.rejects(
    renderJpegFrame(Buffer.from('not a jpeg'), { mode: 'ascii', maxCols: 2, maxRows: 2 }),
  );
});

test('NO_COLOR wins over everything; the render mode follows the level', () => {
  assert.equal(detectColorLevel(undefined, { NO_COLOR: '1', COLORTERM: 'truecolor' }), 0);
  assert.equal(chooseRenderMode('auto', 3), 'truecolor');
  assert.equal(chooseRenderMode('color', 2), '256');
  assert.equal(chooseRenderMode('auto', 1), 'ascii');
  assert.equal(chooseRenderMode('ascii', 3), 'ascii');
});

test('terminal video: renders the newest frame into its rectangle, re-renders on mode change', async () => {
  const { createTerminalVideo } = await import('../../src/media/sinks/terminal-video.js');
  const writes: string[] = [];
  const video = createTerminalVideo({
    write: (data) => writes.push(data),
    mode: 'ascii',
    rect: { row: 1, col: 2, width: 20, height: 6 },
  });
  const frames = await Promise.all(
    [0, 255, 128].map((level) =>
      sharp({
        create: {
          width: 32,
          height: 24,
          channels: 3,
          background: { r: level, g: level, b: level },
        },
      })
        .jpeg()
        .toBuffer(),
    ),
  );
  for (const jpeg of frames) video.push(jpeg);
  const deadline = Date.now() + 10_000;
  while (video.stats.rendered < 2 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 10));
  assert.equal(video.stats.rendered, 2, 'the first and the newest frame');
  assert.equal(video.stats.dropped, 1, 'the middle one was replaced while the first rendered');
  assert.ok(writes.every((w) => w.startsWith(SYNC_BEGIN) && w.endsWith(SYNC_END)));
  assert.ok(writes[0]!.includes(`${ESC}2;3H`), 'row 1, col 2 are 0-based');
  assert.match(writes[1]!, /\+{16}/, 'the 128-gray frame, 16 cells wide');
  video.setMode('truecolor');
  while (video.stats.rendered < 3 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 10));
  assert.ok(writes[2]!.includes(`${ESC}48;2;`), 'same frame, now in truecolor');
  video.stop();
  assert.ok(!writes.at(-1)!.includes('+'), 'stop blanks the rectangle');
});
