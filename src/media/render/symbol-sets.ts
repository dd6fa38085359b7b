/**
 * The sub-cell symbol sets: each cell is a grid of `width`×`height` "pixels"
 * and every on/off pattern of that grid has a glyph, so for any split of a
 * cell's pixels into two colours the exact symbol exists (unlike chafa's
 * general symbol maps, where the nearest glyph is searched for). A mask's
 * bit `y·width + x` is set where the glyph is ink (the foreground colour).
 *
 * - `half`: 1×2, `▀`/`▄`/`█` (the half-block renderer draws this set fastest).
 * - `quadrant`: 2×2, the Block Elements quadrants `▘▝▀▖▌▞▛▗▚▐▜▄▙▟█`.
 * - `sextant`: 2×3, Unicode 13 "Symbols for Legacy Computing" U+1FB00–1FB3B
 *   (60 glyphs; the other four patterns are space, `▌`, `▐`, `█`). Many fonts
 *   lack them and show boxes instead: offered, not chosen by default.
 * - `braille`: 2×4, U+2800–28FF; in nearly every font, but its dots cover
 *   only part of their area, so the picture is darker than the others.
 * Pure data.
 */

export type SymbolSetName = 'half' | 'quadrant' | 'sextant' | 'braille';

export interface SymbolSet {
  name: SymbolSetName;
  /** Pixels per cell across and down. */
  width: number;
  height: number;
  /** The glyph for every mask 0 … 2^(width·height) − 1. */
  glyphs: readonly string[];
}

// Bit order: 1 top-left, 2 top-right, 4 bottom-left, 8 bottom-right.
const QUADRANTS = ' ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█';

function sextantGlyph(mask: number): string {
  if (mask === 0) return ' ';
  if (mask === 0b010101) return '▌';
  if (mask === 0b101010) return '▐';
  if (mask === 0b111111) return '█';
  // U+1FB00 "BLOCK SEXTANT-1" onwards, in mask order, skipping the four above.
  const skipped = (mask > 0b010101 ? 1 : 0) + (mask > 0b101010 ? 1 : 0);
  return String.fromCodePoint(0x1fb00 + mask - 1 - skipped);
}

/** Braille dot numbers by pixel (x, y): dots 1-2-3-7 down the left, 4-5-6-8 down the right. */
const BRAILLE_DOT_BIT = [
  [0, 3],
  [1, 4],
  [2, 5],
  [6, 7],
] as const;

function brailleGlyph(mask: number): string {
  let dots = 0;
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 2; x++) {
      if (mask & (1 << (y * 2 + x))) dots |= 1 << BRAILLE_DOT_BIT[y]![x]!;
    }
  }
  return String.fromCodePoint(0x2800 + dots);
}

function build(
  name: SymbolSetName,
  width: number,
  height: number,
  glyph: (mask: number) => string,
): SymbolSet {
  const glyphs = Array.from({ length: 1 << (width * height) }, (_, mask) => glyph(mask));
  return { name, width, height, glyphs };
}

export const SYMBOL_SETS: Readonly<Record<SymbolSetName, SymbolSet>> = {
  half: build('half', 1, 2, (mask) => [' ', '▀', '▄', '█'][mask]!),
  quadrant: build('quadrant', 2, 2, (mask) => QUADRANTS[mask]!),
  sextant: build('sextant', 2, 3, sextantGlyph),
  braille: build('braille', 2, 4, brailleGlyph),
};
