/** Shapes shared by the pure renderers, the decode step and the painter. */

/** How a frame becomes terminal cells: plain ASCII, or colour at this depth. */
export type RenderMode = 'ascii' | '256' | 'truecolor';

/**
 * What a colour cell is drawn with (symbol-sets.ts): half blocks (2 pixels a
 * cell, the fastest), quadrants (2×2), sextants (2×3, fonts with Unicode 13
 * legacy computing symbols), Braille (2×4), or ASCII characters in colour.
 */
export type CellSymbols = 'half' | 'quadrant' | 'sextant' | 'braille' | 'ascii';

/** Packed RGB pixels, 3 bytes each, row by row. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Lines of exactly `cols` visible cells each; escape sequences are ours alone. */
export interface RenderedFrame {
  lines: string[];
  cols: number;
  rows: number;
  mode: RenderMode;
}

/** A terminal rectangle; `row` and `col` are 0-based (as Ink's layout gives them). */
export interface Rect {
  row: number;
  col: number;
  width: number;
  height: number;
}
