/**
 * Sub-cell colour rendering (quadrants, sextants, Braille; half blocks too):
 * the image comes scaled to `cols·set.width` × `rows·set.height` pixels, and
 * each cell gets the glyph and the two colours that best fit its pixels
 * (cell-fit.ts). As in half-block.ts, colour codes are written only when they
 * change along a line, a cell of one colour is a space on that background,
 * and every line ends with a reset. Where a pattern's complement is the same
 * picture with the colours swapped (solid glyphs, not Braille's dots), the
 * pattern is flipped when that saves writing a colour. Pure.
 */
import { createCellFit, fitCell } from './cell-fit.js';
import type { RgbImage } from './render-types.js';
import { colorCode, sgr, SGR_RESET, type ColorDepth } from './sgr.js';
import type { SymbolSet } from './symbol-sets.js';

export function renderSymbolLines(image: RgbImage, set: SymbolSet, depth: ColorDepth): string[] {
  const { data, width, height } = image;
  const cols = Math.ceil(width / set.width);
  const rows = Math.ceil(height / set.height);
  const count = set.width * set.height;
  const full = (1 << count) - 1;
  const solid = set.name !== 'braille';
  const offsets = new Int32Array(count);
  const fit = createCellFit();
  const lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    let line = '';
    let fgCode = -1;
    let bgCode = -1;
    for (let col = 0; col < cols; col++) {
      // Pixel offsets of this cell, clamped at the image's edge for a partial last cell.
      for (let y = 0, i = 0; y < set.height; y++) {
        const py = Math.min(height - 1, row * set.height + y);
        for (let x = 0; x < set.width; x++, i++) {
          const px = Math.min(width - 1, col * set.width + x);
          offsets[i] = (py * width + px) * 3;
        }
      }
      fitCell(data, offsets, count, fit);
      const bg = colorCode(depth, fit.bg[0], fit.bg[1], fit.bg[2]);
      const fg = fit.mask === 0 ? bg : colorCode(depth, fit.fg[0], fit.fg[1], fit.fg[2]);
      if (fg === bg) {
        if (bgCode !== bg) line += sgr(false, bg, depth);
        bgCode = bg;
        line += ' ';
        continue;
      }
      let mask = fit.mask;
      let ink = fg;
      let paper = bg;
      const writes = (fg !== fgCode ? 1 : 0) + (bg !== bgCode ? 1 : 0);
      const flippedWrites = (bg !== fgCode ? 1 : 0) + (fg !== bgCode ? 1 : 0);
      if (solid && flippedWrites < writes) {
        mask = full & ~mask;
        ink = bg;
        paper = fg;
      }
      if (fgCode !== ink) line += sgr(true, ink, depth);
      if (bgCode !== paper) line += sgr(false, paper, depth);
      fgCode = ink;
      bgCode = paper;
      line += set.glyphs[mask]!;
    }
    lines.push(line + SGR_RESET);
  }
  return lines;
}
