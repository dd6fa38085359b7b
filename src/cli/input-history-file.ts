/**
 * The input line's history, kept between sessions: one file per server
 * (`host:port`) in the config dir — `$TCHAT_CONFIG_DIR`, else
 * `$XDG_CONFIG_HOME/tchat`, else `~/.config/tchat` — the dir 0700, the file
 * 0600 (what people type is private). One JSON string per line, oldest
 * first, so a line with line breaks stays one entry; bounded to the newest
 * MAX_SAVED_LINES. Lines that carry a secret (`/shutdown TOKEN`) are never
 * written. A file that cannot be read or written costs the history, never
 * the chat: the error is reported once and the session goes on without it.
 */
import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_HISTORY } from '../client/core/line-editor.js';

/** As many as the line editor keeps. */
export const MAX_SAVED_LINES = MAX_HISTORY;

/** `history-127.0.0.1-7777.jsonl`; a host's other characters (IPv6 `:`) become `_`. */
export function historyFileName(host: string, port: number): string {
  return `history-${host.replace(/[^A-Za-z0-9.-]/g, '_')}-${port}.jsonl`;
}

/** Whether a line may be saved: not empty, no admin token in it. */
export function isSaveable(line: string): boolean {
  return line.trim() !== '' && !/^\/shutdown\b/i.test(line.trimStart());
}

export interface InputHistoryFile {
  /** Newest first, as the line editor keeps it. */
  readonly lines: readonly string[];
  /** Appends one submitted line (ignored when not saveable or the file failed before). */
  record(line: string): void;
}

export function openInputHistory(
  dir: string,
  host: string,
  port: number,
  onError: (message: string) => void,
): InputHistoryFile {
  const file = path.join(dir, historyFileName(host, port));
  let failed = false;
  const fail = (action: string, error: unknown): void => {
    if (failed) return;
    failed = true;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    onError(`input history not ${action} ${file} (${code}); this session keeps it in memory only`);
  };
  let saved: string[] = [];
  try {
    saved = parseLines(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') fail('read from', error);
  }
  let count = saved.length;
  return {
    lines: saved.slice(-MAX_SAVED_LINES).reverse(),
    record(line) {
      if (failed || !isSaveable(line)) return;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        chmodSync(dir, 0o700);
        appendFileSync(file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
        chmodSync(file, 0o600);
        count += 1;
        saved.push(line);
        // Let the file grow to twice the bound, then rewrite it: one rewrite per 1,000 lines.
        if (count > 2 * MAX_SAVED_LINES) {
          saved = saved.slice(-MAX_SAVED_LINES);
          writeFileSync(file, saved.map((l) => `${JSON.stringify(l)}\n`).join(''), { mode: 0o600 });
          count = saved.length;
        }
        if (saved.length > 2 * MAX_SAVED_LINES) saved = saved.slice(-MAX_SAVED_LINES);
      } catch (error) {
        fail('saved in', error);
      }
    },
  };
}

/** Lines of the file, oldest first; a line that is not a JSON string is skipped. */
export function parseLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'string' && value.trim() !== '') out.push(value);
    } catch {
      // A torn last line (the machine stopped mid-write) loses that line only.
    }
  }
  return out;
}
