/**
 * Colour rendering with the upper half block `▀`: its foreground is the top
 * pixel, its background the bottom one, so a cell shows two pixels (NOTES.md
 * "Images and video"). Colour codes are written only when they change along
 * a line, and every line ends with a reset so nothing bleeds into the rest
 * of the screen. Truecolor keeps 5 bits per channel: adjacent cells repeat
 * more often and the frame gets much smaller at no visible cost. Pure.
 */
import type { RgbImage } from './render-types.js';
import { expand5, rgbToXterm256Fast } from './xterm-256.js';

export type ColorDepth = '256' | 'truecolor';

const ESC = '\u001b[';
const RESET = `${ESC}0m`;
const UPPER_HALF = '\u2580';

export function renderHalfBlockLines(image: RgbImage, depth: ColorDepth): string[] {
  const { data, width, height } = image;
  const rows = Math.ceil(height / 2);
  const color = depth === '256' ? color256 : colorTrue;
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

/** 256-colour: the palette index. */
function color256(r: number, g: number, b: number): number {
  return rgbToXterm256Fast(r, g, b);
}

/** Truecolor: the colour packed as 15 bits (5 per channel). */
function colorTrue(r: number, g: number, b: number): number {
  return ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
}

function sgr(foreground: boolean, value: number, depth: ColorDepth): string {
  const layer = foreground ? '38' : '48';
  if (depth === '256') return `${ESC}${layer};5;${value}m`;
  const r = expand5((value >> 10) & 31);
  const g = expand5((value >> 5) & 31);
  const b = expand5(value & 31);
  return `${ESC}${layer};2;${r};${g};${b}m`;
}
