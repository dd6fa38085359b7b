/**
 * Colour rendering with the upper half block `▀`: its foreground is the top
 * pixel, its background the bottom one, so a cell shows two pixels (docs/media.md
 * "Video looks"). Colour codes are written only when they change along
 * a line, and every line ends with a reset so nothing bleeds into the rest
 * of the screen. Truecolor keeps 5 bits per channel: adjacent cells repeat
 * more often and the frame gets much smaller at no visible cost. Pure.
 */
import type { RgbImage } from './render-types.js';
import { colorCode, sgr, SGR_RESET as RESET, type ColorDepth } from './sgr.js';

export type { ColorDepth } from './sgr.js';

const UPPER_HALF = '\u2580';

export function renderHalfBlockLines(image: RgbImage, depth: ColorDepth): string[] {
  const { data, width, height } = image;
  const rows = Math.ceil(height / 2);
  const color = (r: number, g: number, b: number): number => colorCode(depth, r, g, b);
  const lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    const top = row * 2 * width * 3;
    const hasBottom = row * 2 + 1 < height;
    const bottom = top + width * 3;
    let line = '';
    let fg = -1;
    let bg = -1;
    for (let x = 0; x < width; x++) {
      const t = top + x * 3;
      const b = bottom + x * 3;
      const upper = color(data[t]!, data[t + 1]!, data[t + 2]!);
      const lower = hasBottom ? color(data[b]!, data[b + 1]!, data[b + 2]!) : color(0, 0, 0);
      if (upper === lower) {
        // One colour: a space on that background is half the bytes of a half block.
        if (bg !== lower) line += sgr(false, lower, depth);
        bg = lower;
        line += ' ';
        continue;
      }
      if (fg !== upper) line += sgr(true, upper, depth);
      if (bg !== lower) line += sgr(false, lower, depth);
      fg = upper;
      bg = lower;
      line += UPPER_HALF;
    }
    lines.push(line + RESET);
  }
  return lines;
}
