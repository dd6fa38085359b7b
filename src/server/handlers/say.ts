/** `say` (docs/protocol-v1.md §1.1): a public message to everyone, sender included. */
import { ErrorCode } from '../../protocol/error-codes.js';
import type { MessageEvent, SayRequest } from '../../protocol/messages.js';
import type { Handler } from './context.js';

export const handleSay: Handler<SayRequest> = (context, session, request) => {
  const message: MessageEvent = {
    type: 'message',
    id: context.publicMessages.nextId(),
    ts: context.now(),
    from: session.name!,
    text: request.text,
    private: false,
    ...(request.action === true && { action: true }),
  };
  if (context.publicMessages.publish(message, session, request.ref)) return undefined;
  // docs/protocol.md "Error codes": nothing is dropped silently.
  return {
    code: ErrorCode.unavailable,
    message: 'your message was not sent: the server cannot reach its cluster store; try again',
  };
};
