/**
 * The client's pure reducer: (state, action) → state. Everything the UI shows
 * is derived from here; nothing in here does I/O or reads the clock.
 */
import type { Request, ServerEvent } from '../../protocol/messages.js';
import { formatAddress } from '../../protocol/address.js';
import { sameName } from '../../protocol/names.js';
import type { ClientAction } from './actions.js';
import { emptyList } from './chunked-list.js';
import { safeLine } from '../../terminal/safe-line.js';
import { sanitizeForTerminal } from '../../terminal/sanitize.js';
import { describeError, errorHint } from './error-hints.js';
import { reduceCallEvent, reduceLocalCall } from './reduce-call.js';
import { reduceReclaim } from './reduce-reclaim.js';
import {
  addLiveMessages,
  addReplayedHistory,
  noteAttention,
  noteConnectionChange,
  noteShutdown,
  reduceJoinedRename,
  reduceLeft,
  reduceRenamed,
  reduceUserAway,
} from './reduce-chat-extras.js';
import type { ClientState, ConnectionStatus } from './state.js';
import { ownName } from './state.js';
import type { ReceivedEvent } from './event-intake.js';
import { addLog, addNotice, describeUsers } from './state-updates.js';
import { presenceNotice, presenceRunLength } from './presence-runs.js';
import { UserList } from './user-list.js';

export function reduce(state: ClientState, action: ClientAction): ClientState {
  switch (action.type) {
    case 'server_event':
      return reduceServerEvent(state, action.event, action.atMs, action.request);
    case 'server_events':
      return reduceServerEvents(state, action.events);
    case 'connection': {
      const registration =
        action.status.kind !== 'registered' && state.registration.kind === 'registered'
          ? { kind: 'registering' as const, name: state.registration.name }
          : state.registration;
      const next = { ...state, connection: safeStatus(action.status), registration };
      return noteConnectionChange(state, next, action.status, action.atMs);
    }
    case 'server':
      return { ...state, host: action.host, port: action.port };
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
    case 'call_peer_link':
    case 'call_levels':
    case 'call_security':
      return reduceLocalCall(state, action);
    case 'clear_timeline':
      return { ...state, timeline: emptyList(), unreadBelow: 0 };
    case 'view_scrolled':
      return noteAttention(
        { ...state, unreadBelow: action.atBottom ? 0 : state.unreadBelow },
        !action.atBottom,
        state.lookingElsewhere,
      );
    case 'view_focused':
      return noteAttention(state, state.scrolledBack, action.elsewhere);
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

/**
 * A batch of events read together, in order. A run of joins (or of leaves) in one batch — a
 * crowd arriving — becomes one notice ("ann, bob, cy and 4,997 others joined") instead of
 * thousands of lines that would push the conversation out of the timeline.
 */
function reduceServerEvents(state: ClientState, items: readonly ReceivedEvent[]): ClientState {
  let next = state;
  for (let i = 0; i < items.length;) {
    const run = presenceRunLength(items, i, ownName(next));
    if (run > 0) {
      const events = items.slice(i, i + run).map((item) => item.event);
      for (const event of events) next = { ...next, users: applyPresence(next.users, event) };
      const notice = presenceNotice(events);
      next = addNotice(next, notice.tone, notice.text, items[i + run - 1]!.atMs);
      i += run;
      continue;
    }
    const item = items[i++]!;
    next = reduceServerEvent(next, item.event, item.atMs, item.request);
  }
  return next;
}

function applyPresence(users: UserList, event: ServerEvent): UserList {
  if (event.type === 'joined') return users.with(event.user);
  if (event.type === 'left') return users.without(event.name);
  return users;
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
        heldOn: formatAddress(state.host, state.port),
        users: UserList.from(event.users),
      };
      next = addReplayedHistory(next, event.history, atMs);
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
      return addLiveMessages(state, [event]);
    case 'echo':
      return addNotice(state, 'echo', event.text, atMs);
    case 'users': {
      const next = { ...state, users: UserList.from(event.users) };
      return request?.type === 'list'
        ? addNotice(next, 'info', describeUsers(next.users, me), atMs)
        : next;
    }
    case 'joined': {
      if (event.renamedFrom !== undefined) {
        return reduceJoinedRename(state, { ...event, renamedFrom: event.renamedFrom });
      }
      const next = { ...state, users: state.users.with(event.user) };
      if (me !== null && sameName(event.user.name, me)) return next;
      return addNotice(next, 'join', `${event.user.name} joined`, atMs);
    }
    case 'left':
      return reduceLeft(state, event, atMs);
    case 'user_away':
      return reduceUserAway(state, event, atMs);
    case 'renamed':
      return reduceRenamed(state, event, atMs);
    case 'user_status':
      return {
        ...state,
        users: state.users.update(event.name, (u) => ({ ...u, status: event.status })),
      };
    case 'call_ringing':
    case 'call_incoming':
    case 'call_accepted':
    case 'call_rejected':
    case 'call_ended':
    case 'call_member':
    case 'call_link':
    case 'call_link_accepted':
      return reduceCallEvent(state, event, atMs);
    case 'shutdown': {
      if (!state.exitOnShutdown) return noteShutdown(state, event, atMs);
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
