/**
 * Closing the server's winston logger without losing lines (issue 2, item 4:
 * "nothing is lost on a graceful stop").
 *
 * Measured with winston 3.19: when the File transport applies backpressure,
 * lines wait in the logger's own readable buffer; `logger.end()` ends the
 * transports at once (Logger#_final), so those lines are then written after
 * end: they are lost and an 'error' event is emitted on the logger. Waiting
 * until the logger's buffers are empty before ending avoids both.
 */
import { closeLogger, type Logger } from '../logging/create-logger.js';

const POLL_MS = 5;

/** Resolves once every line handed to `logger` has reached its transports, then closes it. */
export async function drainAndCloseLogger(logger: Logger, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (logger.readableLength > 0 || logger.writableLength > 0) {
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  await closeLogger(logger);
}

/** Logging trouble (disk full, …) must not crash the server: report it once on stderr. */
export function reportLoggerErrors(logger: Logger, report: (message: string) => void): void {
  let reported = false;
  logger.on('error', (error: unknown) => {
    if (reported) return;
    reported = true;
    report(
      `tchat server: logging failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
}
