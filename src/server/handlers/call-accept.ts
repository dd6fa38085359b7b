/** `call_accept` (docs/protocol-v1.md §1.3 step 2): the callee answers; the caller learns where to connect. */
import type { CallAcceptRequest } from '../../protocol/messages.js';
import type { Handler } from './context.js';

export const handleCallAccept: Handler<CallAcceptRequest> = (context, session, request) => {
  const outcome = context.calls.accept(session.name!, request);
  return outcome.ok ? undefined : outcome;
};
