/**
 * The terminal around the TUI (issue 3 item 1): the alternate screen and
 * bracketed paste on the way in, and the normal screen, a visible cursor and
 * cooked mode back on EVERY way out — quit, Ctrl+C, server shutdown, a
 * crash, SIGTERM, SIGHUP. Ink 6.8 has no alternate-screen option (NOTES.md).
 */
// The alternate screen, cleared, cursor at the top-left: the TUI's first line is the screen's
// first line, which the call video relies on to paint at Yoga's coordinates (screen-rect.ts).
const ENTER = '\u001b[?1049h\u001b[H\u001b[2J\u001b[?2004h';
const LEAVE = '\u001b[?2004l\u001b[?1049l\u001b[?25h';

export interface TerminalSession {
  /** Idempotent; safe from an `exit` handler (synchronous writes only). */
  restore(): void;
  readonly restored: boolean;
}

export function enterTerminal(
  stdout: NodeJS.WriteStream,
  stdin: NodeJS.ReadStream,
): TerminalSession {
  let restored = false;
  // After SIGHUP the terminal is gone and writes fail with EIO: that must not crash the clean-up.
  stdout.on('error', () => {});
  stdout.write(ENTER);
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
