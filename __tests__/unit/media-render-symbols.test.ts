/** Sub-cell renderers: known pixel patterns → the expected glyph and colours. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import stripAnsi from 'strip-ansi';
import { renderAsciiColorLines } from '../../src/media/render/ascii-color.js';
import { createCellFit, fitCell } from '../../src/media/render/cell-fit.js';
import { renderJpegFrame } from '../../src/media/render/frame-renderer.js';
import type { RgbImage } from '../../src/media/render/render-types.js';
import { renderSymbolLines } from '../../src/media/render/symbol-cells.js';
import { SYMBOL_SETS } from '../../src/media/render/symbol-sets.js';

type Rgb = [number, number, number];
const ESC = '\u001b[';
const R: Rgb = [255, 0, 0];
const B: Rgb = [0, 0, 255];
const W: Rgb = [255, 255, 255];
const K: Rgb = [0, 0, 0];
const fg = ([r, g, b]: Rgb) => `${ESC}38;2;${r};${g};${b}m`;
const bg = ([r, g, b]: Rgb) => `${ESC}48;2;${r};${g};${b}m`;
const RESET = `${ESC}0m`;

function image(width: number, height: number, pixels: Rgb[]): RgbImage {
  assert.equal(pixels.length, width * height);
  return { width, height, data: Uint8Array.from(pixels.flat()) };
}

describe('symbol sets', () => {
  test('every pattern has one glyph, one cell wide, and no two patterns share one', () => {
    for (const set of Object.values(SYMBOL_SETS)) {
      assert.equal(set.glyphs.length, 2 ** (set.width * set.height), set.name);
      assert.equal(new Set(set.glyphs).size, set.glyphs.length, `${set.name}: distinct glyphs`);
      assert.ok(set.glyphs.every((g) => [...g].length === 1));
    }
  });

  test('quadrants, sextants and Braille put the ink where the mask says', () => {
    const q = SYMBOL_SETS.quadrant.glyphs;
    assert.deepEqual([q[0], q[1], q[2], q[4], q[8], q[3], q[5], q[9], q[15]], [
      ' ', '▘', '▝', '▖', '▗', '▀', '▌', '▚', '█',
    ]); // prettier-ignore
    const s = SYMBOL_SETS.sextant.glyphs;
    assert.equal(s[0b000001], '\u{1fb00}', 'BLOCK SEXTANT-1 (top left)');
    assert.equal(s[0b000011], '\u{1fb02}', 'BLOCK SEXTANT-12 (top row)');
    assert.equal(s[0b010101], '▌');
    assert.equal(s[0b101010], '▐');
    assert.equal(s[0b111110], '\u{1fb3b}', 'BLOCK SEXTANT-23456, the last one');
    assert.equal(s[0b111111], '█');
    const b = SYMBOL_SETS.braille.glyphs;
    assert.equal(b[0b10000000], '⢀', 'bottom right is dot 8');
    assert.equal(b[0b01000000], '⡀', 'bottom left is dot 7');
    assert.equal(b[0b00000100], '⠂', 'second row left is dot 2');
    assert.equal(b[0xff], '⣿');
  });
});

describe('fitting a cell', () => {
  test('a cell of two colours is fitted exactly, whatever the pattern', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 256;
    const fit = createCellFit();
    for (let n = 0; n < 500; n++) {
      const a: Rgb = [random() | 0, random() | 0, random() | 0];
      const c: Rgb = [random() | 0, random() | 0, random() | 0];
      if (a.join() === c.join()) continue;
      const mask = (random() | 0) & 0xff;
      const pixels = Array.from({ length: 8 }, (_, i) => (mask & (1 << i) ? a : c));
      fitCell(
        Uint8Array.from(pixels.flat()),
        Int32Array.from([0, 3, 6, 9, 12, 15, 18, 21]),
        8,
        fit,
      );
      const drawn = Array.from({ length: 8 }, (_, i) => (fit.mask & (1 << i) ? fit.fg : fit.bg));
      assert.deepEqual(drawn, pixels, `pattern ${mask.toString(2)}`);
    }
  });

  test('the bright side is the foreground; one colour is a mask of 0 on that background', () => {
    const fit = createCellFit();
    const offsets = Int32Array.from([0, 3, 6, 9]);
    fitCell(Uint8Array.from([...K, ...W, ...K, ...K]), offsets, 4, fit);
    assert.deepEqual([fit.mask, fit.fg, fit.bg], [0b0010, W, K]);
    fitCell(Uint8Array.from([...R, ...R, ...R, ...R]), offsets, 4, fit);
    assert.deepEqual([fit.mask, fit.bg], [0, R]);
  });

  test('noisy pixels: the two colours are the means of the two sides', () => {
    const fit = createCellFit();
    const grays = [10, 30, 200, 220];
    fitCell(
      Uint8Array.from(grays.flatMap((v) => [v, v, v])),
      Int32Array.from([0, 3, 6, 9]),
      4,
      fit,
    );
    assert.deepEqual([fit.mask, fit.fg, fit.bg], [0b1100, [210, 210, 210], [20, 20, 20]]);
  });
});

describe('rendering lines', () => {
  test('quadrants: one red pixel top left on blue is ▘ red on blue', () => {
    const lines = renderSymbolLines(image(2, 2, [R, B, B, B]), SYMBOL_SETS.quadrant, 'truecolor');
    assert.deepEqual(lines, [`${fg(R)}${bg(B)}▘${RESET}`]);
  });

  test('quadrants: a diagonal is ▚; a flat cell is a space; colours are not repeated', () => {
    const img = image(6, 2, [W, K, R, R, W, K, K, W, R, R, K, W]);
    const lines = renderSymbolLines(img, SYMBOL_SETS.quadrant, 'truecolor');
    assert.deepEqual(lines, [`${fg(W)}${bg(K)}▚${bg(R)} ${bg(K)}▚${RESET}`]);
  });

  test('solid glyphs are flipped to reuse the colour already set; Braille dots never', () => {
    const G: Rgb = [132, 132, 132]; // survives 5 bits per channel
    // Cell 1: white top left on gray. Cell 2: gray top left on black, drawn as black ▟ on gray.
    const img = image(4, 2, [W, G, G, K, G, G, K, K]);
    assert.deepEqual(renderSymbolLines(img, SYMBOL_SETS.quadrant, 'truecolor'), [
      `${fg(W)}${bg(G)}▘${fg(K)}▟${RESET}`,
    ]);
    const dots = image(4, 4, [W, G, G, K, G, G, K, K, G, G, K, K, G, G, K, K]);
    assert.deepEqual(renderSymbolLines(dots, SYMBOL_SETS.braille, 'truecolor'), [
      `${fg(W)}${bg(G)}⠁${fg(G)}${bg(K)}⠁${RESET}`,
    ]);
  });

  test('sextants: the top row white over black is SEXTANT-12; 256 colours use the palette', () => {
    const img = image(2, 3, [W, W, K, K, K, K]);
    assert.deepEqual(renderSymbolLines(img, SYMBOL_SETS.sextant, '256'), [
      `${ESC}38;5;231m${ESC}48;5;16m\u{1fb02}${RESET}`,
    ]);
  });

  test('Braille: one white dot bottom right on black is ⢀', () => {
    const img = image(2, 4, [K, K, K, K, K, K, K, W]);
    assert.deepEqual(renderSymbolLines(img, SYMBOL_SETS.braille, 'truecolor'), [
      `${fg(W)}${bg(K)}⢀${RESET}`,
    ]);
  });

  test('coloured ASCII: the character by brightness, the hue at full brightness, no colour on spaces', () => {
    const img = image(4, 1, [W, [100, 0, 0], K, [120, 0, 0]]);
    assert.deepEqual(renderAsciiColorLines(img, 'truecolor'), [`${fg(W)}@${fg(R)}. .${RESET}`]);
  });

  test('a JPEG in every symbol set: rows × cols cells, each line as wide as the frame', async () => {
    const pixels = Buffer.alloc(64 * 64 * 3);
    for (let y = 0; y < 64; y++)
      for (let x = 0; x < 64; x++)
        if (x < 32 === y < 32) pixels.fill(255, (y * 64 + x) * 3, (y * 64 + x + 1) * 3);
    const jpeg = await sharp(pixels, { raw: { width: 64, height: 64, channels: 3 } })
      .jpeg({ quality: 100 })
      .toBuffer();
    for (const symbols of ['half', 'quadrant', 'sextant', 'braille', 'ascii'] as const) {
      const frame = await renderJpegFrame(jpeg, {
        mode: 'truecolor',
        symbols,
        maxCols: 8,
        maxRows: 8,
      });
      assert.deepEqual([frame.cols, frame.rows], [8, 4], symbols);
      for (const line of frame.lines) assert.equal([...stripAnsi(line)].length, 8, symbols);
      assert.ok(frame.lines.every((line) => line.endsWith(RESET)));
    }
  });
});

test('terminal video: switching the look re-renders the last frame with the new symbols', async () => {
  const { createTerminalVideo } = await import('../../src/media/sinks/terminal-video.js');
  // Vertical stripes 4 px wide: at 8 cells across a 64 px image, each cell is white left, black right.
  const pixels = Buffer.alloc(64 * 64 * 3);
  for (let y = 0; y < 64; y++)
    for (let x = 0; x < 64; x++)
      if (x % 8 < 4) pixels.fill(255, (y * 64 + x) * 3, (y * 64 + x + 1) * 3);
  const jpeg = await sharp(pixels, { raw: { width: 64, height: 64, channels: 3 } })
    .jpeg({ quality: 100 })
    .toBuffer();
  const writes: string[] = [];
  const video = createTerminalVideo({
    write: (data) => writes.push(data),
    mode: 'truecolor',
    symbols: 'quadrant',
    rect: { row: 0, col: 0, width: 8, height: 4 },
  });
  const rendered = async (n: number): Promise<string> => {
    const deadline = Date.now() + 10_000;
    while (video.stats.rendered < n && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(video.stats.rendered, n);
    return stripAnsi(writes.at(-1)!);
  };
  try {
    video.push(jpeg);
    assert.match(await rendered(1), /▌{8}/, 'quadrants: left half ink');
    video.setMode('truecolor', 'braille');
    assert.match(await rendered(2), /⡇{8}/, 'Braille: the left column of dots');
    video.setMode('truecolor', 'sextant');
    assert.match(await rendered(3), /▌{8}/, 'sextants: the left column is ▌ too');
  } finally {
    video.stop();
  }
});
