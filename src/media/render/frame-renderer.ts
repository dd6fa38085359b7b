/**
 * One received JPEG → terminal lines for a pane of `maxCols`×`maxRows`
 * cells: read its size from the header, fit it keeping the aspect ratio,
 * decode and scale (off the main thread), then turn pixels into cells.
 * Throws for data that is not a decodable JPEG; callers drop such frames.
 */
import { readJpegInfo } from '../jpeg/jpeg-info.js';
import { renderAsciiLines } from './ascii.js';
import { renderAsciiColorLines } from './ascii-color.js';
import { decodeAndScale } from './decode-scale.js';
import { fitToCells } from './fit.js';
import { renderHalfBlockLines } from './half-block.js';
import type { CellSymbols, RenderedFrame, RenderMode, RgbImage } from './render-types.js';
import { renderSymbolLines } from './symbol-cells.js';
import { SYMBOL_SETS } from './symbol-sets.js';

export interface RenderTarget {
  mode: RenderMode;
  /** What colour cells are drawn with (default half blocks); plain `ascii` mode ignores it. */
  symbols?: CellSymbols;
  maxCols: number;
  maxRows: number;
  /** `contain` keeps the aspect ratio (default); `fill` stretches to the whole pane. */
  fit?: 'contain' | 'fill';
}

export async function renderJpegFrame(jpeg: Buffer, target: RenderTarget): Promise<RenderedFrame> {
  const info = readJpegInfo(jpeg);
  if (!info) throw new Error('not a JPEG');
  const { cols, rows } =
    target.fit === 'fill'
      ? { cols: target.maxCols, rows: target.maxRows }
      : fitToCells(info.width, info.height, target.maxCols, target.maxRows);
  if (cols === 0 || rows === 0) return { lines: [], cols: 0, rows: 0, mode: target.mode };
  const grid = pixelsPerCell(target.mode, target.symbols ?? 'half');
  const image = await decodeAndScale(jpeg, cols * grid.width, rows * grid.height);
  const lines = renderCells(image, target.mode, target.symbols ?? 'half');
  return { lines, cols, rows, mode: target.mode };
}

/** How many pixels across and down one cell shows. */
export function pixelsPerCell(
  mode: RenderMode,
  symbols: CellSymbols,
): { width: number; height: number } {
  if (mode === 'ascii' || symbols === 'ascii') return { width: 1, height: 1 };
  const set = SYMBOL_SETS[symbols];
  return { width: set.width, height: set.height };
}

/** Pixels (already `pixelsPerCell` per cell) → terminal lines. */
export function renderCells(image: RgbImage, mode: RenderMode, symbols: CellSymbols): string[] {
  if (mode === 'ascii') return renderAsciiLines(image);
  switch (symbols) {
    case 'half':
      return renderHalfBlockLines(image, mode);
    case 'ascii':
      return renderAsciiColorLines(image, mode);
    case 'quadrant':
    case 'sextant':
    case 'braille':
      return renderSymbolLines(image, SYMBOL_SETS[symbols], mode);
  }
}
