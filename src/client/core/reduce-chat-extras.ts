/**
 * Reducer steps for what chat people take for granted (docs/protocol.md
 * "Actions", "Away", "Renaming", "Quit messages") and for a chat that
 * outlives its server (a notice when the connection drops, a divider when it
 * comes back, the replayed history merged below what we saw, the hotlist).
 * Pure; reducer.ts calls these from its cases.
 */
import type {
  JoinedEvent,
  LeftEvent,
  MessageEvent,
  RenamedEvent,
  ShutdownEvent,
  UserAwayEvent,
} from '../../protocol/messages.js';
import { sameName } from '../../protocol/names.js';
import { safeLine } from '../../terminal/safe-line.js';
import { formatDuration } from './format-duration.js';
import { advanceWatermark, unseenReplay } from './history-merge.js';
import { addToHotlist, EMPTY_HOTLIST, isHotlistEmpty } from './hotlist.js';
import type { ClientState, ConnectionStatus } from './state.js';
import { ownName } from './state.js';
import { addLog, addMessages, addNotice } from './state-updates.js';

/** Live messages: shown, remembered for the next replay, counted while unseen. */
export function addLiveMessages(
  state: ClientState,
  messages: readonly MessageEvent[],
): ClientState {
  let next = addMessages(state, messages, true);
  next = { ...next, seenUpTo: advanceWatermark(next.seenUpTo, messages) };
  if (state.scrolledBack || state.lookingElsewhere) {
    next = { ...next, hotlist: addToHotlist(next.hotlist, messages, ownName(state)) };
  }
  for (const m of messages) {
    if (m.recipientAway !== undefined && m.to !== undefined) {
      const away = safeLine(m.recipientAway, 200);
      next = addNotice(next, 'info', `${m.to} is away: ${away}`, m.ts);
    }
  }
  return next;
}

/**
 * `welcome.history`: after a reconnect a divider marks the gap, and only the
 * messages we have not seen (or cleared) go below it, in time order.
 */
export function addReplayedHistory(
  state: ClientState,
  history: readonly MessageEvent[],
  atMs: number,
): ClientState {
  const fresh = unseenReplay(state.seenUpTo, history);
  let next = state;
  if (state.disconnectedAtMs !== null) {
    const gap = formatDuration(atMs - state.disconnectedAtMs);
    const missed =
      fresh.length === 0
        ? 'nothing missed'
        : `${fresh.length} ${fresh.length === 1 ? 'message' : 'messages'} from the gap below`;
    next = addNotice(next, 'divider', `reconnected after ${gap} · ${missed}`, atMs);
  }
  next = addMessages(next, fresh, false);
  return { ...next, seenUpTo: advanceWatermark(next.seenUpTo, fresh), disconnectedAtMs: null };
}

/** A registered connection dropped: say so in the messages, remember when (for the divider). */
export function noteConnectionChange(
  before: ClientState,
  after: ClientState,
  status: ConnectionStatus,
  atMs: number,
): ClientState {
  const lost = before.connection.kind === 'registered' && status.kind !== 'registered';
  if (!lost || after.ended !== null) return after;
  const why = status.kind === 'waiting' ? `: ${status.error}` : '';
  const text = `Disconnected${why} — reconnecting (/reconnect or Alt+C to retry now)`;
  return { ...addNotice(after, 'error', text, atMs), disconnectedAtMs: atMs };
}

/** `shutdown` without `--exit-on-shutdown`: the client stays and reconnects. */
export function noteShutdown(state: ClientState, event: ShutdownEvent, atMs: number): ClientState {
  const reason = event.reason ? `: ${safeLine(event.reason, 300)}` : '';
  const text = `Server shut down by ${safeLine(event.by, 40)}${reason} — reconnecting`;
  return addLog(addNotice(state, 'error', text, atMs), 'warn', text, atMs);
}

export function reduceJoinedRename(
  state: ClientState,
  event: JoinedEvent & { renamedFrom: string },
): ClientState {
  return { ...state, users: state.users.without(event.renamedFrom).with(event.user) };
}

export function reduceLeft(state: ClientState, event: LeftEvent, atMs: number): ClientState {
  const next = { ...state, users: state.users.without(event.name) };
  if (event.renamedTo !== undefined) {
    return addNotice(next, 'info', `${event.name} is now ${event.renamedTo}`, atMs);
  }
  const why =
    event.message !== undefined
      ? ` (${safeLine(event.message, 200)})`
      : event.reason === 'quit'
        ? ''
        : ` (${event.reason.replaceAll('_', ' ')})`;
  return addNotice(next, 'leave', `${event.name} left${why}`, atMs);
}

export function reduceUserAway(
  state: ClientState,
  event: UserAwayEvent,
  atMs: number,
): ClientState {
  const users = state.users.update(event.name, (u) => {
    const { away: _was, ...rest } = u;
    return event.away === undefined ? rest : { ...rest, away: event.away };
  });
  const next = { ...state, users };
  const me = ownName(state);
  if (me === null || !sameName(event.name, me)) return next;
  const text =
    event.away === undefined
      ? 'You are back'
      : `You are marked as away: ${safeLine(event.away, 200)}`;
  return addNotice(next, 'info', text, atMs);
}

export function reduceRenamed(state: ClientState, event: RenamedEvent, atMs: number): ClientState {
  const renamed = state.users.get(event.from);
  const users =
    renamed === undefined
      ? state.users
      : state.users.without(event.from).with({ ...renamed, name: event.to });
  const next: ClientState = {
    ...state,
    users,
    registration: { kind: 'registered', name: event.to },
    heldName: event.to,
  };
  return addNotice(next, 'info', `You are now ${event.to}`, atMs);
}

/** Scrolled to the bottom with the messages in view: the hotlist is seen. */
export function noteAttention(
  state: ClientState,
  scrolledBack: boolean,
  lookingElsewhere: boolean,
): ClientState {
  const seeing = !scrolledBack && !lookingElsewhere;
  const hotlist = seeing && !isHotlistEmpty(state.hotlist) ? EMPTY_HOTLIST : state.hotlist;
  if (
    state.scrolledBack === scrolledBack &&
    state.lookingElsewhere === lookingElsewhere &&
    hotlist === state.hotlist
  ) {
    return state;
  }
  return { ...state, scrolledBack, lookingElsewhere, hotlist };
}
