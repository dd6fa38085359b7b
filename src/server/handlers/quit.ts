/** `quit` (docs/protocol-v1.md §1.1, §1.6 "Leaving"): name freed, `bye`, close; others get `left`. */
import type { QuitRequest } from '../../protocol/messages.js';
import type { Handler } from './context.js';

export const handleQuit: Handler<QuitRequest> = (_context, session, request) => {
  session.quit(request.reason, request.ref);
  return undefined;
};
