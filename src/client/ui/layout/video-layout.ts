/**
 * The video pane's geometry for its outer size: the peer's
 * video takes the room, our preview sits in a side column above the call
 * keys, and the last inner row is the status line. Pure, so the arithmetic
 * is tested without a terminal.
 */
import type { Size } from './layout.js';

export interface VideoLayout {
  inner: Size;
  /** The row holding the two video areas (everything but the status line). */
  video: Size;
  remote: Size;
  gap: number;
  side: Size;
  /** Height 0: no room for a preview. One column narrower than the side: off the border. */
  preview: Size;
  /** How many key lines fit under the preview. */
  keyRows: number;
}

/** The keys listed in the side column: mute, camera, video output, hang up. */
export const SIDE_KEYS = 4;
/** Rows a video pane needs to be worth showing (else the one-line call status is shown). */
export const MIN_VIDEO_PANE_ROWS = 8;

export function computeVideoLayout(width: number, height: number): VideoLayout {
  const inner = { width: Math.max(0, width - 2), height: Math.max(0, height - 2) };
  const video = { width: inner.width, height: Math.max(0, inner.height - 1) };
  const sideWidth = Math.max(16, Math.min(30, Math.round(inner.width * 0.24)));
  const gap = 1;
  const remote = { width: Math.max(0, inner.width - sideWidth - gap), height: video.height };
  // A 4:3 picture `w` cells wide is w·3/4/2 rows (a cell is twice as tall as wide); the
  // preview gets that, less what the label, a blank line and the keys need.
  const wanted = Math.round(((sideWidth - 1) * 3) / 8);
  let previewHeight = Math.min(wanted, video.height - 2 - SIDE_KEYS);
  if (previewHeight < 3) previewHeight = 0;
  const used = previewHeight > 0 ? previewHeight + 2 : 0;
  return {
    inner,
    video,
    remote,
    gap,
    side: { width: sideWidth, height: video.height },
    preview: { width: sideWidth - 1, height: previewHeight },
    keyRows: Math.max(0, Math.min(SIDE_KEYS, video.height - used)),
  };
}
