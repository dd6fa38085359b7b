/**
 * The log file transport for winston: lines are collected during an
 * event-loop turn and written together, synchronously, by `flushSync()`
 * (called by the server before it writes to any socket, so a message is in
 * the log before anyone can have received it: a `kill -9` loses no line of
 * a delivered message) or at the end of the turn at the latest.
 *
 * Why not winston's own File transport: with `maxsize` it loses lines around
 * each rotation (winstonjs/winston#1655, still open; measured here with
 * winston 3.19: 98,404 of 100,000 lines kept at 1 MB per file), and its
 * asynchronous writes may land after the process died. The file itself
 * (rotation, whole lines on a full disk, a deleted folder) is LogFile.
 *
 * Lines that cannot be written (disk full, …) are counted, never glued: the
 * owner hears once when writing starts failing and once when it works again
 * (with the count), and the file gets a `log lines lost` line then.
 */
import { MESSAGE } from 'triple-beam';
import Transport from 'winston-transport';
import { LogFile, type LogFileOptions } from './log-file.js';
import { describeFsError, LOG_DIR_MODE } from './prepare-log-dir.js';

export interface RotatingFileOptions extends Omit<LogFileOptions, 'mode' | 'dirMode'> {
  /** Permissions of the files (default 0o600) and of a folder made for them (default 0o700). */
  mode?: number;
  dirMode?: number;
  /**
   * Told once per change: lines started being lost, or writing works again.
   * Without it, the start of a failure is an 'error' event instead.
   */
  onHealth?: (change: LogHealthChange) => void;
}

export type LogHealthChange =
  | { state: 'failing'; reason: string; error: unknown }
  | { state: 'recovered'; lost: number; reason: string };

export const LOG_FILE_MODE = 0o600;

export class RotatingFileTransport extends Transport {
  private readonly file: LogFile;
  private batch: string[] = [];
  private scheduled = false;
  /** Why lines are being lost, while they are. */
  private failing: string | undefined = undefined;
  /** Lost lines not yet recorded in the file. */
  private unreported = 0;
  private lostInAll = 0;
  /** Lost since writing last started failing. */
  private lostWhileFailing = 0;

  constructor(private readonly options: RotatingFileOptions) {
    super();
    this.file = new LogFile({
      ...options,
      mode: options.mode ?? LOG_FILE_MODE,
      dirMode: options.dirMode ?? LOG_DIR_MODE,
    });
  }

  /** Lines that could not be written since the start. */
  get lostLines(): number {
    return this.lostInAll;
  }

  override log(info: Record<string | symbol, unknown>, callback: () => void): void {
    this.batch.push(String(info[MESSAGE]));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushAtTurnEnd);
    }
    callback();
  }

  /** Writes every line collected so far; returns once they are handed to the OS. */
  flushSync(): void {
    if (this.batch.length === 0) return;
    const lines = this.batch;
    this.batch = [];
    const notice = this.unreported > 0 ? 1 : 0;
    if (notice === 1) lines.unshift(lostLine(this.unreported, this.failing ?? 'unknown'));
    const outcome = this.file.append(lines);
    for (const warning of outcome.warnings) this.emit('error', warning);
    const lostHere = Math.min(outcome.lost, lines.length - notice);
    if (notice === 1 && outcome.lost < lines.length) this.unreported = 0; // the notice made it
    if (lostHere === 0) {
      this.recovered();
      return;
    }
    this.unreported += lostHere;
    this.lostInAll += lostHere;
    if (this.failing === undefined) this.lostWhileFailing = 0;
    this.lostWhileFailing += lostHere;
    if (this.failing === undefined) {
      this.failing = describeFsError(outcome.error);
      const { onHealth } = this.options;
      if (onHealth !== undefined)
        onHealth({ state: 'failing', reason: this.failing, error: outcome.error });
      else this.emit('error', outcome.error ?? new Error(this.failing));
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flushSync();
    this.file.close();
    callback();
  }

  private readonly flushAtTurnEnd = (): void => {
    this.scheduled = false;
    this.flushSync();
  };

  private recovered(): void {
    if (this.failing === undefined) return;
    const reason = this.failing;
    this.failing = undefined;
    this.options.onHealth?.({ state: 'recovered', lost: this.lostWhileFailing, reason });
  }
}

/** The line that records lost lines in the file itself, shaped like winston's. */
function lostLine(lost: number, reason: string): string {
  return JSON.stringify({
    level: 'warn',
    message: 'log lines lost',
    lost,
    reason,
    timestamp: new Date().toISOString(),
  });
}
