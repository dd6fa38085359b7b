/** Small pure steps the reducer combines: add a notice, a log line, a message. */
import type { MessageEvent } from '../../protocol/messages.js';
import { sameName } from '../../protocol/names.js';
import type { UserList } from './user-list.js';
import { mentions } from './mention.js';
import type { ClientState, LogLevel, NoticeTone, TimelineEntry } from './state.js';
import { ownName } from './state.js';
import { appendLog, appendTimeline } from './timeline.js';
import { sanitizeForTerminal } from '../../terminal/sanitize.js';

/**
 * Notices and log lines are built from server text (names, reasons, the motd,
 * echo replies): made terminal-safe once, here, so no consumer of the state
 * (the UI, the log file, the last words after exit) can get it raw. Line
 * breaks stay (a motd may have several lines); idempotent, so the UI's own
 * pass changes nothing.
 */
const safeText = (text: string): string => sanitizeForTerminal(text, { multiline: true });

export function addNotice(
  state: ClientState,
  tone: NoticeTone,
  text: string,
  atMs: number,
): ClientState {
  const entry: TimelineEntry = {
    kind: 'notice',
    seq: state.nextSeq,
    ts: atMs,
    tone,
    text: safeText(text),
  };
  return {
    ...state,
    nextSeq: state.nextSeq + 1,
    timeline: appendTimeline(state.timeline, [entry]),
  };
}

export function addLog(
  state: ClientState,
  level: LogLevel,
  text: string,
  atMs: number,
): ClientState {
  const entry = { seq: state.nextSeq, ts: atMs, level, text: safeText(text) };
  return { ...state, nextSeq: state.nextSeq + 1, log: appendLog(state.log, [entry]) };
}

/**
 * Appends chat messages. `live` is false for `welcome` history: no bell, no
 * unread count for what happened before we arrived.
 */
export function addMessages(
  state: ClientState,
  messages: readonly MessageEvent[],
  live: boolean,
): ClientState {
  if (messages.length === 0) return state;
  const me = ownName(state);
  let seq = state.nextSeq;
  let bells = 0;
  const entries: TimelineEntry[] = messages.map((m) => {
    const own = me !== null && sameName(m.from, me);
    const mention = !own && me !== null && mentions(m.text, me);
    if (live && !own && (mention || m.private)) bells += 1;
    return {
      kind: 'message',
      seq: seq++,
      ts: m.ts,
      id: m.id,
      from: m.from,
      text: m.text,
      private: m.private,
      ...(m.to !== undefined ? { to: m.to } : {}),
      own,
      mention,
      ...(m.action === true ? { action: true } : {}),
    };
  });
  return {
    ...state,
    nextSeq: seq,
    timeline: appendTimeline(state.timeline, entries),
    unreadBelow:
      state.scrolledBack && live ? state.unreadBelow + entries.length : state.unreadBelow,
    bellCount: state.bellCount + (bells > 0 ? 1 : 0),
  };
}

export function describeUsers(users: UserList, me: string | null): string {
  const names = users.map((u) => {
    const tags = [
      me !== null && sameName(u.name, me) ? 'you' : null,
      u.status !== 'online' ? u.status.replace('_', ' ') : null,
      u.away !== undefined ? `away: ${u.away}` : null,
    ]
      .filter((t) => t !== null)
      .join(', ');
    return tags ? `${u.name} (${tags})` : u.name;
  });
  return `${users.length} ${users.length === 1 ? 'user' : 'users'} here: ${names.join(', ')}`;
}
