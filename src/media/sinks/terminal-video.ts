/**
 * Video in the terminal for the call pane: each JPEG is rendered for the
 * pane's rectangle (decode + scale off the main thread, then cells) and
 * painted directly to stdout, newest frame first — while one frame renders,
 * later ones replace each other and only the last is drawn. Switching the
 * mode or resizing re-renders the last frame at once, no reconnect needed.
 */
import { createDirectPainter, type DirectPainter } from '../render/direct-painter.js';
import { renderJpegFrame } from '../render/frame-renderer.js';
import type { Rect, RenderMode } from '../render/render-types.js';
import { createNewestWins } from '../newest-wins.js';

export interface TerminalVideoOptions {
  /** Where the escape sequences go (the terminal's stdout). */
  write: (data: string) => void;
  mode: RenderMode;
  rect: Rect;
}

export interface TerminalVideo {
  push(jpeg: Buffer): void;
  setMode(mode: RenderMode): void;
  setRect(rect: Rect): void;
  /** Paint the last frame again (after Ink redrew the screen over it). */
  repaint(): void;
  /** Stops drawing and blanks the rectangle. */
  stop(): void;
  readonly stats: { rendered: number; dropped: number; failed: number; lastRenderMs: number };
}

export function createTerminalVideo(options: TerminalVideoOptions): TerminalVideo {
  const painter: DirectPainter = createDirectPainter(options.write);
  let mode = options.mode;
  let rect = options.rect;
  let last: Buffer | undefined;
  let stopped = false;
  const stats = { rendered: 0, dropped: 0, failed: 0, lastRenderMs: 0 };

  const renderer = createNewestWins<Buffer>(
    async (jpeg) => {
      const startedMs = performance.now();
      const target = { mode, maxCols: rect.width, maxRows: rect.height };
      const frame = await renderJpegFrame(jpeg, target);
      if (stopped) return;
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
    push(jpeg) {
      if (stopped) return;
      last = jpeg;
      renderer.offer(jpeg);
    },
    setMode(next) {
      mode = next;
      if (last) renderer.offer(last);
    },
    setRect(next) {
      rect = next;
      if (last) renderer.offer(last);
      else painter.paint(rect, undefined);
    },
    repaint() {
      if (!stopped) painter.repaint();
    },
    stop() {
      stopped = true;
      renderer.stop();
      painter.clear();
    },
  };
}
