/**
 * One size-rotated, append-only log file, written synchronously in whole
 * lines (the transport hands it a batch per event-loop turn).
 *
 * - Whole lines only: a write cut short (disk full: ENOSPC, a quota, a file
 *   size limit) is truncated back to its last complete line, so the line
 *   after it is never glued onto a fragment and every line stays valid
 *   JSON. The lines that did not make it are counted and returned.
 * - A file or folder deleted while running is noticed before each write
 *   (the open file has no name left) and made again: logging goes on.
 * - New files get `mode` (0600: the log may hold private messages) and new
 *   folders `dirMode`, whatever the umask.
 * - Rotation renames (winston's `tailable` scheme: `server.log` holds the
 *   newest lines, then `server1.log`, …), which cannot lose a line.
 */
import {
  closeSync,
  existsSync,
  fchmodSync,
  fstatSync,
  ftruncateSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { makeDirs } from './prepare-log-dir.js';

export interface LogFileOptions {
  filename: string;
  /** Rotate before a line would make the current file larger than this. */
  maxFileBytes: number;
  /** Files kept, the current one included (at least 1). */
  maxFiles: number;
  /** Permissions of the log files (0o600 unless the group may read them). */
  mode: number;
  /** Permissions of a folder made for them. */
  dirMode: number;
  /** `fs.writeSync`, replaceable in tests to fail like a full disk. */
  write?: (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
}

export interface AppendOutcome {
  /** Lines that could not be written (the last ones of the batch). */
  lost: number;
  /** Why, when some were lost. */
  error?: unknown;
  /** Trouble that lost nothing (a rotation rename that failed, …), to report. */
  warnings: unknown[];
}

const NEWLINE = 0x0a;
const REOPEN_INTERVAL_MS = 1_000;

export class LogFile {
  private fd: number | undefined;
  private sizeBytes = 0;
  /** When opening last failed: a failing open is retried at most once a second. */
  private lastOpenFailureMs = -Infinity;
  private readonly write: NonNullable<LogFileOptions['write']>;

  /** Opens (or creates) the file at once; throws if it cannot. */
  constructor(private readonly options: LogFileOptions) {
    this.write = options.write ?? writeSync;
    this.fd = this.open();
  }

  /** Appends `lines` (each without its newline), rotating as needed. */
  append(lines: readonly string[]): AppendOutcome {
    const warnings: unknown[] = [];
    const ready = this.ensureOpen(warnings);
    if (ready !== undefined) return { lost: lines.length, error: ready, warnings };
    const { maxFileBytes } = this.options;
    let chunk = '';
    let chunkBytes = 0;
    let chunkLines = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = `${lines[i]}\n`;
      const bytes = Buffer.byteLength(line);
      if (this.sizeBytes + chunkBytes > 0 && this.sizeBytes + chunkBytes + bytes > maxFileBytes) {
        const failure = this.writeWhole(chunk, chunkLines);
        if (failure !== undefined) {
          return { lost: failure.lost + lines.length - i, error: failure.error, warnings };
        }
        this.rotate(warnings);
        chunk = '';
        chunkBytes = 0;
        chunkLines = 0;
      }
      chunk += line;
      chunkBytes += bytes;
      chunkLines += 1;
    }
    const failure = this.writeWhole(chunk, chunkLines);
    return failure === undefined ? { lost: 0, warnings } : { ...failure, warnings };
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Nothing is left to lose: every write was synchronous.
    }
    this.fd = undefined;
  }

  /** Writes `text` (whole lines); on failure keeps only its complete lines in the file. */
  private writeWhole(
    text: string,
    lineCount: number,
  ): { lost: number; error: unknown } | undefined {
    if (lineCount === 0) return undefined;
    const fd = this.fd!;
    const bytes = Buffer.from(text);
    let written = 0;
    let error: unknown;
    while (written < bytes.length) {
      try {
        const count = this.write(fd, bytes, written, bytes.length - written);
        if (count <= 0)
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        written += count;
      } catch (caught) {
        error = caught;
        break;
      }
    }
    if (written === bytes.length) {
      this.sizeBytes += written;
      return undefined;
    }
    const whole = written === 0 ? 0 : bytes.lastIndexOf(NEWLINE, written - 1) + 1;
    if (whole < written) {
      try {
        // The cut line goes: the next line must start on a line of its own.
        ftruncateSync(fd, fstatSync(fd).size - (written - whole));
      } catch (truncateError) {
        error ??= truncateError;
      }
    }
    this.sizeBytes += whole;
    return { lost: lineCount - countNewlines(bytes, whole), error };
  }

  /** Undefined when the file is open under its name; else the reason it cannot be. */
  private ensureOpen(warnings: unknown[]): unknown {
    if (this.fd !== undefined) {
      try {
        if (fstatSync(this.fd).nlink > 0) return undefined;
      } catch (error) {
        warnings.push(error);
      }
      // Deleted under us (the file, or its whole folder): a new one, under the same name.
      this.close();
    }
    const now = Date.now();
    if (now - this.lastOpenFailureMs < REOPEN_INTERVAL_MS) {
      return new Error('the log file cannot be opened');
    }
    try {
      this.fd = this.open();
      return undefined;
    } catch (error) {
      this.lastOpenFailureMs = now;
      return error;
    }
  }

  private open(): number {
    const { filename, mode, dirMode } = this.options;
    makeDirs(path.dirname(path.resolve(filename)), dirMode);
    const fd = openSync(filename, 'a', mode);
    const stat = fstatSync(fd);
    if (stat.isFile() && (stat.mode & 0o777) !== mode) {
      try {
        fchmodSync(fd, mode); // the umask may have narrowed it; an older file may be wider
      } catch {
        // Someone else's file: leave its permissions alone.
      }
    }
    this.sizeBytes = stat.size;
    return fd;
  }

  /**
   * Renames the files one step down and opens a fresh one. Someone may have
   * moved or deleted them meanwhile (logrotate, a tidy-up): that is reported
   * and logging goes on in whatever file can be opened, never a crash.
   */
  private rotate(warnings: unknown[]): void {
    const { filename, maxFiles } = this.options;
    try {
      if (maxFiles <= 1) {
        unlinkIfPresent(filename);
      } else {
        unlinkIfPresent(numbered(filename, maxFiles - 1));
        for (let i = maxFiles - 2; i >= 1; i--) {
          renameIfPresent(numbered(filename, i), numbered(filename, i + 1));
        }
        renameIfPresent(filename, numbered(filename, 1));
      }
    } catch (error) {
      warnings.push(error);
    }
    const old = this.fd;
    try {
      this.fd = this.open();
    } catch (error) {
      // Keep writing to the file we have (its descriptor still works) and try again later.
      warnings.push(error);
      this.sizeBytes = 0;
      return;
    }
    if (old !== undefined) closeSync(old);
  }
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (
    let at = bytes.indexOf(NEWLINE);
    at !== -1 && at < end;
    at = bytes.indexOf(NEWLINE, at + 1)
  ) {
    count += 1;
  }
  return count;
}

/** `logs/server.log`, 2 → `logs/server2.log` */
function numbered(filename: string, index: number): string {
  const { dir, name, ext } = path.parse(filename);
  return path.join(dir, `${name}${index}${ext}`);
}

function renameIfPresent(from: string, to: string): void {
  if (existsSync(from)) renameSync(from, to);
}

function unlinkIfPresent(file: string): void {
  if (existsSync(file)) unlinkSync(file);
}
