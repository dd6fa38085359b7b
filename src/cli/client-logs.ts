/**
 * The client's log (issue 3 item 7): winston to `logs/client-NAME.log` plus a
 * transport that feeds the log pane. The name is known only once the user
 * chose it, so lines logged before that are kept and written when the file
 * opens. Lines the core already put in the pane carry `fromPane` so the pane
 * transport does not show them twice.
 */
import Transport from 'winston-transport';
import type { ChatClient } from '../client/core/chat-client.js';
import type { LogEntry, LogLevel } from '../client/core/state.js';
import { closeLogger, createFileLogger, type Logger } from '../logging/create-logger.js';

const LEVELS: ReadonlySet<string> = new Set<LogLevel>(['debug', 'info', 'warn', 'error']);

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
  /** Opens `client-NAME.log`; later calls are ignored. */
  open(name: string, client: ChatClient): void;
  /** The winston logger once open (for other parts, e.g. the media layer). */
  readonly logger: Logger | null;
  close(): Promise<void>;
}

export function createClientLogs(logDir: string): ClientLogs {
  let logger: Logger | null = null;
  let pending: LogEntry[] = [];
  const write = (target: Logger, entry: LogEntry): void => {
    target.log({
      level: entry.level,
      message: entry.text,
      fromPane: true,
      at: new Date(entry.ts).toISOString(),
    });
  };
  return {
    get logger() {
      return logger;
    },
    onLog(entry) {
      if (logger) write(logger, entry);
      else if (pending.length < 1_000) pending.push(entry);
    },
    open(name, client) {
      if (logger) return;
      logger = createFileLogger({
        dir: logDir,
        fileName: `client-${name}.log`,
        level: 'debug',
        transports: [new LogPaneTransport(client)],
      });
      for (const entry of pending) write(logger, entry);
      pending = [];
    },
    async close() {
      if (logger) await closeLogger(logger);
    },
  };
}
