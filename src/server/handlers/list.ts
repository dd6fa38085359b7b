/** `list` (docs/protocol-v1.md §1.1): reply `users`, everyone registered, the sender included. */
import type { ListRequest } from '../../protocol/messages.js';
import { listReplyParts } from '../user-list-reply.js';
import { refOf, type Handler } from './context.js';

export const handleList: Handler<ListRequest> = (context, session, request) => {
  const head = { type: 'users' as const, ...refOf(request) };
  session.sendPrepared(
    // docs/protocol.md "Long user lists": users that do not fit follow as `joined` lines.
    () => listReplyParts(head, context.hub.usersSnapshot()),
    () => ({ ...head, users: context.hub.users() }),
  );
  return undefined;
};
