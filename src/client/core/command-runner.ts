/**
 * Carries out one parsed command (command-parser.ts) on the connection:
 * checks what can be checked locally first (registered? text within the
 * §1.4 rules? calling yourself?) so the user hears why at once.
 */
import type { Request } from '../../protocol/messages.js';
import { checkName, sameName } from '../../protocol/names.js';
import { checkText } from '../../protocol/text.js';
import type { ClientAction } from './actions.js';
import type { CallController } from './call-controller.js';
import type { ClientCommand } from './command-parser.js';
import { groupCallRefusal } from './call-participants.js';
import { infoLines, whoisLines } from './security-info.js';
import { ownName, type ClientState } from './state.js';

export type CommandResult = { ok: true } | { ok: false; error: string };

export interface CommandRunnerDeps {
  getState: () => ClientState;
  dispatch: (action: ClientAction) => void;
  /** Sends a request (with a tracked ref); false when not connected. */
  send: (request: Request) => boolean;
  calls: Pick<CallController, 'accept' | 'reject' | 'hangup'> &
    Partial<Pick<CallController, 'offer' | 'invite'>>;
  quit: (reason?: string) => CommandResult;
  /** Retries the connection at once instead of waiting out the backoff. */
  reconnect: () => CommandResult;
  now: () => number;
  /** Our identity's fingerprint, for `/info`. */
  identityFingerprint?: string | undefined;
}

const NOT_REGISTERED = 'not connected right now; reconnecting — your line is kept';
const OK: CommandResult = { ok: true };
const NO_GROUP_CALLS: CommandResult = {
  ok: false,
  error: 'this tchat was started without a media layer, so it cannot make calls',
};

export function createCommandRunner(
  deps: CommandRunnerDeps,
): (command: ClientCommand) => CommandResult {
  const { getState, dispatch, send, calls, now } = deps;

  function requireRegistered(): CommandResult | null {
    return getState().connection.kind === 'registered'
      ? null
      : { ok: false, error: NOT_REGISTERED };
  }

  /** Sends a text-carrying request once the text passes the protocol's rules. */
  function sendText(text: string, request: Request): CommandResult {
    const notReady = requireRegistered();
    if (notReady) return notReady;
    const check = checkText(text);
    if (!check.ok) return { ok: false, error: `not sent: ${check.reason}` };
    send(request);
    return OK;
  }

  /** `/verify`: the safety code again, in the message pane (docs/media.md "Encrypted calls"). */
  function verify(): CommandResult {
    const call = getState().call;
    if (call.phase !== 'active' || !call.security) {
      return { ok: false, error: 'no call with a media connection to verify' };
    }
    const text = call.security.encrypted
      ? `Safety code of the call with ${call.peer}: ${call.security.safetyCode} — read it to each other; if ${call.peer} sees another code, someone is in the middle: hang up`
      : `The call with ${call.peer} is not encrypted (${call.peer}'s client cannot encrypt calls): there is no safety code`;
    dispatch({ type: 'notice', tone: 'call', text, atMs: now() });
    return OK;
  }

  return (command) => {
    switch (command.kind) {
      case 'say':
        return sendText(command.text, { type: 'say', text: command.text });
      case 'me':
        return sendText(command.text, { type: 'say', text: command.text, action: true });
      case 'away': {
        const notReady = requireRegistered();
        if (notReady) return notReady;
        send(command.reason ? { type: 'away', reason: command.reason } : { type: 'away' });
        return OK;
      }
      case 'nick': {
        const check = checkName(command.name);
        if (!check.ok) return { ok: false, error: check.reason };
        if (getState().call.phase !== 'idle')
          return { ok: false, error: 'you cannot change your name during a call' };
        const notReady = requireRegistered();
        if (notReady) return notReady;
        send({ type: 'nick', name: check.name });
        return OK;
      }
      case 'reconnect':
        return deps.reconnect();
      case 'whisper':
        return sendText(command.text, { type: 'whisper', to: command.to, text: command.text });
      case 'echo':
        return sendText(command.text, { type: 'echo', text: command.text });
      case 'users':
        return requireRegistered() ?? (send({ type: 'list' }), OK);
      case 'call': {
        const state = getState();
        const me = ownName(state);
        const names = [command.to, ...(command.also ?? [])];
        if (me !== null && names.some((name) => sameName(name, me)))
          return { ok: false, error: 'you cannot call yourself' };
        if (state.call.phase !== 'idle')
          return { ok: false, error: 'you are already in a call; /invite NAME rings one more' };
        const notReady = requireRegistered();
        if (notReady) return notReady;
        const refused = groupCallRefusal(state.users, names);
        if (refused) return { ok: false, error: refused };
        const also = command.also ?? [];
        dispatch({
          type: 'call_requested',
          peer: command.to,
          media: command.media,
          atMs: now(),
          ...(also.length > 0 && { also }),
        });
        const call = {
          type: 'call' as const,
          to: command.to,
          media: command.media,
          ...(also.length > 0 && { also }),
        };
        if (!calls.offer) {
          send(call);
          return OK;
        }
        // Encrypted calls: the commitment to our certificate goes with `call` (docs/media.md).
        void calls.offer().then((offer) => {
          // A /hangup while the certificate was taken: nothing to send.
          if (getState().call.phase === 'requesting') send({ ...call, ...offer });
        });
        return OK;
      }
      case 'invite':
        return requireRegistered() ?? (calls.invite ? calls.invite(command.to) : NO_GROUP_CALLS);
      case 'verify':
        return verify();
      case 'accept':
        return calls.accept();
      case 'reject':
        return calls.reject(command.reason);
      case 'hangup':
        return calls.hangup();
      case 'quit':
        return deps.quit(command.reason);
      case 'shutdown': {
        const notReady = requireRegistered();
        if (notReady) return notReady;
        const { token, reason } = command;
        send(reason ? { type: 'shutdown', token, reason } : { type: 'shutdown', token });
        return OK;
      }
      case 'clear':
        dispatch({ type: 'clear_timeline' });
        return OK;
      case 'help':
      case 'search':
        // Shown by the UI; nothing to send.
        return OK;
      case 'info':
        for (const text of infoLines(getState(), deps.identityFingerprint)) {
          dispatch({ type: 'notice', tone: 'info', text, atMs: now() });
        }
        return OK;
      case 'whois':
        for (const text of whoisLines(getState().users, command.name)) {
          dispatch({ type: 'notice', tone: 'info', text, atMs: now() });
        }
        return OK;
    }
  };
}
