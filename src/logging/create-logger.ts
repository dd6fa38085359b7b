/**
 * The only place winston is configured. Server and client both log one JSON
 * object per line to a size-rotated file; the server also prints one readable
 * line per event to the console, and the client feeds its log pane through an
 * extra transport.
 */
import path from 'node:path';
import winston from 'winston';
import type Transport from 'winston-transport';
import { LOG_DIR_MODE, prepareLogDir } from './prepare-log-dir.js';
import {
  LOG_FILE_MODE,
  RotatingFileTransport,
  type LogHealthChange,
} from './rotating-file-transport.js';

export type { LogHealthChange } from './rotating-file-transport.js';

export type Logger = winston.Logger;

export interface FileLoggerOptions {
  /** Folder of the log file; created when missing (an unusable one throws with the reason). */
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
  /** Logging failed (disk full, …); without it such errors are ignored. */
  onError?: (error: unknown) => void;
  /** Told once per change: log lines started being lost, or writing works again (with the count). */
  onHealth?: (change: LogHealthChange) => void;
  /** Let the file's group read it (0640 and a 0750 folder instead of 0600 and 0700). */
  groupRead?: boolean;
}

export const DEFAULT_MAX_LOG_FILE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_LOG_FILES = 10;

export function createFileLogger(options: FileLoggerOptions): Logger {
  const dirMode = options.groupRead === true ? 0o750 : LOG_DIR_MODE;
  const dir = prepareLogDir(options.dir, dirMode);
  if (!dir.ok) throw new Error(dir.message);
  const transports: Transport[] = [
    new RotatingFileTransport({
      filename: path.join(options.dir, options.fileName),
      maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_LOG_FILE_BYTES,
      maxFiles: options.maxFiles ?? DEFAULT_MAX_LOG_FILES,
      mode: options.groupRead === true ? 0o640 : LOG_FILE_MODE,
      dirMode,
      ...(options.onHealth !== undefined && { onHealth: options.onHealth }),
    }),
    ...(options.transports ?? []),
  ];
  let consoleTransport: Transport | undefined;
  if (options.console) {
    consoleTransport = new winston.transports.Console({ format: readableLine });
    transports.push(consoleTransport);
  }
  const logger = winston.createLogger({
    level: options.level ?? 'info',
    // Serialized once here for every transport that has no format of its own
    // (a format per transport would stringify each line again).
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports,
    exitOnError: false,
  });
  // A failing disk must not crash the program; the caller decides whom to tell.
  logger.on('error', (error: unknown) => options.onError?.(error));
  if (consoleTransport !== undefined) {
    // A closed stdout (`tchat server | head`, a terminal gone) must not crash
    // the server with EPIPE: the console stops, the file goes on.
    const console = consoleTransport;
    process.stdout.on('error', (error: unknown) => {
      if (!logger.transports.includes(console)) return;
      logger.remove(console);
      options.onError?.(error);
    });
  }
  return logger;
}

/** `14:02:11 info  message from=alice id=3` — one line, control characters escaped. */
export const readableLine = winston.format.printf((info) => {
  const { level, message, timestamp: _ts, ...fields } = info;
  const time = new Date().toTimeString().slice(0, 8);
  const details = Object.entries(fields)
    // A field left unset (the name of a connection that never registered) is left out, not `undefined`.
    .filter(([key, value]) => typeof key === 'string' && value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(' ');
  return `${time} ${level.padEnd(5)} ${String(message)}${details ? ` ${details}` : ''}`;
});

function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (!/[\s"\\\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u.test(text)) return text;
  // Quoted, and anything that could break the line or drive the terminal as
  // a \uXXXX escape: JSON leaves DEL, C1 controls, bidi overrides, line
  // separators and invisible letters (U+3164) as they are, so those are escaped here too.
  return JSON.stringify(text).replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu,
    (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
}

/**
 * Hands every log line collected so far to the OS, synchronously: the server
 * calls it before each socket write, so whatever a client can have received
 * is already in the file (it survives a `kill -9`). Lines reach the file
 * transport synchronously from `logger.log` (its callback returns at once,
 * so winston never holds them back).
 */
export function flushLogSync(logger: Logger): void {
  for (const transport of logger.transports) {
    if (transport instanceof RotatingFileTransport) transport.flushSync();
  }
}

/** `flushLogSync` for a logger whose transports no longer change: the hot path of every socket write. */
export function logFlusher(logger: Logger): () => void {
  const files = logger.transports.filter(
    (transport): transport is RotatingFileTransport => transport instanceof RotatingFileTransport,
  );
  if (files.length === 1) {
    const file = files[0]!;
    return () => file.flushSync();
  }
  return () => files.forEach((file) => file.flushSync());
}

/**
 * Ends the logger once every line handed to it has reached its transports,
 * and resolves when the files have flushed.
 *
 * Why wait first: winston's Logger is a Transform piped into its transports.
 * Lines a backed-up transport has not taken yet sit in the logger's readable
 * buffer, and `logger.end()` ends the transports without waiting for them
 * (Logger#_final), so they would be lost.
 */
export async function closeLogger(logger: Logger, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((logger.readableLength > 0 || logger.writableLength > 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const finished = logger.transports.map(
    (transport) =>
      new Promise<void>((resolve) => {
        if (transport.writableFinished) resolve();
        else transport.once('finish', () => resolve());
      }),
  );
  logger.end();
  // A transport whose file failed may never finish: a stop must not hang on it.
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
  });
  await Promise.race([Promise.all(finished), gaveUp]);
  clearTimeout(timer);
}
