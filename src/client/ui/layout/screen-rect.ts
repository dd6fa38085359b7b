/**
 * Where an Ink box is on the screen, from Yoga's layout: its computed size,
 * and its offset summed up the tree (each node's left/top is relative to its
 * parent; Ink's root sits at the top-left corner, and the TUI's first line is
 * the screen's first line — src/cli/terminal-session.ts homes the cursor).
 * Read after Ink has laid out (an effect, or when Ink has written a frame).
 */
import type { DOMElement } from 'ink';
import type { ScreenRect } from '../../core/call-video-port.js';

export function screenRectOf(element: DOMElement | null): ScreenRect | null {
  const node = element?.yogaNode;
  if (!element || !node) return null;
  const width = Math.round(node.getComputedWidth());
  const height = Math.round(node.getComputedHeight());
  if (!(width > 0 && height > 0)) return null;
  let col = 0;
  let row = 0;
  for (let at: DOMElement | undefined = element; at; at = at.parentNode) {
    if (!at.yogaNode) break;
    col += at.yogaNode.getComputedLeft();
    row += at.yogaNode.getComputedTop();
  }
  return { row: Math.round(row), col: Math.round(col), width, height };
}
