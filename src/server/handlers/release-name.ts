/**
 * `release_name` (docs/protocol.md): with the admin token, the name is no
 * longer bound to its key; answered with an `echo` saying what happened.
 */
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ReleaseNameRequest } from '../../protocol/messages.js';
import { refOf, type Handler } from './context.js';
import { sameSecret } from './shutdown.js';

export const handleReleaseName: Handler<ReleaseNameRequest> = (context, session, request) => {
  if (!sameSecret(request.token, context.options.adminToken)) {
    return { code: ErrorCode.forbidden, message: 'wrong admin token' };
  }
  const released = context.reservations.forget(request.name);
  const text = released
    ? `the name ${request.name} is no longer reserved`
    : `the name ${request.name} was not reserved`;
  session.send({ type: 'echo', text, ts: context.now(), ...refOf(request) });
  return undefined;
};
