/**
 * The only place winston is configured. Server and client both log one JSON
 * object per line to a size-rotated file; the server also prints one readable
 * line per event to the console, and the client feeds its log pane through an
 * extra transport.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import winston from 'winston';
import type Transport from 'winston-transport';

export type Logger = winston.Logger;

export interface FileLoggerOptions {
  /** Folder of the log file; created when missing. */
  dir: string;
  /** File name inside `dir`, e.g. `server.log`. */
  fileName: string;
  level?: string;
  /** Rotate when a file reaches this size. */
  maxFileBytes?: number;
  /** Keep this many files (the current one included). */
  maxFiles?: number;
  /** Also print one readable line per event on stdout. */
  console?: boolean;
  /** More destinations, e.g. the client's log pane. */
  transports?: Transport[];
}

export const DEFAULT_MAX_LOG_FILE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_LOG_FILES = 10;

export function createFileLogger(options: FileLoggerOptions): Logger {
  mkdirSync(options.dir, { recursive: true });
  const transports: Transport[] = [
    new winston.transports.File({
      filename: path.join(options.dir, options.fileName),
      maxsize: options.maxFileBytes ?? DEFAULT_MAX_LOG_FILE_BYTES,
      maxFiles: options.maxFiles ?? DEFAULT_MAX_LOG_FILES,
      // The newest lines always live in `fileName`; older ones move to fileName1, 2, …
      tailable: true,
      format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    }),
    ...(options.transports ?? []),
  ];
  if (options.console) {
    transports.push(new winston.transports.Console({ format: readableLine }));
  }
  return winston.createLogger({ level: options.level ?? 'info', transports, exitOnError: false });
}

/** `14:02:11 info  message from=alice id=3` — one line, control characters escaped. */
export const readableLine = winston.format.printf((info) => {
  const { level, message, timestamp: _ts, ...fields } = info;
  const time = new Date().toTimeString().slice(0, 8);
  const details = Object.entries(fields)
    .filter(([key]) => typeof key === 'string')
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(' ');
  return `${time} ${level.padEnd(5)} ${String(message)}${details ? ` ${details}` : ''}`;
});

function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // JSON-escape anything that could break the line or drive the terminal.
  return /[\s"\\\p{Cc}]/u.test(text) ? JSON.stringify(text) : text;
}

/**
 * Ends the logger and resolves once every file transport has flushed its
 * last line (winston ≥ 3.19; see NOTES.md "winston log loss").
 */
export async function closeLogger(logger: Logger): Promise<void> {
  const files = logger.transports.filter(
    (t): t is InstanceType<typeof winston.transports.File> => t instanceof winston.transports.File,
  );
  const flushed = files.map(
    (file) =>
      new Promise<void>((resolve) => {
        if (file.writableFinished) resolve();
        else file.once('finish', () => resolve());
      }),
  );
  const finished = new Promise<void>((resolve) => logger.once('finish', () => resolve()));
  logger.end();
  await Promise.all([finished, ...flushed]);
}
