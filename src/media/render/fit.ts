/**
 * How many cells an image gets inside a pane, keeping its aspect ratio. A
 * terminal cell is about twice as tall as wide: in ASCII one cell is one
 * pixel 1:2; with half blocks one cell is two square pixels. Either way an
 * image W×H shown `cols` wide takes `cols·H/W/2` rows. Pure.
 */

export interface CellSize {
  cols: number;
  rows: number;
}

export function fitToCells(
  imageWidth: number,
  imageHeight: number,
  maxCols: number,
  maxRows: number,
): CellSize {
  if (imageWidth <= 0 || imageHeight <= 0 || maxCols <= 0 || maxRows <= 0)
    return { cols: 0, rows: 0 };
  const aspect = imageWidth / imageHeight;
  const cols = Math.max(1, Math.min(maxCols, Math.floor(maxRows * 2 * aspect)));
  const rows = Math.max(1, Math.min(maxRows, Math.round(cols / aspect / 2)));
  return { cols, rows };
}
