/**
 * Where every pane goes for a terminal size. Pure, so the
 * panes know their exact inner widths (we wrap text ourselves) and tests can
 * check the arithmetic. The root is `rows - 1` tall: an Ink frame as tall as
 * the terminal makes Ink clear the screen on every render.
 */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 20;

export interface Size {
  width: number;
  height: number;
}

export interface Layout {
  root: Size;
  /** Outer sizes (borders included); inner = outer - 2 both ways. */
  messages: Size;
  users: Size;
  /** The call banner / call pane slot between the chat and the log; height 0 when unused. */
  call: Size;
  log: Size;
  input: Size;
  statusBar: Size;
}

export function tooSmall(columns: number, rows: number): boolean {
  return columns < MIN_COLUMNS || rows < MIN_ROWS;
}

export interface LayoutOptions {
  /** A video call is on screen: the log gives it rows (it keeps 2–4 lines). */
  compactLog?: boolean;
  /** Rows the chat (messages and users) keeps before the call pane gets any (default 6). */
  minChatRows?: number;
}

export function computeLayout(
  columns: number,
  rows: number,
  callRows = 0,
  options: LayoutOptions = {},
): Layout {
  const root = { width: columns, height: rows - 1 };
  const statusBar = { width: columns, height: 1 };
  const input = { width: columns, height: 3 };
  const logRows = options.compactLog
    ? Math.max(4, Math.min(6, Math.round(root.height * 0.12)))
    : Math.max(4, Math.min(10, Math.round(root.height * 0.2)));
  const log = { width: columns, height: logRows };
  const usersWidth = Math.max(20, Math.min(30, Math.round(columns * 0.2)));
  const available = root.height - statusBar.height - input.height - log.height;
  // The chat keeps at least 6 rows; a call pane gets what is left above that.
  const chatRows = options.minChatRows ?? 6;
  const call = { width: columns, height: Math.max(0, Math.min(callRows, available - chatRows)) };
  const mainHeight = available - call.height;
  return {
    root,
    messages: { width: columns - usersWidth, height: mainHeight },
    users: { width: usersWidth, height: mainHeight },
    call,
    log,
    input,
    statusBar,
  };
}

export function inner(size: Size): Size {
  return { width: Math.max(0, size.width - 2), height: Math.max(0, size.height - 2) };
}
