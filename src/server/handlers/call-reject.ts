/** `call_reject` (docs/protocol-v1.md §1.3): the callee declines a ringing call. */
import type { CallRejectRequest } from '../../protocol/messages.js';
import type { Handler } from './context.js';

export const handleCallReject: Handler<CallRejectRequest> = (context, session, request) => {
  const outcome = context.calls.reject(session.name!, request.callId, request.reason);
  return outcome.ok ? undefined : outcome;
};
