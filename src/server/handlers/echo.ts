/** `echo` (docs/protocol-v1.md §1.1): the text comes back to the sender only. */
import type { EchoRequest } from '../../protocol/messages.js';
import { refOf, type Handler } from './context.js';

export const handleEcho: Handler<EchoRequest> = (context, session, request) => {
  session.send({ type: 'echo', text: request.text, ts: context.now(), ...refOf(request) });
  return undefined;
};
