/**
 * `nick` (docs/protocol.md "Renaming"): a registered user takes a new name
 * and keeps the session. The name rules and uniqueness are `hello`'s
 * (parse-request.ts checks the rules, the hub's registry claims the name).
 * The others get `left` (with `renamedTo`) then `joined` (with `renamedFrom`),
 * so a plain protocol-v1 client's user list stays right; the requester gets
 * `renamed`.
 */
import { ErrorCode } from '../../protocol/error-codes.js';
import type { NickRequest } from '../../protocol/messages.js';
import { isReservedName, sameName } from '../../protocol/names.js';
import { refOf, type Handler } from './context.js';

export const handleNick: Handler<NickRequest> = (context, session, request) => {
  const { hub } = context;
  const from = session.name!;
  const to = request.name;
  const self = hub.find(from);
  if (self === undefined) return { code: ErrorCode.notRegistered, message: 'send hello first' };
  if (to === self.user.name) {
    return { code: ErrorCode.badRequest, message: `you are already called ${to}` };
  }
  const holder = hub.find(to);
  if (isReservedName(to) || (holder !== undefined && !sameName(holder.user.name, from))) {
    const message = isReservedName(to) ? `"${to}" is reserved` : `the name ${to} is already taken`;
    return { code: ErrorCode.nameTaken, message };
  }
  // Calls are matched by name (call-registry.ts): a name cannot change under one.
  if (self.user.status !== 'online') {
    return { code: ErrorCode.busy, message: 'you cannot change your name during a call' };
  }
  hub.leave(from);
  hub.publish({ type: 'left', name: from, reason: 'quit', renamedTo: to });
  const user = { ...self.user, name: to };
  if (!hub.join(user, self.host, session.member)) {
    // Cannot happen (nothing ran since the check above), but never leave a session nameless.
    hub.join(self.user, self.host, session.member);
    hub.publish({ type: 'joined', user: self.user }, { except: from });
    return { code: ErrorCode.nameTaken, message: `the name ${to} is already taken` };
  }
  hub.publish({ type: 'joined', user, renamedFrom: from }, { except: to });
  session.registered(to, user.caps);
  session.send({ type: 'renamed', from, to, ...refOf(request) });
  context.log.registered(session.id, to, session.remoteAddress, user.caps);
  return undefined;
};
