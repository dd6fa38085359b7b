/** `call` (docs/protocol-v1.md §1.3 step 1): ring the callee. */
import type { CallRequest } from '../../protocol/messages.js';
import type { Handler } from './context.js';

export const handleCall: Handler<CallRequest> = (context, session, request) => {
  // The commitment of an encrypted call is relayed untouched (docs/protocol.md "Calls").
  const outcome = context.calls.start(
    session.name!,
    request.to,
    request.media,
    request.ref,
    request.fingerprintCommitment,
    request.also,
  );
  return outcome.ok ? undefined : outcome;
};
