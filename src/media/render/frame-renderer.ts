/**
 * One received JPEG → terminal lines for a pane of `maxCols`×`maxRows`
 * cells: read its size from the header, fit it keeping the aspect ratio,
 * decode and scale (off the main thread), then turn pixels into cells.
 * Throws for data that is not a decodable JPEG; callers drop such frames.
 */
import { readJpegInfo } from '../jpeg/jpeg-info.js';
import { renderAsciiLines } from './ascii.js';
import { decodeAndScale } from './decode-scale.js';
import { fitToCells } from './fit.js';
import { renderHalfBlockLines } from './half-block.js';
import type { RenderedFrame, RenderMode } from './render-types.js';

export interface RenderTarget {
  mode: RenderMode;
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
  const pixelRows = target.mode === 'ascii' ? rows : rows * 2;
  const image = await decodeAndScale(jpeg, cols, pixelRows);
  const lines =
    target.mode === 'ascii' ? renderAsciiLines(image) : renderHalfBlockLines(image, target.mode);
  return { lines, cols, rows, mode: target.mode };
}
