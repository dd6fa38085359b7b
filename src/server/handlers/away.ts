/**
 * `away` (docs/protocol.md "Away"): a reason marks the sender away, none (or
 * an empty one) marks them back. Everyone gets `user_away`; the reason is a
 * field of the user in every user list, and whoever whispers an away user is
 * told on their own copy of the message (whisper.ts).
 */
import type { AwayRequest } from '../../protocol/messages.js';
import type { Handler } from './context.js';

export const handleAway: Handler<AwayRequest> = (context, session, request) => {
  const reason = request.reason?.trim();
  context.hub.setAway(session.name!, reason === '' ? undefined : reason);
  return undefined;
};
