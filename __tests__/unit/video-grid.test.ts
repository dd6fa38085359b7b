import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLayout } from '../../src/client/ui/layout/layout.js';
import {
  computeVideoGrid,
  type CellRect,
  type VideoGrid,
} from '../../src/client/ui/layout/video-grid.js';
import {
  computeVideoLayout,
  MIN_VIDEO_PANE_ROWS,
} from '../../src/client/ui/layout/video-layout.js';

/** The video pane a terminal gets during a call (App.tsx: the chat keeps 8, then 6 rows). */
function paneFor(columns: number, rows: number): { width: number; height: number } {
  for (const minChatRows of [8, 6]) {
    const { call } = computeLayout(columns, rows, rows, { compactLog: true, minChatRows });
    if (call.height >= MIN_VIDEO_PANE_ROWS) return call;
  }
  throw new Error(`no video pane at ${columns}×${rows}`);
}

const TERMINALS = [
  [80, 24],
  [120, 40],
  [200, 60],
] as const;

function inside(
  inner: CellRect,
  outer: { row?: number; col?: number; width: number; height: number },
) {
  const row = outer.row ?? 0;
  const col = outer.col ?? 0;
  return (
    inner.row >= row &&
    inner.col >= col &&
    inner.row + inner.height <= row + outer.height &&
    inner.col + inner.width <= col + outer.width
  );
}

function overlap(a: CellRect, b: CellRect): boolean {
  return (
    a.row < b.row + b.height &&
    b.row < a.row + a.height &&
    a.col < b.col + b.width &&
    b.col < a.col + a.width
  );
}

/** Every tile in the area, none over another, a name line right over a non-empty 4:3-ish picture. */
function assertSaneGrid(grid: VideoGrid, where: string): void {
  const tiles = [...grid.remotes, ...(grid.self ? [grid.self] : [])];
  const boxes = tiles.flatMap((t) => [t.video, ...(t.label ? [t.label] : [])]);
  for (const [i, tile] of tiles.entries()) {
    assert.ok(inside(tile.cell, grid.area), `${where}: tile ${i} cell inside the area`);
    assert.ok(inside(tile.video, tile.cell), `${where}: tile ${i} picture inside its cell`);
    assert.ok(tile.video.width > 0 && tile.video.height > 0, `${where}: tile ${i} has a picture`);
    if (tile.label) {
      assert.deepEqual(
        [tile.label.row + 1, tile.label.col, tile.label.height],
        [tile.video.row, tile.video.col, 1],
        `${where}: tile ${i} name line over its picture`,
      );
      // A cell is twice as tall as wide: a 4:3 picture is 8/3 cells wide per row.
      const aspect = tile.video.width / tile.video.height;
      assert.ok(aspect >= 2.2 && aspect <= 3.2, `${where}: tile ${i} aspect ${aspect}`);
    }
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      assert.ok(!overlap(boxes[i]!, boxes[j]!), `${where}: boxes ${i} and ${j} overlap`);
}

test('one remote is the 1:1 layout, unchanged: the whole area, no name line, preview at the side', () => {
  for (const [columns, rows] of TERMINALS) {
    const { width, height } = paneFor(columns, rows);
    const grid = computeVideoGrid(width, height, 1);
    const today = computeVideoLayout(width, height);
    assert.deepEqual(grid.base, today);
    assert.deepEqual(grid.remotes, [
      {
        cell: { row: 0, col: 0, width: today.remote.width, height: today.video.height },
        label: null,
        video: { row: 0, col: 0, width: today.remote.width, height: today.video.height },
      },
    ]);
    assert.equal(grid.self, null);
  }
});

test('two remotes sit side by side, each with a name line, at 80×24, 120×40 and 200×60', () => {
  for (const [columns, rows] of TERMINALS) {
    const { width, height } = paneFor(columns, rows);
    const grid = computeVideoGrid(width, height, 2);
    const where = `${columns}×${rows} (pane ${width}×${height})`;
    assert.equal(grid.remotes.length, 2);
    assert.equal(grid.self, null);
    assertSaneGrid(grid, where);
    const [left, right] = grid.remotes as [VideoGrid['remotes'][0], VideoGrid['remotes'][0]];
    assert.equal(left.cell.row, right.cell.row, `${where}: same row`);
    assert.ok(left.cell.col + left.cell.width < right.cell.col, `${where}: left, a gap, right`);
    assert.ok(Math.abs(left.cell.width - right.cell.width) <= 1, `${where}: equal halves`);
    assert.ok(grid.base.preview.height > 0 || height < 14, `${where}: preview stays at the side`);
  }
});

test('three remotes make a 2×2 with our own preview as the fourth tile', () => {
  for (const [columns, rows] of TERMINALS) {
    const { width, height } = paneFor(columns, rows);
    const grid = computeVideoGrid(width, height, 3);
    const where = `${columns}×${rows} (pane ${width}×${height})`;
    assert.equal(grid.remotes.length, 3);
    assert.ok(grid.self, `${where}: a self tile`);
    assertSaneGrid(grid, where);
    const [a, b, c] = grid.remotes.map((t) => t.cell) as [CellRect, CellRect, CellRect];
    const self = grid.self.cell;
    assert.deepEqual(
      [a.row, b.row, c.row, self.row].map((r) => (r === 0 ? 'top' : 'bottom')),
      ['top', 'top', 'bottom', 'bottom'],
    );
    assert.equal(a.col, c.col, `${where}: first column`);
    assert.equal(b.col, self.col, `${where}: the preview is bottom right`);
    assert.equal(grid.base.preview.height, 0, `${where}: no second preview in the side column`);
    assert.ok(grid.base.keyRows >= 4 || height < 8, `${where}: the keys are listed`);
  }
});

test('the numbers at 200×60 (pane 200×43): big tiles, the picture 4:3 in cells', () => {
  const grid = computeVideoGrid(200, 43, 2);
  // Inner 198×41, video rows 40, side column 30 + gap: 167 columns shared by two.
  assert.deepEqual(grid.area, { width: 167, height: 40 });
  assert.deepEqual(grid.remotes[0], {
    cell: { row: 0, col: 0, width: 83, height: 40 },
    label: { row: 4, col: 0, width: 83, height: 1 },
    video: { row: 5, col: 0, width: 83, height: 31 },
  });
});

test('a resize lays the grid out again; more remotes than three still make three tiles', () => {
  const small = computeVideoGrid(120, 24, 3);
  const big = computeVideoGrid(200, 43, 3);
  assert.notDeepEqual(small.remotes, big.remotes);
  assert.ok(big.remotes[0]!.video.width > small.remotes[0]!.video.width);
  assert.equal(computeVideoGrid(200, 43, 7).remotes.length, 3);
  assert.equal(computeVideoGrid(200, 43, 0).remotes.length, 1);
  // The smallest pane App shows still gives every tile a picture row.
  assertSaneGrid(computeVideoGrid(80, MIN_VIDEO_PANE_ROWS, 3), 'the smallest pane');
  assertSaneGrid(computeVideoGrid(80, MIN_VIDEO_PANE_ROWS, 2), 'the smallest pane');
});
