/** `list` (PROTOCOL.md §1.1): reply `users`, everyone registered, the sender included. */
import { encodeEventParts } from '../../protocol/encode-event.js';
import type { ListRequest } from '../../protocol/messages.js';
import { refOf, type Handler } from './context.js';

export const handleList: Handler<ListRequest> = (context, session, request) => {
  const head = { type: 'users' as const, ...refOf(request) };
  session.sendPrepared(
    () => encodeEventParts(head, [{ name: 'users', elements: context.hub.usersJsonElements() }]),
    () => ({ ...head, users: context.hub.users() }),
  );
  return undefined;
};
