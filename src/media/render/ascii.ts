/**
 * Grayscale character-ramp rendering: one character per pixel (the decode
 * step scales the image to the cell grid). Works in any terminal, and the
 * output is plain text, so it can go through Ink as well. Pure.
 */
import type { RgbImage } from './render-types.js';

/** Dark to light: a space for black, `@` for white (on a dark background). */
export const ASCII_RAMP = ' .:-=+*#%@';

/** Rec. 601 luma in integer arithmetic, 0–255. */
export function luma(r: number, g: number, b: number): number {
  return (77 * r + 150 * g + 29 * b) >> 8;
}

export function renderAsciiLines(image: RgbImage, ramp: string = ASCII_RAMP): string[] {
  const { data, width, height } = image;
  const steps = ramp.length;
  const lines: string[] = [];
  for (let y = 0; y < height; y++) {
    let line = '';
    let p = y * width * 3;
    for (let x = 0; x < width; x++, p += 3) {
      const level = luma(data[p]!, data[p + 1]!, data[p + 2]!);
      line += ramp[Math.min(steps - 1, Math.floor((level * steps) / 256))];
    }
    lines.push(line);
  }
  return lines;
}
