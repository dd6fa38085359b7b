/**
 * Group calls (docs/protocol.md "Group calls"): `call_invite` rings one more
 * person into a call; `call_link` / `call_link_accept` relay the media
 * handshake of one pair of members.
 */
import type {
  CallInviteRequest,
  CallLinkAcceptRequest,
  CallLinkRequest,
} from '../../protocol/messages.js';
import type { Handler } from './context.js';

export const handleCallInvite: Handler<CallInviteRequest> = (context, session, request) => {
  const outcome = context.calls.invite(
    session.name!,
    request.callId,
    request.to,
    request.ref,
    request.fingerprintCommitment,
  );
  return outcome.ok ? undefined : outcome;
};

export const handleCallLink: Handler<CallLinkRequest | CallLinkAcceptRequest> = (
  context,
  session,
  request,
) => {
  const outcome = context.calls.link(session.name!, request);
  return outcome.ok ? undefined : outcome;
};
