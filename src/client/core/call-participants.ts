/**
 * The people of a call as the core state keeps them (docs/protocol.md
 * "Group calls"): pure helpers the reducer, the controller and the views
 * share, so a 1:1 call (only `peer`) and a group call (`participants`) are
 * read the same way.
 */
import { GROUP_CALL_CAP, MAX_CALL_MEMBERS } from '../../protocol/group-call.js';
import type { CallMember } from '../../protocol/messages.js';
import { sameName } from '../../protocol/names.js';
import type { PeerLevel } from './call-media-port.js';
import type { CallParticipant, CallState } from './state.js';

type CallWithPeople = Exclude<CallState, { phase: 'idle' }>;

/** Everyone else in the call, in the server's order; a 1:1 call's `peer` when nothing more is known. */
export function participantsOf(call: CallState): CallParticipant[] {
  if (call.phase === 'idle') return [];
  if (call.participants) return call.participants;
  const joined = call.phase === 'connecting' || call.phase === 'active';
  const connected = call.phase === 'active';
  return [
    {
      name: call.peer,
      state:
        joined || call.phase === 'ringing_in' || call.phase === 'accepting' ? 'joined' : 'ringing',
      link: connected ? 'connected' : 'pending',
      level: 0,
      talking: false,
    },
  ];
}

export function isGroupCall(call: CallState): boolean {
  return call.phase !== 'idle' && call.group === true;
}

/** Whether `name` is someone else in our call (users pane marks, busy checks). */
export function isInOurCall(call: CallState, name: string): boolean {
  return participantsOf(call).some((p) => sameName(p.name, name));
}

/** "bob" / "bob and carol" / "bob, carol and dave": who the call is with. */
export function callPeopleLabel(call: CallState): string {
  const names = participantsOf(call).map((p) => p.name);
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function newParticipant(name: string, state: 'ringing' | 'joined'): CallParticipant {
  return { name, state, link: 'pending', level: 0, talking: false };
}

/** The server's member list (minus us) merged with what we know of each link. */
export function mergeMembers(
  call: CallWithPeople,
  members: readonly CallMember[],
  me: string | null,
): CallParticipant[] {
  const known = participantsOf(call);
  return members
    .filter((m) => me === null || !sameName(m.name, me))
    .map((m) => {
      const old = known.find((p) => sameName(p.name, m.name));
      return old ? { ...old, state: m.state } : newParticipant(m.name, m.state);
    });
}

/** One participant changed; the others are kept as they are. */
export function updateParticipant(
  call: CallWithPeople,
  name: string,
  change: Partial<CallParticipant>,
): CallParticipant[] {
  const list = participantsOf(call);
  const found = list.some((p) => sameName(p.name, name));
  const base = found ? list : [...list, newParticipant(name, 'joined')];
  return base.map((p) => (sameName(p.name, name) ? { ...p, ...change } : p));
}

/** New levels, or the same array when nothing a view shows has changed (no re-render). */
export function withLevels(
  list: CallParticipant[],
  levels: readonly PeerLevel[],
): CallParticipant[] {
  let changed = false;
  const next = list.map((p) => {
    const heard = levels.find((l) => sameName(l.name, p.name));
    if (!heard) return p;
    // The HUD shows a few steps: a change below one step is not worth a frame.
    const level = Math.round(heard.level * 20) / 20;
    if (level === p.level && heard.talking === p.talking) return p;
    changed = true;
    return { ...p, level, talking: heard.talking };
  });
  return changed ? next : list;
}

/**
 * Why a call with `names` (besides us) cannot be made, checked against the
 * user list before asking the server (which checks again): the size limit,
 * text-mode users, and clients without `group-call` in a call of three or
 * more (docs/protocol.md "Group calls"). Undefined when it can.
 */
export function groupCallRefusal(
  users: { get(name: string): { name: string; caps: string[] } | undefined },
  names: readonly string[],
): string | undefined {
  if (names.length + 1 > MAX_CALL_MEMBERS) return `a call has at most ${MAX_CALL_MEMBERS} people`;
  for (const [i, name] of names.entries()) {
    if (names.slice(0, i).some((other) => sameName(other, name))) return `${name} is named twice`;
    const user = users.get(name);
    if (!user) continue; // the server answers no_such_user
    // docs/protocol-v1.md §1.3: a user without the `call` capability (an `nc` user) cannot take one.
    if (!user.caps.includes('call')) return `${user.name} is in text mode and cannot take calls`;
    if (names.length > 1 && !user.caps.includes(GROUP_CALL_CAP)) {
      return `${user.name}'s client can only be in a 1:1 call`;
    }
  }
  return undefined;
}
