/**
 * `tchat --chat-log`: every message and notice the messages pane shows, one
 * line each, appended to a daily file in the log dir,
 * `chat-HOST-PORT-YYYY-MM-DD.log` (local date of the message), mode 0600.
 * Text is made terminal-safe (a `cat` of the log must not run escape
 * sequences someone sent) and its line breaks become ` ⏎ `. A file that
 * cannot be written is reported once; the chat goes on.
 */
import { appendFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { listAt } from '../client/core/chunked-list.js';
import type { ClientState, TimelineEntry } from '../client/core/state.js';
import { sanitizeForTerminal } from '../terminal/sanitize.js';

const two = (n: number): string => String(n).padStart(2, '0');

export function chatLogFileName(host: string, port: number, ts: number): string {
  const d = new Date(ts);
  const day = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  return `chat-${host.replace(/[^A-Za-z0-9.-]/g, '_')}-${port}-${day}.log`;
}

/** `22:15:04 <bob> hello`, `22:15:04 * bob waves`, `… [private to bob] <alice> hi`, `… -- bob joined`. */
export function chatLogLine(entry: TimelineEntry): string {
  const d = new Date(entry.ts);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const safe = (text: string): string =>
    sanitizeForTerminal(text, { multiline: true }).replaceAll('\n', ' ⏎ ');
  if (entry.kind === 'notice') return `${time} -- ${safe(entry.text)}`;
  const from = safe(entry.from);
  const where = !entry.private
    ? ''
    : entry.own
      ? `[private to ${safe(entry.to ?? '?')}] `
      : '[private] ';
  const who = entry.action === true ? `* ${from}` : `<${from}>`;
  return `${time} ${where}${who} ${safe(entry.text)}`;
}

export interface ChatLog {
  /** Writes the entries added since the last call. */
  update(state: ClientState): void;
}

export function createChatLog(
  logDir: string,
  host: string,
  port: number,
  onError: (message: string) => void,
): ChatLog {
  let lastSeq = 0;
  let failed = false;
  const opened = new Set<string>();
  return {
    update(state) {
      const timeline = state.timeline;
      // New entries are at the end (seq grows); `/clear` empties the list but never reuses a seq.
      let first = timeline.length;
      while (first > 0 && listAt(timeline, first - 1)!.seq > lastSeq) first -= 1;
      if (first === timeline.length || failed) {
        if (first < timeline.length) lastSeq = listAt(timeline, timeline.length - 1)!.seq;
        return;
      }
      const byFile = new Map<string, string[]>();
      for (let i = first; i < timeline.length; i++) {
        const entry = listAt(timeline, i)!;
        const file = path.join(logDir, chatLogFileName(host, port, entry.ts));
        const lines = byFile.get(file) ?? [];
        lines.push(chatLogLine(entry));
        byFile.set(file, lines);
        lastSeq = entry.seq;
      }
      try {
        for (const [file, lines] of byFile) {
          appendFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
          if (!opened.has(file)) {
            chmodSync(file, 0o600);
            opened.add(file);
          }
        }
      } catch (error) {
        failed = true;
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        onError(`chat log not written (${code}); the chat goes on without it`);
      }
    },
  };
}
