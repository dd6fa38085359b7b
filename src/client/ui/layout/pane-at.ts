/**
 * Which pane is under a screen cell, for the mouse (wheel and clicks). Pure,
 * from the same layout the screen is drawn with (layout.ts): messages and
 * users side by side at the top, then the call slot, the log, the input
 * line and the status bar. Columns and rows count from 1, as mouse reports do.
 */
import type { Focus } from '../keys/keymap.js';
import type { Layout } from './layout.js';

export function paneAt(layout: Layout, column: number, row: number): Focus | null {
  if (column < 1 || row < 1 || column > layout.root.width) return null;
  let top = 1;
  const band = (height: number): boolean => {
    const inside = row >= top && row < top + height;
    top += height;
    return inside;
  };
  if (band(layout.messages.height)) return column <= layout.messages.width ? 'messages' : 'users';
  if (band(layout.call.height)) return 'call';
  if (band(layout.log.height)) return 'log';
  if (band(layout.input.height)) return 'input';
  return null;
}
