/** `whisper` (docs/protocol-v1.md §1.1): a private message; the sender gets its own copy. */
import { ErrorCode } from '../../protocol/error-codes.js';
import type { MessageEvent, WhisperRequest } from '../../protocol/messages.js';
import { sameName } from '../../protocol/names.js';
import { refOf, type Handler } from './context.js';

export const handleWhisper: Handler<WhisperRequest> = (context, session, request) => {
  const from = session.name!;
  // §1.6: `to` is compared the way names are (NFKC, lower case).
  const target = context.hub.find(request.to);
  if (target === undefined) {
    return { code: ErrorCode.noSuchUser, message: `nobody is called ${request.to}` };
  }
  const message: MessageEvent = {
    type: 'message',
    id: context.nextMessageId(),
    ts: context.now(),
    from,
    text: request.text,
    private: true,
    to: target.user.name,
    ...(request.action === true && { action: true }),
  };
  // Logged first: the log line is written before any socket is (docs/protocol.md "Logs").
  context.log.message(message);
  if (!sameName(target.user.name, from)) context.hub.sendTo(target.user.name, message);
  // docs/protocol.md "Away": the sender learns, on its own copy, that nobody may read it soon.
  const away = target.user.away;
  session.send({
    ...message,
    ...(away !== undefined && { recipientAway: away }),
    ...refOf(request),
  });
  return undefined;
};
