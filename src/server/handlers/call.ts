/** `call` (PROTOCOL.md §1.3 step 1): ring the callee. */
import type { CallRequest } from '../../protocol/messages.js';
import type { Handler } from './context.js';

export const handleCall: Handler<CallRequest> = (context, session, request) => {
  const outcome = context.calls.start(session.name!, request.to, request.media, request.ref);
  return outcome.ok ? undefined : outcome;
};
