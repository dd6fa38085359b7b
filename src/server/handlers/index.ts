/**
 * Flat dispatch, one handler per request type. Before a successful `hello`
 * only `hello`, `ping`, `pong` and `quit` get through (docs/protocol-v1.md §1.1).
 */
import { ErrorCode } from '../../protocol/error-codes.js';
import { PRE_HELLO_REQUESTS, type Request } from '../../protocol/messages.js';
import { handleAway } from './away.js';
import { handleCallAccept } from './call-accept.js';
import { handleCallEnd } from './call-end.js';
import { handleCallReject } from './call-reject.js';
import { handleCallInvite, handleCallLink } from './call-invite.js';
import { handleCall } from './call.js';
import type { HandlerOutcome, ServerContext, SessionPort } from './context.js';
import { handleEcho } from './echo.js';
import { handleHello } from './hello.js';
import { handleList } from './list.js';
import { handleNick } from './nick.js';
import { handlePing, handlePong } from './ping.js';
import { handleQuit } from './quit.js';
import { handleSay } from './say.js';
import { handleReleaseName } from './release-name.js';
import { handleShutdown } from './shutdown.js';
import { handleWhisper } from './whisper.js';

export function dispatch(
  context: ServerContext,
  session: SessionPort,
  request: Request,
): HandlerOutcome | Promise<HandlerOutcome> {
  if (session.name === undefined && !PRE_HELLO_REQUESTS.has(request.type)) {
    return { code: ErrorCode.notRegistered, message: 'send hello first' };
  }
  // A cluster node sends call requests to the call's home node (cluster/cluster-calls.ts).
  const router = context.callRouter;
  if (router !== undefined && router.handles(request)) return router.route(session, request);
  return dispatchRequest(context, session, request);
}

/** The handler of `request`, here, with no cluster routing. */
export function dispatchRequest(
  context: ServerContext,
  session: SessionPort,
  request: Request,
): HandlerOutcome | Promise<HandlerOutcome> {
  switch (request.type) {
    case 'hello':
      return handleHello(context, session, request);
    case 'say':
      return handleSay(context, session, request);
    case 'whisper':
      return handleWhisper(context, session, request);
    case 'echo':
      return handleEcho(context, session, request);
    case 'list':
      return handleList(context, session, request);
    case 'quit':
      return handleQuit(context, session, request);
    case 'shutdown':
      return handleShutdown(context, session, request);
    case 'release_name':
      return handleReleaseName(context, session, request);
    case 'ping':
      return handlePing(context, session, request);
    case 'pong':
      return handlePong(context, session, request);
    case 'call':
      return handleCall(context, session, request);
    case 'call_accept':
      return handleCallAccept(context, session, request);
    case 'call_reject':
      return handleCallReject(context, session, request);
    case 'call_end':
      return handleCallEnd(context, session, request);
    case 'call_invite':
      return handleCallInvite(context, session, request);
    case 'call_link':
    case 'call_link_accept':
      return handleCallLink(context, session, request);
    case 'away':
      return handleAway(context, session, request);
    case 'nick':
      return handleNick(context, session, request);
  }
}
