/** `shutdown` (docs/protocol-v1.md §1.1): with the admin token the server stops, else `forbidden`. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ShutdownRequest } from '../../protocol/messages.js';
import type { Handler } from './context.js';

export const DEFAULT_SHUTDOWN_REASON = 'the server is shutting down';

export const handleShutdown: Handler<ShutdownRequest> = (context, session, request) => {
  if (!sameSecret(request.token, context.options.adminToken)) {
    return { code: ErrorCode.forbidden, message: 'wrong admin token' };
  }
  context.shutdown(session.name!, request.reason ?? DEFAULT_SHUTDOWN_REASON, {
    session,
    ...(request.ref !== undefined && { ref: request.ref }),
  });
  return undefined;
};

/** Constant time whatever the lengths: compare digests, not the strings. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
