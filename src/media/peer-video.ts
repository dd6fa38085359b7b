/**
 * One remote participant's video in the terminal: its own `TerminalVideo`
 * (newest frame wins, rendered for its own tile's size), when its last
 * frame came, its frame rate over the last second, and the `view_size`
 * reports for its tile (view-size-reporter.ts). call-video.ts holds one per
 * participant, keyed by name.
 */
import type { ViewSize } from '../protocol/view-size.js';
import type { CellSymbols, Rect, RenderMode } from './render/render-types.js';
import { createTerminalVideo, type TerminalVideo } from './sinks/terminal-video.js';
import { createViewSizeReporter, type ViewSizeReporter } from './view-size-reporter.js';

/** The most pixels a look draws a cell from (Braille: 2×4), so no look is short of them. */
export const PIXELS_PER_CELL = { width: 2, height: 4 } as const;
/** What the browser viewer shows: full frames (docs/protocol-v1.md §2's largest). */
export const VIEWER_VIEW_SIZE: ViewSize = { width: 1280, height: 720 };

export interface PeerVideo {
  readonly video: TerminalVideo;
  lastAtMs: number;
  /** Frames a second, updated by `measure`. */
  readonly fps: number;
  push(jpeg: Buffer, atMs: number): void;
  /** Recomputes `fps` when a second has passed; true when it changed. */
  measure(atMs: number): boolean;
  /** The tile's size in pixels is now this (the sender is told, rate-limited). */
  showAt(size: ViewSize): void;
  stop(): void;
}

export function viewSizeOfCells(rect: Rect): ViewSize {
  return {
    width: rect.width * PIXELS_PER_CELL.width,
    height: rect.height * PIXELS_PER_CELL.height,
  };
}

export function createPeerVideo(options: {
  write: (data: string) => void;
  mode: RenderMode;
  symbols: CellSymbols;
  sendViewSize: (size: ViewSize) => void;
  now: () => number;
}): PeerVideo {
  const video = createTerminalVideo({
    write: options.write,
    mode: options.mode,
    symbols: options.symbols,
    rect: null,
  });
  const reporter: ViewSizeReporter = createViewSizeReporter(options.sendViewSize, {
    now: options.now,
  });
  let frames = 0;
  let windowStartMs = options.now();
  let fps = 0;
  return {
    video,
    lastAtMs: -Infinity,
    get fps() {
      return fps;
    },
    push(jpeg, atMs) {
      this.lastAtMs = atMs;
      frames += 1;
      video.push(jpeg);
    },
    measure(atMs) {
      const elapsed = atMs - windowStartMs;
      if (elapsed < 1000) return false;
      const next = Math.round((frames * 1000 * 10) / elapsed) / 10;
      frames = 0;
      windowStartMs = atMs;
      if (next === fps) return false;
      fps = next;
      return true;
    },
    showAt(size) {
      reporter.update(size);
    },
    stop() {
      reporter.stop();
      video.stop({ blank: false });
    },
  };
}
