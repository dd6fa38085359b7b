/**
 * Calls between users of different nodes (docs/architecture.md "Cluster on
 * Redis"). A call lives on its caller's node (its home), where the call
 * registry runs it as in one process; the other party's node learns the
 * home from the call's events and forwards that user's `call_accept`,
 * `call_reject` and `call_end` there. Busy is claimed in Redis for both
 * parties before a call starts, so one user cannot be rung by two callers
 * on two nodes at once; the claim is freed when the call ends.
 */
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Request, ServerEvent } from '../../protocol/messages.js';
import type { HandlerOutcome, ServerContext, SessionPort } from '../handlers/context.js';
import { dispatchRequest } from '../handlers/index.js';
import { keyOf } from '../user-registry.js';
import type { ClusterNode } from './cluster-node.js';

const CALL_REQUESTS = new Set<Request['type']>(['call', 'call_accept', 'call_reject', 'call_end']);

export class ClusterCallRouter {
  private context: ServerContext | undefined;

  constructor(private readonly node: ClusterNode) {}

  /** The context exists after the router (it holds it). */
  attach(context: ServerContext): void {
    this.context = context;
  }

  handles(request: Request): boolean {
    return CALL_REQUESTS.has(request.type);
  }

  route(session: SessionPort, request: Request): HandlerOutcome | Promise<HandlerOutcome> {
    const context = this.context!;
    if (request.type === 'call') {
      const callee = this.node.hub.find(request.to);
      const caller = session.name!;
      // Unknown callee, or a call to oneself: the registry says why, as in one process.
      if (callee === undefined || keyOf(callee.user.name) === keyOf(caller)) {
        return dispatchRequest(context, session, request);
      }
      const calleeName = callee.user.name;
      return this.node.markBusy(keyOf(caller), keyOf(calleeName)).then(
        (free): HandlerOutcome => {
          if (!free) {
            const self = this.node.hub.find(caller)?.user.status !== 'online';
            const message = self ? 'you are already in a call' : `${calleeName} is busy`;
            return { code: ErrorCode.busy, message };
          }
          const outcome = dispatchRequest(context, session, request) as HandlerOutcome;
          if (outcome !== undefined) this.node.freeBusy(keyOf(caller), keyOf(calleeName));
          return outcome;
        },
        (): HandlerOutcome => ({
          code: ErrorCode.unavailable,
          message: 'the server cannot reach its cluster store right now; try again shortly',
        }),
      );
    }
    const home = 'callId' in request ? this.node.hub.homeOfCall(request.callId) : undefined;
    if (home === undefined || home === this.node.nodeId) {
      return dispatchRequest(context, session, request);
    }
    this.node.hub.forward(home, session.name!, request);
    return undefined;
  }

  /** At the call's home: the request of a user of another node; errors go back to them. */
  forwarded(name: string, request: Request): void {
    const context = this.context;
    const hub = this.node.hub;
    const presence = hub.find(name);
    if (context === undefined || presence === undefined || !CALL_REQUESTS.has(request.type)) return;
    const send = (event: ServerEvent): void => void hub.sendTo(name, event);
    const proxy: SessionPort = {
      id: 0,
      dialect: 'json',
      name: presence.user.name,
      remoteIp: presence.host,
      remoteAddress: undefined,
      peerFingerprint: presence.user.fingerprint,
      member: { dialect: 'json', deliver() {}, deliverPresence() {}, settlePresence() {} },
      isOpen: true,
      send,
      sendPrepared: (_parts, event) => send(event()),
      registered() {},
      quit() {},
    };
    const outcome = dispatchRequest(context, proxy, request);
    if (outcome === undefined || outcome instanceof Promise) return;
    const ref = request.ref;
    send({
      type: 'error',
      code: outcome.code,
      message: outcome.message,
      ...(ref !== undefined && { ref }),
    });
  }
}
