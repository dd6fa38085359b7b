/**
 * The client's pure reducer: (state, action) → state. Everything the UI shows
 * is derived from here; nothing in here does I/O or reads the clock.
 */
import type { Request, ServerEvent } from '../../protocol/messages.js';
import { sameName } from '../../protocol/names.js';
import type { ClientAction } from './actions.js';
import { emptyList } from './chunked-list.js';
import { safeLine } from '../../terminal/safe-line.js';
import { sanitizeForTerminal } from '../../terminal/sanitize.js';
import { describeError, errorHint } from './error-hints.js';
import { reduceCallEvent, reduceLocalCall } from './reduce-call.js';
import { reduceReclaim } from './reduce-reclaim.js';
import type { ClientState, ConnectionStatus } from './state.js';
import { ownName } from './state.js';
import {
  addLog,
  addMessages,
  addNotice,
  describeUsers,
  sortUsers,
  unseenHistory,
  upsertUser,
} from './state-updates.js';

export function reduce(state: ClientState, action: ClientAction): ClientState {
  switch (action.type) {
    case 'server_event':
      return reduceServerEvent(state, action.event, action.atMs, action.request);
    case 'connection': {
      const registration =
        action.status.kind !== 'registered' && state.registration.kind === 'registered'
          ? { kind: 'registering' as const, name: state.registration.name }
          : state.registration;
      return { ...state, connection: safeStatus(action.status), registration };
    }
    case 'log':
      return addLog(state, action.level, action.text, action.atMs);
    case 'notice':
      return addNotice(state, action.tone, action.text, action.atMs);
    case 'name_chosen':
      return { ...state, registration: { kind: 'registering', name: action.name } };
    case 'request_failed': {
      const next = addLog(
        state,
        'warn',
        `${action.request.type} failed: ${action.reason}`,
        action.atMs,
      );
      if (action.request.type === 'call' && state.call.phase === 'requesting') {
        return reduceLocalCall(next, {
          type: 'call_ended_locally',
          callId: null,
          reason: action.reason,
          atMs: action.atMs,
        });
      }
      return next;
    }
    case 'call_requested':
    case 'call_accepting':
    case 'call_accept_sent':
    case 'call_media_connected':
    case 'call_media_toggled':
    case 'call_ended_locally':
      return reduceLocalCall(state, action);
    case 'clear_timeline':
      return { ...state, timeline: emptyList(), unreadBelow: 0 };
    case 'view_scrolled':
      return {
        ...state,
        scrolledBack: !action.atBottom,
        unreadBelow: action.atBottom ? 0 : state.unreadBelow,
      };
    case 'ended': {
      // A security stop explains itself over several lines (which file, which line to remove).
      const text =
        action.kind === 'insecure'
          ? sanitizeForTerminal(action.text, { multiline: true })
          : safeLine(action.text, 500);
      return {
        ...state,
        ended: { kind: action.kind, text },
        connection: { kind: 'closed', reason: safeLine(text, 500) },
        trustQuestion: null,
      };
    }
    case 'security':
      return { ...state, security: action.security };
    case 'trust_question':
      return { ...state, trustQuestion: action.question };
  }
}

/** Connection errors quote the OS or the server (a socket error's message): shown in the status bar. */
function safeStatus(status: ConnectionStatus): ConnectionStatus {
  switch (status.kind) {
    case 'waiting':
      return { ...status, error: safeLine(status.error) };
    case 'closed':
      return { ...status, reason: safeLine(status.reason, 500) };
    case 'idle':
    case 'connecting':
    case 'connected':
    case 'registered':
      return status;
  }
}

