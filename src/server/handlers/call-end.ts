/** `call_end` (docs/protocol-v1.md §1.3 step 3): either party cancels a ringing call or hangs up. */
import type { CallEndRequest } from '../../protocol/messages.js';
import type { Handler } from './context.js';

export const handleCallEnd: Handler<CallEndRequest> = (context, session, request) => {
  const outcome = context.calls.end(session.name!, request.callId, request.reason);
  return outcome.ok ? undefined : outcome;
};
