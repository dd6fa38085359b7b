/**
 * SGR (1006) mouse reports → mouse events. Pure. With `ESC[?1000h` and
 * `ESC[?1006h` (src/cli/terminal-session.ts) a terminal reports presses,
 * releases and the wheel as `ESC [ < button ; column ; row M` (press) or
 * `… m` (release); columns and rows count from 1. The button number's low
 * bits name the button, 4/8/16 are Shift/Alt/Ctrl, 32 is motion, 64 the wheel.
 */

export type MouseEvent =
  | { kind: 'wheel'; direction: 'up' | 'down'; column: number; row: number }
  | { kind: 'press'; button: 'left' | 'middle' | 'right'; column: number; row: number }
  | { kind: 'release' | 'other'; column: number; row: number };

// eslint-disable-next-line no-control-regex -- the report starts with ESC
const SGR_MOUSE = /^\u001b\[<(\d{1,4});(\d{1,5});(\d{1,5})([Mm])$/;
const BUTTONS = ['left', 'middle', 'right'] as const;

export function decodeMouse(sequence: string): MouseEvent | null {
  const match = SGR_MOUSE.exec(sequence);
  if (!match) return null;
  const code = Number(match[1]);
  const column = Number(match[2]);
  const row = Number(match[3]);
  const press = match[4] === 'M';
  if (code & 64) {
    // 64 up, 65 down; 66/67 are horizontal wheels, which nothing here scrolls.
    const low = code & 3;
    if (low > 1) return { kind: 'other', column, row };
    return { kind: 'wheel', direction: low === 0 ? 'up' : 'down', column, row };
  }
  if (!press) return { kind: 'release', column, row };
  const button = BUTTONS[code & 3];
  if (button === undefined || code & 32) return { kind: 'other', column, row };
  return { kind: 'press', button, column, row };
}
