/**
 * The terminal around the TUI: the alternate screen, bracketed paste and
 * mouse reporting on the way in, and the normal screen, no mouse reporting,
 * a visible cursor and cooked mode back on EVERY way out — quit, Ctrl+C,
 * server shutdown, a crash, SIGTERM, SIGHUP. Ink 6.8 has no
 * alternate-screen option, so we switch it ourselves.
 */
// The alternate screen, cleared, cursor at the top-left: the TUI's first line is the screen's
// first line, which the call video relies on to paint at Yoga's coordinates (screen-rect.ts).
const ENTER = '\u001b[?1049h\u001b[H\u001b[2J\u001b[?2004h';
// Button presses and the wheel (1000), reported as SGR `ESC[<b;x;yM` (1006), which has no
// 223-column limit and is decoded by src/client/ui/keys/mouse-decoder.ts.
const MOUSE_ON = '\u001b[?1000h\u001b[?1006h';
// Mouse reporting off even when it was never on: a crash must not leave the shell's terminal
// sending mouse reports as typed text.
const LEAVE = '\u001b[?1006l\u001b[?1000l\u001b[?2004l\u001b[?1049l\u001b[?25h';

export interface TerminalOptions {
  /** Report the mouse (wheel, clicks); off leaves the terminal's own text selection. */
  mouse?: boolean;
}

export interface TerminalSession {
  /** Idempotent; safe from an `exit` handler (synchronous writes only). */
  restore(): void;
  readonly restored: boolean;
}

export function enterTerminal(
  stdout: NodeJS.WriteStream,
  stdin: NodeJS.ReadStream,
  options: TerminalOptions = {},
): TerminalSession {
  let restored = false;
  // After SIGHUP the terminal is gone and writes fail with EIO: that must not crash the clean-up.
  stdout.on('error', () => {});
  stdout.write(options.mouse === false ? ENTER : ENTER + MOUSE_ON);
  const restore = (): void => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
      stdout.write(LEAVE);
    } catch {
      // Nothing left to restore on a terminal that is gone.
    }
  };
  // The last resort: whatever path ends the process, leave the alternate screen.
  process.once('exit', restore);
  return {
    restore,
    get restored() {
      return restored;
    },
  };
}
