/**
 * Where each participant's video goes in the video pane (docs/media.md "In
 * the TUI"): one remote is the 1:1 layout of video-layout.ts, unchanged;
 * two sit side by side; three make a 2×2 with our own preview as the
 * fourth tile (the side column then keeps only the call keys). A tile of
 * a group call is its name line over a picture box shaped like a 4:3
 * picture in cells (a cell is twice as tall as wide: w cells wide is
 * w·3/8 rows), centred in the tile's share of the area. Pure: rectangles
 * relative to the top-left of the pane's inner area.
 */
import type { Size } from './layout.js';
import { computeVideoLayout, SIDE_KEYS, type VideoLayout } from './video-layout.js';

export interface CellRect {
  row: number;
  col: number;
  width: number;
  height: number;
}

export interface GridTile {
  /** The tile's whole share of the area. */
  cell: CellRect;
  /** The name line over the picture; null in a 1:1 call (the title names the peer). */
  label: CellRect | null;
  /** The picture's placeholder. */
  video: CellRect;
}

export interface VideoGrid {
  /** The 1:1 geometry: side column, preview, key rows, status line. */
  base: VideoLayout;
  /** The area the remote tiles share (left of the side column, above the status line). */
  area: Size;
  /** One tile per remote participant, in the order given. */
  remotes: GridTile[];
  /** Our own preview as the fourth tile of a 2×2; null: it stays in the side column. */
  self: GridTile | null;
}

/** A tchat call holds at most four people: three remote tiles. */
export const MAX_REMOTE_TILES = 3;
/** Columns between two tiles side by side. */
const TILE_GAP = 1;

export function computeVideoGrid(width: number, height: number, remoteCount: number): VideoGrid {
  const base = computeVideoLayout(width, height);
  const count = Math.max(1, Math.min(MAX_REMOTE_TILES, Math.floor(remoteCount)));
  const area = { width: base.remote.width, height: base.video.height };
  if (count === 1) {
    const whole = { row: 0, col: 0, ...area };
    return { base, area, remotes: [{ cell: whole, label: null, video: whole }], self: null };
  }
  const leftWidth = Math.floor((area.width - TILE_GAP) / 2);
  const columns = [
    { col: 0, width: Math.max(0, leftWidth) },
    { col: leftWidth + TILE_GAP, width: Math.max(0, area.width - TILE_GAP - leftWidth) },
  ];
  if (count === 2) {
    const cells = columns.map((c) => ({ row: 0, height: area.height, ...c }));
    return { base, area, remotes: cells.map(tileIn), self: null };
  }
  const topHeight = Math.floor(area.height / 2);
  const rows = [
    { row: 0, height: topHeight },
    { row: topHeight, height: area.height - topHeight },
  ];
  const cells = rows.flatMap((r) => columns.map((c) => ({ ...r, ...c })));
  return {
    base: withoutPreview(base),
    area,
    remotes: cells.slice(0, 3).map(tileIn),
    self: tileIn(cells[3]!),
  };
}

/** A name line and the largest 4:3 picture box under it, centred in the cell. */
function tileIn(cell: CellRect): GridTile {
  const room = Math.max(0, cell.height - 1);
  const width = Math.min(cell.width, Math.round((room * 8) / 3));
  const videoHeight = Math.min(room, Math.max(1, Math.round((width * 3) / 8)));
  const top = cell.row + Math.floor((cell.height - 1 - videoHeight) / 2);
  const col = cell.col + Math.floor((cell.width - width) / 2);
  return {
    cell,
    label: { row: top, col, width, height: 1 },
    video: { row: top + 1, col, width, height: room === 0 ? 0 : videoHeight },
  };
}

/** The preview moved into the grid: the side column lists the keys only. */
function withoutPreview(base: VideoLayout): VideoLayout {
  return {
    ...base,
    preview: { width: base.preview.width, height: 0 },
    keyRows: Math.max(0, Math.min(SIDE_KEYS, base.video.height)),
  };
}
