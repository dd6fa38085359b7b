/**
 * `nick` (docs/protocol.md "Renaming"): a registered user takes a new name
 * and keeps the session. The name rules and uniqueness are `hello`'s
 * (parse-request.ts checks the rules, the hub's registry claims the name).
 * The others get `left` (with `renamedTo`) then `joined` (with `renamedFrom`),
 * so a plain protocol-v1 client's user list stays right; the requester gets
 * `renamed`.
 */
import { ErrorCode } from '../../protocol/error-codes.js';
import type { NickRequest, User } from '../../protocol/messages.js';
import { isReservedName, sameName } from '../../protocol/names.js';
import type { JoinOutcome } from '../hub.js';
import { unavailable } from './hello.js';
import {
  refOf,
  type Handler,
  type HandlerOutcome,
  type ServerContext,
  type SessionPort,
} from './context.js';

export const handleNick: Handler<NickRequest> = (context, session, request) => {
  const { hub } = context;
  const from = session.name!;
  const to = request.name;
  const self = hub.find(from);
  if (self === undefined) return { code: ErrorCode.notRegistered, message: 'send hello first' };
  if (to === self.user.name) {
    return { code: ErrorCode.badRequest, message: `you are already called ${to}` };
  }
  if (!hub.available) return unavailable();
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
  const outcome = hub.join(user, self.host, session.member);
  if (typeof outcome === 'string') return renamed(context, session, request, self, user, outcome);
  // A cluster node asks Redis (docs/architecture.md "The hub contract").
  return outcome.then((decided) => renamed(context, session, request, self, user, decided));
};

function renamed(
  context: ServerContext,
  session: SessionPort,
  request: NickRequest,
  self: { user: User; host: string },
  user: User,
  outcome: JoinOutcome,
): HandlerOutcome {
  const { hub } = context;
  const from = self.user.name;
  const to = user.name;
  if (outcome !== 'joined') {
    // In one process this cannot happen (nothing ran since the checks); in a cluster another
    // node may have won the name meanwhile. Never leave a session nameless: take the old one back.
    void Promise.resolve(hub.join(self.user, self.host, session.member)).then((back) => {
      if (back === 'joined') {
        hub.publish({ type: 'joined', user: self.user }, { except: from });
        return;
      }
      session.quit(`your name ${from} was taken while you were renaming; reconnect`, undefined);
    });
    if (outcome === 'unavailable') return unavailable();
    return { code: ErrorCode.nameTaken, message: `the name ${to} is already taken` };
  }
  if (!session.isOpen) {
    hub.leave(to);
    return undefined;
  }
  hub.publish({ type: 'joined', user, renamedFrom: from }, { except: to });
  session.registered(to, user.caps);
  session.send({ type: 'renamed', from, to, ...refOf(request) });
  context.log.registered(session.id, to, session.remoteAddress, user.caps);
  return undefined;
}
