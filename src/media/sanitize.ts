/**
 * Text that came from the peer or a child process, made safe to show in the
 * terminal (issue 4 item 5): control characters (C0, DEL, C1 — which include
 * ESC and CSI) become U+FFFD, and the length is capped.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;

export function sanitizeForTerminal(text: string, maxChars = 200): string {
  const clean = text.replace(CONTROL, '\uFFFD');
  return clean.length > maxChars ? `${clean.slice(0, maxChars - 1)}…` : clean;
}
