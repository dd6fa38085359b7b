/** `ping` and `pong` (docs/protocol-v1.md §1.1). Any line already counts as activity for the idle timer. */
import type { PingRequest, PongRequest } from '../../protocol/messages.js';
import { refOf, type Handler } from './context.js';

export const handlePing: Handler<PingRequest> = (_context, session, request) => {
  session.send({
    type: 'pong',
    ...(request.ts !== undefined && { ts: request.ts }),
    ...refOf(request),
  });
  return undefined;
};

export const handlePong: Handler<PongRequest> = () => undefined;
