/**
 * Paints a rendered frame straight to the terminal, bypassing React
 * (truecolor through Ink costs ~350 ms a frame; painted directly ≈ 6 ms). One
 * write per frame, wrapped in a synchronized update so the terminal shows it
 * whole: `ESC[?2026h`, save cursor `ESC7`, `ESC[row;colH` + one line per
 * row, restore `ESC8`, `ESC[?2026l`. The frame is centred in the rectangle
 * and the rest of the rectangle is cleared. Ink's own redraws blank the
 * placeholder box, so the UI calls `repaint()` after Ink writes.
 */
import type { Rect, RenderedFrame } from './render-types.js';

const CSI = '\u001b[';
export const SYNC_BEGIN = `${CSI}?2026h`;
export const SYNC_END = `${CSI}?2026l`;
export const SAVE_CURSOR = '\u001b7';
export const RESTORE_CURSOR = '\u001b8';

/** The whole escape sequence that paints `frame` into `rect` (pure, for tests and the painter). */
export function buildPaintSequence(rect: Rect, frame: RenderedFrame | undefined): string {
  const { width, height } = rect;
  if (width <= 0 || height <= 0) return '';
  const fits = frame !== undefined && frame.cols <= width && frame.rows <= height;
  const top = fits ? Math.floor((height - frame.rows) / 2) : height;
  const left = fits ? Math.floor((width - frame.cols) / 2) : 0;
  const blank = ' '.repeat(width);
  let out = SYNC_BEGIN + SAVE_CURSOR + `${CSI}0m`;
  for (let y = 0; y < height; y++) {
    out += `${CSI}${rect.row + y + 1};${rect.col + 1}H`;
    const line = fits ? frame.lines[y - top] : undefined;
    if (line === undefined) {
      out += blank;
      continue;
    }
    out += ' '.repeat(left) + line + ' '.repeat(width - left - frame!.cols);
  }
  return out + `${CSI}0m` + RESTORE_CURSOR + SYNC_END;
}

export interface DirectPainter {
  /** Paints `frame` into `rect` and remembers both for `repaint`. */
  paint(rect: Rect, frame: RenderedFrame | undefined): void;
  /** Paints the last frame again (after Ink redrew the screen). */
  repaint(): void;
  /** Blanks the last rectangle and forgets it (the pane went away). */
  clear(): void;
}

export function createDirectPainter(write: (data: string) => void): DirectPainter {
  let last: { rect: Rect; frame: RenderedFrame | undefined } | undefined;
  return {
    paint(rect, frame) {
      last = { rect, frame };
      write(buildPaintSequence(rect, frame));
    },
    repaint() {
      if (last) write(buildPaintSequence(last.rect, last.frame));
    },
    clear() {
      if (last) write(buildPaintSequence(last.rect, undefined));
      last = undefined;
    },
  };
}
