/**
 * Errors from the server appear in the log pane with what to do. Turns an
 * `error` event (and the request it answers, when its `ref` matched one)
 * into one readable line. The server's `code` and `message`
 * are its own words (a newer or hostile server may send anything), so they
 * are made terminal-safe here, where the text is built.
 */
import type { ErrorEvent, Request } from '../../protocol/messages.js';
import { safeLine } from '../../terminal/safe-line.js';

const HINTS: Record<string, string> = {
  line_too_long: 'that line was over 64 KiB; the server closed the connection',
  bad_utf8: 'the server could not read a line (not UTF-8)',
  bad_json: 'the server could not parse a request; this is a client bug, please report it',
  bad_request: 'the server rejected a request as malformed',
  unknown_type: 'the server does not know that request (older server?)',
  bad_text: 'not sent: text must be 1–4096 characters without control characters',
  name_invalid: 'use 1–24 letters, digits, "_", "-" or "."; start with a letter or digit',
  name_taken: 'someone already uses that name; pick another',
  already_registered: 'you are already registered',
  not_registered: 'choose a name first',
  hello_timeout: 'no name was chosen within 30 s; reconnecting',
  idle_timeout: 'the connection was idle too long',
  forbidden: 'wrong admin token: /shutdown TOKEN [REASON] needs the token the server printed',
  no_such_user: 'nobody by that name is here; /users lists who is',
  no_such_call: 'that call is over',
  busy: 'they are in another call (or you are); try later',
  unsupported: 'their client cannot receive calls',
  not_participant: 'that call is not yours',
  rate_limited: 'slow down: the server takes at most 10 requests per second',
  server_full: 'the server is full; retrying later',
  too_many_errors: 'too many bad requests in a row; the server closed the connection',
  unknown_command: 'unknown command; /help lists them',
  name_reserved: 'that name belongs to another key (its owner registered it); choose another',
  tls_required: 'this server only accepts encrypted connections; leave out --plaintext',
  call_full: 'a call has at most four people',
};

function describeRequest(request: Request): string | null {
  switch (request.type) {
    case 'say':
      return 'message not sent';
    case 'whisper':
      return `private message to ${request.to} not sent`;
    case 'echo':
      return 'echo failed';
    case 'call':
      return `call to ${request.to} failed`;
    case 'call_accept':
      return 'accepting the call failed';
    case 'call_reject':
      return 'rejecting the call failed';
    case 'call_end':
      return 'ending the call failed';
    case 'call_invite':
      return `inviting ${request.to} failed`;
    case 'call_link':
    case 'call_link_accept':
      return `the media connection with ${request.to} failed`;
    case 'shutdown':
      return 'shutdown refused';
    case 'release_name':
      return `releasing ${request.name} refused`;
    case 'hello':
      return 'name not accepted';
    case 'nick':
      return `new name ${request.name} not accepted`;
    case 'away':
      return 'away not set';
    case 'list':
    case 'quit':
    case 'ping':
    case 'pong':
      return null;
  }
}

/** `whisper to bob not sent: no_such_user — nobody by that name is here; /users lists who is` */
export function describeError(error: ErrorEvent, request?: Request): string {
  const what = request ? describeRequest(request) : null;
  const code = safeLine(error.code, 40);
  const head = what ? `${safeLine(what)}: ${code}` : code;
  return `${head} — ${errorHint(error)}`;
}

/** Codes whose message says what our fixed hint cannot: which name it looks like, which character is refused. */
const WITH_SERVER_WORDS: ReadonlySet<string> = new Set(['name_taken', 'name_invalid']);

/** The hint alone, e.g. for the name prompt; the server's own message for a code we do not know. */
export function errorHint(error: ErrorEvent): string {
  // Own keys only: a code like "constructor" must not find Object.prototype's.
  const hint = Object.hasOwn(HINTS, error.code) ? HINTS[error.code] : undefined;
  if (hint === undefined) return safeLine(error.message, 300);
  if (!WITH_SERVER_WORDS.has(error.code) || error.message === '') return hint;
  return `${hint} (${safeLine(error.message, 200)})`;
}
