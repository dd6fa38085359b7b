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

const CALL_REQUESTS = new Set<Request['type']>([
  'call',
  'call_accept',
  'call_reject',
  'call_end',
  'call_invite',
  'call_link',
  'call_link_accept',
]);

const UNAVAILABLE: HandlerOutcome = {
  code: ErrorCode.unavailable,
  message: 'the server cannot reach its cluster store right now; try again shortly',
};

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
    // A new call's home is its caller's node: this one.
    const home =
      request.type !== 'call' && 'callId' in request
        ? this.node.hub.homeOfCall(request.callId)
        : undefined;
    if (home === undefined || home === this.node.nodeId) return this.runHere(session, request);
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
    const reply = (outcome: HandlerOutcome): void => {
      if (outcome === undefined) return;
      const ref = request.ref;
      send({
        type: 'error',
        code: outcome.code,
        message: outcome.message,
        ...(ref !== undefined && { ref }),
      });
    };
    const outcome = this.runHere(proxy, request);
    if (outcome instanceof Promise) void outcome.then(reply);
    else reply(outcome);
  }

  /**
   * Runs a call request on this node, the call's home. Whoever a request
   * brings into a call (a new call's caller and everyone it rings, or an
   * invitee) is first marked busy in Redis, all at once or not at all; the
   * marks of a request the registry refuses are taken back.
   */
  private runHere(
    session: SessionPort,
    request: Request,
  ): HandlerOutcome | Promise<HandlerOutcome> {
    const context = this.context!;
    const entering = this.entering(session.name!, request);
    if (entering === undefined) return dispatchRequest(context, session, request);
    const keys = entering.map(keyOf);
    return this.node.markBusy(keys).then(
      (free): HandlerOutcome => {
        if (!free) return this.busyOutcome(session.name!, entering);
        const outcome = dispatchRequest(context, session, request) as HandlerOutcome;
        if (outcome !== undefined) this.node.freeBusy(keys);
        return outcome;
      },
      (): HandlerOutcome => UNAVAILABLE,
    );
  }

  /**
   * The names a request brings into a call, as registered; undefined when the
   * registry will refuse it anyway (an unknown name, oneself) or it brings
   * nobody in, so the registry says why exactly as in one process.
   */
  private entering(caller: string, request: Request): string[] | undefined {
    const hub = this.node.hub;
    let asked: string[];
    if (request.type === 'call') asked = [request.to, ...(request.also ?? [])];
    else if (request.type === 'call_invite') asked = [request.to];
    else return undefined;
    const names: string[] = request.type === 'call' ? [caller] : [];
    for (const name of asked) {
      const found = hub.find(name);
      if (found === undefined || keyOf(found.user.name) === keyOf(caller)) return undefined;
      if (names.some((n) => keyOf(n) === keyOf(found.user.name))) return undefined;
      names.push(found.user.name);
    }
    return names;
  }

  private busyOutcome(caller: string, entering: readonly string[]): HandlerOutcome {
    const hub = this.node.hub;
    if (keyOf(entering[0]!) === keyOf(caller) && hub.find(caller)?.user.status !== 'online') {
      return { code: ErrorCode.busy, message: 'you are already in a call' };
    }
    const busy = entering.find(
      (name) => keyOf(name) !== keyOf(caller) && hub.find(name)?.user.status !== 'online',
    );
    return { code: ErrorCode.busy, message: `${busy ?? entering.at(-1)!} is busy` };
  }
}
