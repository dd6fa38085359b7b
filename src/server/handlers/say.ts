/** `say` (docs/protocol-v1.md §1.1): a public message to everyone, sender included. */
import type { MessageEvent, SayRequest } from '../../protocol/messages.js';
import type { Handler } from './context.js';

export const handleSay: Handler<SayRequest> = (context, session, request) => {
  const from = session.name!;
  const message: MessageEvent = {
    type: 'message',
    id: context.nextMessageId(),
    ts: context.now(),
    from,
    text: request.text,
    private: false,
    ...(request.action === true && { action: true }),
  };
  context.history.add(message);
  // Logged first: the log line is written before any socket is (docs/protocol.md "Logs").
  context.log.message(message);
  if (request.ref === undefined) {
    context.hub.publish(message);
  } else {
    // §1.6 "ref": only the sender's own copy carries it; everyone else shares one buffer.
    context.hub.publish(message, { except: from });
    session.send({ ...message, ref: request.ref });
  }
  return undefined;
};
