/**
 * Video in the terminal for the call pane: each JPEG is rendered for the
 * pane's rectangle (decode + scale off the main thread, then cells) and
 * painted directly to stdout, newest frame first — while one frame renders,
 * later ones replace each other and only the last is drawn. Switching the
 * mode or resizing re-renders the last frame at once, no reconnect needed.
 * A hidden video (`setRect(null)`: viewer mode, camera off) renders and
 * paints nothing, but keeps the last frame for when it is shown again.
 */
import { createDirectPainter, type DirectPainter } from '../render/direct-painter.js';
import { renderJpegFrame } from '../render/frame-renderer.js';
import type { CellSymbols, Rect, RenderedFrame, RenderMode } from '../render/render-types.js';
import { createNewestWins } from '../newest-wins.js';

export interface TerminalVideoOptions {
  /** Where the escape sequences go (the terminal's stdout). */
  write: (data: string) => void;
  mode: RenderMode;
  /** What colour cells are drawn with (default half blocks). */
  symbols?: CellSymbols;
  /** `null`: hidden until `setRect` gives it a place. */
  rect: Rect | null;
}

export interface TerminalVideo {
  push(jpeg: Buffer): void;
  setMode(mode: RenderMode, symbols?: CellSymbols): void;
  /**
   * A new place (or `null` to hide). A move keeps the rendered frame and
   * paints it at once; a new size also re-renders the last JPEG for it.
   */
  setRect(rect: Rect | null): void;
  readonly rect: Rect | null;
  /** Paint the last frame again (after Ink redrew the screen over it). */
  repaint(): void;
  /** Stops drawing; blanks the rectangle unless `blank` is false (Ink redraws it anyway). */
  stop(options?: { blank?: boolean }): void;
  readonly stats: { rendered: number; dropped: number; failed: number; lastRenderMs: number };
}

export function sameRect(a: Rect | null, b: Rect | null): boolean {
  if (a === null || b === null) return a === b;
  return a.row === b.row && a.col === b.col && a.width === b.width && a.height === b.height;
}

export function createTerminalVideo(options: TerminalVideoOptions): TerminalVideo {
  const painter: DirectPainter = createDirectPainter(options.write);
  let mode = options.mode;
  let symbols: CellSymbols = options.symbols ?? 'half';
  let rect = options.rect;
  let last: Buffer | undefined;
  let lastFrame: RenderedFrame | undefined;
  let stopped = false;
  const stats = { rendered: 0, dropped: 0, failed: 0, lastRenderMs: 0 };

  const renderer = createNewestWins<Buffer>(
    async (jpeg) => {
      const target = rect;
      if (target === null) return;
      const startedMs = performance.now();
      const frame = await renderJpegFrame(jpeg, {
        mode,
        symbols,
        maxCols: target.width,
        maxRows: target.height,
      });
      // Hidden or stopped while it rendered: keep it for later, draw nothing now.
      if (stopped) return;
      lastFrame = frame;
      if (rect === null) return;
      painter.paint(rect, frame);
      stats.rendered += 1;
      stats.lastRenderMs = performance.now() - startedMs;
    },
    () => {
      stats.failed += 1; // a frame that does not decode is skipped, the next one may
    },
  );

  return {
    get stats() {
      return { ...stats, dropped: renderer.dropped };
    },
    get rect() {
      return rect;
    },
    push(jpeg) {
      if (stopped) return;
      last = jpeg;
      if (rect !== null) renderer.offer(jpeg);
    },
    setMode(next, nextSymbols = 'half') {
      if (next === mode && nextSymbols === symbols) return;
      mode = next;
      symbols = nextSymbols;
      if (last && rect !== null) renderer.offer(last);
    },
    setRect(next) {
      if (stopped || sameRect(rect, next)) return;
      const resized =
        next !== null &&
        (rect === null || rect.width !== next.width || rect.height !== next.height);
      rect = next;
      if (next === null) return;
      // Show what we have at once (centred, or blank when it no longer fits), then re-render.
      // Before the first frame, paint nothing: the pane's own text ("waiting for video") shows.
      if (lastFrame) painter.paint(next, lastFrame);
      if (resized && last) renderer.offer(last);
    },
    repaint() {
      if (!stopped && rect !== null) painter.repaint();
    },
    stop({ blank = true } = {}) {
      if (stopped) return;
      stopped = true;
      renderer.stop();
      if (blank) painter.clear();
    },
  };
}
