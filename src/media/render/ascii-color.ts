/**
 * Coloured ASCII: one character per pixel (the image comes scaled to the
 * cell grid), picked by the pixel's brightness from the same ramp as plain
 * ASCII, drawn in the pixel's hue on the terminal's own background. The
 * character's density already says how bright the cell is, so its colour is
 * the hue at full brightness (a dim red is a sparse `:` in red, not a sparse
 * `:` in dark red, which would count the darkness twice). For
 * terminals whose font has no block or Braille glyphs; it reads as a
 * picture from a little further away. Colour codes only where they change;
 * every line ends with a reset. Pure.
 */
import { ASCII_RAMP, luma } from './ascii.js';
import type { RgbImage } from './render-types.js';
import { colorCode, sgr, SGR_RESET, type ColorDepth } from './sgr.js';

export function renderAsciiColorLines(
  image: RgbImage,
  depth: ColorDepth,
  ramp: string = ASCII_RAMP,
): string[] {
  const { data, width, height } = image;
  const steps = ramp.length;
  const lines: string[] = [];
  for (let y = 0; y < height; y++) {
    let line = '';
    let fgCode = -1;
    let p = y * width * 3;
    for (let x = 0; x < width; x++, p += 3) {
      const r = data[p]!, g = data[p + 1]!, b = data[p + 2]!; // prettier-ignore
      const char = ramp[Math.min(steps - 1, Math.floor((luma(r, g, b) * steps) / 256))]!;
      // A space shows no colour: leave the current one for the next character.
      if (char !== ' ') {
        const code = brightest(depth, r, g, b);
        if (code !== fgCode) line += sgr(true, code, depth);
        fgCode = code;
      }
      line += char;
    }
    lines.push(line + SGR_RESET);
  }
  return lines;
}

/** The colour scaled up until its strongest channel is 255 (black stays black). */
function brightest(depth: ColorDepth, r: number, g: number, b: number): number {
  const max = Math.max(r, g, b);
  if (max === 0) return colorCode(depth, 0, 0, 0);
  const k = 255 / max;
  return colorCode(depth, Math.round(r * k), Math.round(g * k), Math.round(b * k));
}
