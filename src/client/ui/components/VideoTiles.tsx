/**
 * The remote participants of a group call as a grid of tiles (video-grid.ts
 * places them, video-tiles.ts says what each shows): per tile a name line —
 * a marker while that person talks, the name, the frames a second — over
 * an EMPTY picture box the painter draws into (call-video.ts; frames never
 * go through React). With three remotes the fourth tile is our own preview.
 */
import { Box, Text, type DOMElement } from 'ink';
import type { ReactNode, RefObject } from 'react';
import type { GridTile, VideoGrid } from '../layout/video-grid.js';
import { tileLabel, type VideoTile } from '../layout/video-tiles.js';
import { theme } from '../layout/theme.js';
import { truncateToWidth } from '../../../terminal/text-width.js';

export interface VideoTilesProps {
  grid: VideoGrid;
  tiles: readonly VideoTile[];
  /** What each tile without a picture says, by peer. */
  texts: ReadonlyMap<string, string | null>;
  /** Where each tile's picture box is mounted, by peer (the painter reads them). */
  refs: Map<string, DOMElement | null>;
  /** Our preview's box, for the fourth tile of a 2×2. */
  localRef: RefObject<DOMElement | null>;
  /** The self tile's name line ("you · mic muted"). */
  selfLabel: string;
  /** What the self tile says without a picture; null: it shows the preview. */
  selfText: string | null;
}

function Tile({
  tile,
  label,
  talking,
  text,
  boxRef,
}: {
  tile: GridTile;
  label: string;
  talking: boolean;
  text: string | null;
  boxRef: (element: DOMElement | null) => void;
}) {
  const { cell, video } = tile;
  const top = (tile.label?.row ?? video.row) - cell.row;
  return (
    <Box
      flexDirection="column"
      width={cell.width}
      height={cell.height}
      paddingTop={top}
      paddingLeft={video.col - cell.col}
      flexShrink={0}
    >
      <Box width={video.width} height={1} flexShrink={0}>
        <Text wrap="truncate-end" {...(talking ? { color: theme.ok, bold: true } : {})}>
          {label}
        </Text>
      </Box>
      <Box
        ref={boxRef}
        width={video.width}
        height={video.height}
        justifyContent="center"
        alignItems="center"
        flexShrink={0}
      >
        {text !== null && (
          <Text color={theme.dim} wrap="truncate-end">
            {truncateToWidth(text, video.width)}
          </Text>
        )}
      </Box>
    </Box>
  );
}

export function VideoTiles({
  grid,
  tiles,
  texts,
  refs,
  localRef,
  selfLabel,
  selfText,
}: VideoTilesProps) {
  const placed: { key: string; tile: GridTile; node: ReactNode }[] = grid.remotes.map((tile, i) => {
    const view = tiles[i]!;
    return {
      key: view.peer,
      tile,
      node: (
        <Tile
          key={view.peer}
          tile={tile}
          label={tileLabel(view, tile.video.width)}
          talking={view.talking}
          text={texts.get(view.peer) ?? null}
          boxRef={(element) => {
            refs.set(view.peer, element);
          }}
        />
      ),
    };
  });
  if (grid.self) {
    placed.push({
      key: '\u0000you',
      tile: grid.self,
      node: (
        <Tile
          key={'\u0000you'}
          tile={grid.self}
          label={truncateToWidth(`  ${selfLabel}`, grid.self.video.width)}
          talking={false}
          text={selfText}
          boxRef={(element) => {
            localRef.current = element;
          }}
        />
      ),
    });
  }
  // Rows of the grid, each a row of cells with the gaps between them.
  const rows = [...new Set(placed.map((p) => p.tile.cell.row))].sort((a, b) => a - b);
  return (
    <Box flexDirection="column" width={grid.area.width} height={grid.area.height} flexShrink={0}>
      {rows.map((row) => {
        const cells = placed.filter((p) => p.tile.cell.row === row);
        return (
          <Box key={row} flexDirection="row" flexShrink={0}>
            {cells.map((p, i) => {
              const previous = cells[i - 1]?.tile.cell;
              const gap = previous ? p.tile.cell.col - previous.col - previous.width : 0;
              return (
                <Box key={p.key} flexDirection="row" flexShrink={0}>
                  {gap > 0 && <Box width={gap} flexShrink={0} />}
                  {p.node}
                </Box>
              );
            })}
          </Box>
        );
      })}
    </Box>
  );
}
