/**
 * Colour codes for the cell renderers: a colour is first reduced to what the
 * terminal will show (a palette index for 256 colours, 15 bits — 5 per
 * channel — for truecolor), so equal codes can be compared as numbers and
 * written only when they change along a line; then turned into SGR. 5 bits
 * per channel make adjacent cells repeat more often and the frame much
 * smaller at no visible cost (docs/media.md "In the TUI"). Pure.
 */
import { expand5, rgbToXterm256Fast } from './xterm-256.js';

export type ColorDepth = '256' | 'truecolor';

export const CSI = '\u001b[';
export const SGR_RESET = `${CSI}0m`;

/** The colour as the terminal will show it, as a comparable number. */
export function colorCode(depth: ColorDepth, r: number, g: number, b: number): number {
  if (depth === '256') return rgbToXterm256Fast(r, g, b);
  return ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
}

/** The SGR sequence that sets the foreground (or background) to a `colorCode`. */
export function sgr(foreground: boolean, code: number, depth: ColorDepth): string {
  const layer = foreground ? '38' : '48';
  if (depth === '256') return `${CSI}${layer};5;${code}m`;
  const r = expand5((code >> 10) & 31);
  const g = expand5((code >> 5) & 31);
  const b = expand5(code & 31);
  return `${CSI}${layer};2;${r};${g};${b}m`;
}
