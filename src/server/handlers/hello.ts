/** `hello` (docs/protocol-v1.md §1.1): register, reply `welcome`, tell everyone else `joined`. */
import { ErrorCode } from '../../protocol/error-codes.js';
import { PROTOCOL_VERSION } from '../../protocol/limits.js';
import type { HelloRequest, User, WelcomeEvent } from '../../protocol/messages.js';
import type { Hub, JoinOutcome } from '../hub.js';
import { sharedCaps } from '../shared-caps.js';
import { listReplyParts } from '../user-list-reply.js';
import {
  refOf,
  type Handler,
  type HandlerOutcome,
  type ServerContext,
  type SessionPort,
} from './context.js';

export const handleHello: Handler<HelloRequest> = (context, session, request) => {
  if (session.name !== undefined) {
    return {
      code: ErrorCode.alreadyRegistered,
      message: `you are already registered as ${session.name}`,
    };
  }
  const { options, hub, reservations } = context;
  const fingerprint = session.peerFingerprint;
  if (!hub.available) return unavailable();
  // Someone online under that name: `name_taken` (docs/protocol-v1.md §1.1) says more than the
  // reservation would, and a v1 client knows what to do with it.
  if (hub.find(request.name) !== undefined) {
    return { code: ErrorCode.nameTaken, message: takenMessage(request.name, hub) };
  }
  const reserved = reservations.check(request.name, fingerprint, context.now());
  if (!reserved.ok) {
    const days = Math.max(1, Math.round(options.nameReservationMs / 86_400_000));
    return {
      code: ErrorCode.nameReserved,
      message:
        fingerprint === undefined
          ? `the name ${reserved.owner.name} is reserved for its owner's key; connect with tchat (TLS) as its owner, or choose another name`
          : `the name ${reserved.owner.name} belongs to another key (reserved up to ${days} days after its last use); choose another name`,
    };
  }
  const caps = sharedCaps(request.caps);
  const showAddress = !options.hideAddresses && session.remoteAddress !== undefined;
  const user: User = {
    name: request.name,
    ...(showAddress && { address: session.remoteAddress }),
    since: context.now(),
    status: 'online',
    caps,
    ...(fingerprint !== undefined && { fingerprint }),
  };
  // The registry is the single place names are claimed: 20 racing clients, one winner.
  const outcome = hub.join(user, session.remoteIp, session.member);
  if (typeof outcome === 'string') return joined(context, session, request, user, outcome);
  // A cluster node asks Redis (docs/architecture.md "The hub contract").
  return outcome.then((decided) => joined(context, session, request, user, decided));
};

function joined(
  context: ServerContext,
  session: SessionPort,
  request: HelloRequest,
  user: User,
  outcome: JoinOutcome,
): HandlerOutcome {
  const { options, hub, history, reservations } = context;
  if (outcome === 'unavailable') return unavailable();
  if (outcome === 'taken') {
    return { code: ErrorCode.nameTaken, message: takenMessage(request.name, hub) };
  }
  if (!session.isOpen) {
    // Gone while the cluster store answered: nobody was told it joined.
    hub.leave(user.name);
    return undefined;
  }
  const caps = user.caps;
  const fingerprint = user.fingerprint;
  session.registered(user.name, caps);
  reservations.claim(user.name, fingerprint, context.now());

  const head: Omit<WelcomeEvent, 'users' | 'history'> = {
    type: 'welcome',
    name: user.name,
    protocol: PROTOCOL_VERSION,
    server: options.serverName,
    ...(options.motd !== undefined && { motd: options.motd }),
    ...refOf(request),
  };
  // docs/protocol.md "Long user lists": users that do not fit follow as `joined` lines.
  session.sendPrepared(
    () =>
      listReplyParts(head, hub.usersSnapshot(), {
        after: [{ name: 'history', json: history.jsonBytes() }],
        selfLast: true,
      }),
    () => ({ ...head, users: hub.users(), history: history.messages() }),
  );
  hub.publish({ type: 'joined', user }, { except: user.name });
  context.log.registered(session.id, user.name, session.remoteAddress, caps);
  return undefined;
}

/** docs/protocol.md "Error codes": a cluster node that cannot reach Redis takes no new names. */
export function unavailable(): HandlerOutcome {
  return {
    code: ErrorCode.unavailable,
    message: 'the server cannot reach its cluster store right now; try again shortly',
  };
}

/** Only a refused `hello` pays for working out why (the skeleton is computed again). */
function takenMessage(name: string, hub: Hub): string {
  const conflict = hub.nameConflict(name);
  switch (conflict?.kind) {
    case 'reserved':
      return conflict.lookalike
        ? `the name ${name} looks like a name reserved for the server`
        : `"${name}" is reserved`;
    case 'lookalike':
      return `the name ${name} looks like ${conflict.holder}, who is already here`;
    case 'same':
    case undefined:
      return `the name ${name} is already taken`;
  }
}