function reduceServerEvent(
  state: ClientState,
  event: ServerEvent,
  atMs: number,
  request?: Request,
): ClientState {
  const me = ownName(state);
  switch (event.type) {
    case 'welcome': {
      let next: ClientState = {
        ...state,
        serverInfo: safeLine(event.server, 100),
        connection: { kind: 'registered' },
        registration: { kind: 'registered', name: event.name },
        heldName: event.name,
        users: sortUsers(event.users),
      };
      next = addMessages(next, unseenHistory(next, event.history), false);
      const others = event.users.length - 1;
      const text = `Joined ${event.server || 'the server'} as ${event.name} · ${others} other ${others === 1 ? 'user' : 'users'} online`;
      next = addNotice(next, 'info', text, atMs);
      if (event.motd) next = addNotice(next, 'motd', event.motd, atMs);
      return addLog(
        next,
        'info',
        `registered as ${event.name} on ${state.host}:${state.port}`,
        atMs,
      );
    }
    case 'message':
      return addMessages(state, [event], true);
    case 'echo':
      return addNotice(state, 'echo', event.text, atMs);
    case 'users': {
      const next = { ...state, users: sortUsers(event.users) };
      return request?.type === 'list'
        ? addNotice(next, 'info', describeUsers(next.users, me), atMs)
        : next;
    }
    case 'joined': {
      const next = { ...state, users: upsertUser(state.users, event.user) };
      if (me !== null && sameName(event.user.name, me)) return next;
      return addNotice(next, 'join', `${event.user.name} joined`, atMs);
    }
    case 'left': {
      const next = { ...state, users: state.users.filter((u) => !sameName(u.name, event.name)) };
      const why = event.reason === 'quit' ? '' : ` (${event.reason.replaceAll('_', ' ')})`;
      return addNotice(next, 'leave', `${event.name} left${why}`, atMs);
    }
    case 'user_status':
      return {
        ...state,
        users: state.users.map((u) =>
          sameName(u.name, event.name) ? { ...u, status: event.status } : u,
        ),
      };
    case 'call_ringing':
    case 'call_incoming':
    case 'call_accepted':
    case 'call_rejected':
    case 'call_ended':
      return reduceCallEvent(state, event, atMs);
    case 'shutdown': {
      // `by` and `reason` are the server's words; `text` is also printed after the terminal is back.
      const reason = event.reason ? `: ${safeLine(event.reason, 300)}` : '';
      const text = `Server shut down by ${safeLine(event.by, 40)}${reason}`;
      const next = addLog(addNotice(state, 'error', text, atMs), 'warn', text, atMs);
      return {
        ...next,
        ended: { kind: 'shutdown', text },
        connection: { kind: 'closed', reason: text },
      };
    }
    case 'bye': {
      const ourQuit = request?.type === 'quit';
      const text = ourQuit
        ? 'You left the chat'
        : `The server closed the session${event.reason ? `: ${safeLine(event.reason, 300)}` : ''}`;
      const next = addLog(state, 'info', text, atMs);
      return {
        ...next,
        ended: { kind: ourQuit ? 'quit' : 'bye', text },
        connection: { kind: 'closed', reason: text },
      };
    }
    case 'ping':
    case 'pong':
      return state;
    case 'error':
      return reduceError(state, event, atMs, request);
  }
}

function reduceError(
  state: ClientState,
  event: Extract<ServerEvent, { type: 'error' }>,
  atMs: number,
  request?: Request,
): ClientState {
  const reclaiming = reduceReclaim(state, event, atMs);
  if (reclaiming) return reclaiming;
  // A second `hello` (e.g. Enter pressed twice) is harmless: we are registered.
  const registering =
    state.registration.kind === 'registering' && event.code !== 'already_registered';
  const nameProblem =
    event.code === 'name_taken' || event.code === 'name_invalid' || event.code === 'name_reserved';
  if (registering && (request?.type === 'hello' || nameProblem)) {
    const previous =
      state.registration.kind === 'registering' ? state.registration.name : undefined;
    const gaveUp =
      event.code === 'name_taken' &&
      state.registration.kind === 'registering' &&
      state.registration.reclaim !== undefined;
    const hint = gaveUp
      ? `still in use ${Math.round(state.reclaimNameMs / 1000)} s after the reconnect: someone else has it now; pick another`
      : errorHint(event);
    const next: ClientState = {
      ...state,
      registration: {
        kind: 'need_name',
        error: safeLine(`${previous ? `"${previous}": ` : ''}${hint}`, 400),
        ...(previous !== undefined ? { previous } : {}),
      },
    };
    return addLog(next, 'warn', describeError(event, request), atMs);
  }
  // Both sides ended the call at once (the peer's hang-up crossing the `call_end` we sent when
  // the media closed): the server says the call is already over — so is ours; nothing to tell.
  const call = state.call;
  if (request?.type === 'call_end' && !('callId' in call && call.callId === request.callId)) {
    return addLog(state, 'debug', `the server had already ended that call (${event.code})`, atMs);
  }
  const next = addLog(state, 'error', describeError(event, request), atMs);
  if (request?.type === 'call' && state.call.phase === 'requesting') {
    return reduceLocalCall(next, {
      type: 'call_ended_locally',
      callId: null,
      reason: event.code,
      atMs,
    });
  }
  return next;
}
