/**
 * How close a rendered frame is to its picture: terminal lines (ours or
 * chafa's) are parsed back into cells — glyph, foreground, background —
 * and each cell is drawn as pixels (the glyph's ink in the foreground, the
 * rest in the background) on a grid of 2×12 pixels per cell, where every
 * symbol set's pattern falls on whole pixels. The score is the mean absolute
 * difference per channel (0–255) against the source scaled to that grid:
 * lower is closer. Characters are drawn as a uniform blend by how much of
 * the cell they cover (our ASCII ramp's own steps); a glyph with no known
 * shape (chafa's other ASCII characters) is counted and drawn as half ink.
 */
import { ASCII_RAMP } from '../../src/media/render/ascii.js';
import { SYMBOL_SETS } from '../../src/media/render/symbol-sets.js';

export const CELL_PX_W = 2;
export const CELL_PX_H = 12;

type Rgb = [number, number, number];
interface Cell {
  glyph: string;
  fg: Rgb;
  bg: Rgb;
}

/** Ink coverage of a glyph on the 2×12 grid (1 ink, 0 paper; fractions for characters). */
const SHAPES = new Map<string, Float32Array>();
for (const set of Object.values(SYMBOL_SETS)) {
  const pw = CELL_PX_W / set.width;
  const ph = CELL_PX_H / set.height;
  set.glyphs.forEach((glyph, mask) => {
    const shape = new Float32Array(CELL_PX_W * CELL_PX_H);
    for (let y = 0; y < CELL_PX_H; y++)
      for (let x = 0; x < CELL_PX_W; x++) {
        const bit = Math.floor(y / ph) * set.width + Math.floor(x / pw);
        shape[y * CELL_PX_W + x] = mask & (1 << bit) ? 1 : 0;
      }
    SHAPES.set(glyph, shape);
  });
}
[...ASCII_RAMP].forEach((char, i) => {
  if (char !== ' ') SHAPES.set(char, new Float32Array(CELL_PX_W * CELL_PX_H).fill(i / 9));
});
SHAPES.set('\u2800', new Float32Array(CELL_PX_W * CELL_PX_H)); // blank Braille

/** What a terminal with a black background and light grey text shows without colour codes. */
const DEFAULT_FG: Rgb = [229, 229, 229];
const DEFAULT_BG: Rgb = [0, 0, 0];

/** Parses SGR colour codes (truecolor, inverse, resets; combined or not) and glyphs into cells. */
export function parseCells(lines: readonly string[]): Cell[][] {
  return lines.map((line) => {
    const cells: Cell[] = [];
    let fg: Rgb = DEFAULT_FG;
    let bg: Rgb = DEFAULT_BG;
    let inverse = false;
    for (let i = 0; i < line.length;) {
      if (line[i] === '\u001b' && line[i + 1] === '[') {
        const end = line.slice(i + 2).search(/[A-Za-z]/);
        const final = line[i + 2 + end];
        const params = line.slice(i + 2, i + 2 + end);
        i += 3 + end;
        if (final !== 'm') continue;
        const p = params === '' ? [0] : params.split(';').map(Number);
        for (let k = 0; k < p.length; k++) {
          const v = p[k]!;
          if (v === 0) [fg, bg, inverse] = [DEFAULT_FG, DEFAULT_BG, false];
          else if (v === 7) inverse = true;
          else if (v === 27) inverse = false;
          else if (v === 39) fg = DEFAULT_FG;
          else if (v === 49) bg = DEFAULT_BG;
          else if ((v === 38 || v === 48) && p[k + 1] === 2) {
            const c: Rgb = [p[k + 2]!, p[k + 3]!, p[k + 4]!];
            if (v === 38) fg = c;
            else bg = c;
            k += 4;
          }
        }
        continue;
      }
      const glyph = String.fromCodePoint(line.codePointAt(i)!);
      i += glyph.length;
      cells.push(inverse ? { glyph, fg: bg, bg: fg } : { glyph, fg, bg });
    }
    return cells;
  });
}

/** Mean absolute error per channel against `reference` (cols·2 × rows·12 RGB), and unknown glyphs. */
export function cellError(
  lines: readonly string[],
  reference: Uint8Array,
  cols: number,
  rows: number,
): { meanError: number; unknownGlyphs: number } {
  const cells = parseCells(lines);
  const width = cols * CELL_PX_W;
  const half = new Float32Array(CELL_PX_W * CELL_PX_H).fill(0.5);
  let sum = 0;
  let unknownGlyphs = 0;
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const cell = cells[row]?.[col] ?? { glyph: ' ', fg: DEFAULT_FG, bg: DEFAULT_BG };
      let shape = SHAPES.get(cell.glyph) ?? (cell.glyph === ' ' ? undefined : null);
      if (shape === null) {
        unknownGlyphs++;
        shape = half;
      }
      for (let y = 0; y < CELL_PX_H; y++)
        for (let x = 0; x < CELL_PX_W; x++) {
          const ink = shape ? shape[y * CELL_PX_W + x]! : 0;
          const p = ((row * CELL_PX_H + y) * width + col * CELL_PX_W + x) * 3;
          for (let c = 0; c < 3; c++) {
            const drawn = cell.fg[c]! * ink + cell.bg[c]! * (1 - ink);
            sum += Math.abs(drawn - reference[p + c]!);
          }
        }
    }
  }
  return { meanError: sum / (cols * rows * CELL_PX_W * CELL_PX_H * 3), unknownGlyphs };
}
