/**
 * What the server writes to its log (docs/protocol.md "Logs"): every connection,
 * registration, message, call signal, error, limit breach and shutdown is one
 * JSON line. Private text only with `logPrivate`; tokens (admin and call)
 * never reach this module. The only file of the server that knows winston's
 * call shape.
 */
import type winston from 'winston';
import type { Logger } from '../logging/create-logger.js';
import type { ErrorCode } from '../protocol/error-codes.js';
import type { MessageEvent } from '../protocol/messages.js';
import type { CallSignal } from './call-registry.js';

/** Limits of §1.4 that are logged when crossed. */
export type LimitKind =
  | 'server_full'
  | 'rate_limited'
  | 'slow_consumer'
  | 'line_too_long'
  | 'too_many_errors'
  | 'hello_timeout'
  | 'idle_timeout'
  | 'tls_required';

export interface ServerLog {
  listening(host: string, port: number): void;
  /** `tls`: the connection is encrypted (docs/security.md). */
  connected(conn: number, address: string | undefined, tls?: boolean): void;
  registered(conn: number, name: string, address: string | undefined, caps: string[]): void;
  disconnected(conn: number, name: string | undefined, reason: string): void;
  message(event: MessageEvent): void;
  call(signal: CallSignal): void;
  /** An `error` event sent to a client. */
  clientError(conn: number, name: string | undefined, code: ErrorCode, message: string): void;
  limit(kind: LimitKind, fields: Record<string, string | number | undefined>): void;
  shutdown(by: string, reason: string, clients: number): void;
  /** A cluster node's own events: Redis reachable or not, dead nodes reaped, names lost. */
  cluster(event: string, fields: Record<string, string | number | undefined>): void;
  stopped(): void;
}

export function createServerLog(
  logger: Logger,
  { logPrivate, node }: { logPrivate: boolean; node?: string | undefined },
): ServerLog {
  // A cluster node's id is on every line it writes (docs/protocol.md "Logs").
  if (node !== undefined) logger = withNode(logger, node);
  // `logger.log(info)` with a ready object is winston's cheapest call: no meta merging.
  const info = (message: string, fields: object): void => {
    logger.log({ level: 'info', message, ...fields });
  };
  const warn = (message: string, fields: object): void => {
    logger.log({ level: 'warn', message, ...fields });
  };
  return {
    listening: (host, port) => info('listening', { host, port }),
    connected: (conn, address, tls = false) => info('connected', { conn, address, tls }),
    registered: (conn, name, address, caps) => info('registered', { conn, name, address, caps }),
    disconnected: (conn, name, reason) => info('disconnected', { conn, name, reason }),
    message: (event) => {
      if (!event.private) {
        logger.log({
          level: 'info',
          message: 'message',
          id: event.id,
          from: event.from,
          text: event.text,
        });
      } else if (logPrivate) {
        info('private message', { id: event.id, from: event.from, to: event.to, text: event.text });
      } else {
        info('private message', { id: event.id, from: event.from, to: event.to });
      }
    },
    call: (signal) => info(`call ${signal.kind}`, signal),
    clientError: (conn, name, code, message) =>
      warn('error', { conn, name, code, detail: message }),
    limit: (kind, fields) => warn('limit', { limit: kind, ...fields }),
    shutdown: (by, reason, clients) => info('shutdown', { by, reason, clients }),
    stopped: () => info('stopped', {}),
    cluster: (event, fields) =>
      event === 'unreachable' ? warn(`cluster ${event}`, fields) : info(`cluster ${event}`, fields),
  };
}

function withNode(logger: Logger, node: string): Logger {
  return new Proxy(logger, {
    get(target, property, receiver) {
      if (property !== 'log') return Reflect.get(target, property, receiver) as unknown;
      return (entry: winston.LogEntry) => target.log({ ...entry, node });
    },
  });
}
