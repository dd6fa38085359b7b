/**
 * The client's log: winston to `logs/client-NAME.log` plus a
 * transport that feeds the log pane. NAME is the name the server registered
 * us under (`open` is called on `registered`, never with a name refused as
 * taken), so lines logged before that are kept and written when the file
 * opens; a session that never got a name writes them to `client.log` when it
 * ends. Lines the core already put in the pane carry `fromPane` so the pane
 * transport does not show them twice. A file that cannot be opened or written
 * leaves pane-only logging, said once in the pane: the chat goes on.
 */
import Transport from 'winston-transport';
import type { ChatClient } from '../client/core/chat-client.js';
import type { LogEntry, LogLevel } from '../client/core/state.js';
import { checkName } from '../protocol/names.js';
import { closeLogger, createFileLogger, type Logger } from '../logging/create-logger.js';
import { describeFsError } from '../logging/prepare-log-dir.js';

const LEVELS: ReadonlySet<string> = new Set<LogLevel>(['debug', 'info', 'warn', 'error']);
const MAX_PENDING = 1_000;

/** Shows winston lines from other parts of the client (e.g. the media layer) in the log pane. */
export class LogPaneTransport extends Transport {
  constructor(private readonly client: ChatClient) {
    super({ level: 'info' });
  }

  override log(info: Record<string, unknown>, next: () => void): void {
    if (info.fromPane !== true) {
      const level =
        typeof info.level === 'string' && LEVELS.has(info.level)
          ? (info.level as LogLevel)
          : 'info';
      this.client.appendLog(level, String(info.message));
    }
    next();
  }
}

export interface ClientLogs {
  /** Give it to `createChatClient({ onLog })`. */
  onLog(entry: LogEntry): void;
  /** Opens `client-NAME.log` for the registered name; later calls are ignored. */
  open(name: string, client: ChatClient): void;
  /** The winston logger once open (for other parts, e.g. the media layer). */
  readonly logger: Logger | null;
  close(): Promise<void>;
}

/**
 * `client-alice.log`. The name comes from the server's `welcome`: anything
 * that is not a valid name (a hostile `../x`) must not pick the path.
 */
export function clientLogFileName(name: string): string {
  const check = checkName(name);
  return check.ok ? `client-${check.name}.log` : 'client.log';
}

export function createClientLogs(logDir: string): ClientLogs {
  let logger: Logger | null = null;
  /** The file could not be opened or written: pane only from then on. */
  let failed = false;
  /** A logger that failed while open: closed at the end, briefly, for its file handle. */
  let broken: Logger | null = null;
  let pending: LogEntry[] = [];
  const write = (target: Logger, entry: LogEntry): void => {
    target.log({
      level: entry.level,
      message: entry.text,
      fromPane: true,
      at: new Date(entry.ts).toISOString(),
    });
  };
  const createLogger = (fileName: string, onError: (error: unknown) => void, pane?: Transport) =>
    createFileLogger({
      dir: logDir,
      fileName,
      level: 'debug',
      transports: pane ? [pane] : [],
      onError,
    });
  return {
    get logger() {
      return logger;
    },
    onLog(entry) {
      if (logger) write(logger, entry);
      else if (!failed && pending.length < MAX_PENDING) pending.push(entry);
    },
    open(name, client) {
      if (logger || failed) return;
      const fileName = clientLogFileName(name);
      const giveUp = (error: unknown): void => {
        if (failed) return;
        failed = true;
        broken = logger;
        logger = null;
        pending = [];
        client.log(
          'warn',
          `the log file ${fileName} in ${logDir} cannot be written (${describeFsError(error)}); logging to this pane only`,
        );
      };
      try {
        logger = createLogger(fileName, giveUp, new LogPaneTransport(client));
      } catch (error) {
        giveUp(error);
        return;
      }
      for (const entry of pending) write(logger, entry);
      pending = [];
    },
    async close() {
      if (!logger && !failed && pending.length > 0) {
        // Never registered: keep what happened (e.g. why connecting failed) in client.log.
        try {
          logger = createLogger('client.log', () => {});
          for (const entry of pending) write(logger, entry);
        } catch {
          logger = null;
        }
        pending = [];
      }
      if (logger) await closeLogger(logger);
      if (broken) await closeLogger(broken, 1_000).catch(() => {});
    },
  };
}
