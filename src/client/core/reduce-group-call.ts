/**
 * The group part of the call reducer (docs/protocol.md "Group calls"): who
 * is rung into, joins and leaves our call (`call_member`), and what the
 * media layer reports per peer (link up or lost, levels, the whole call's
 * safety code). The call itself ends in reduce-call.ts.
 */
import type { CallMemberEvent } from '../../protocol/messages.js';
import { sameName } from '../../protocol/names.js';
import { safeLine } from '../../terminal/safe-line.js';
import type { ClientAction } from './actions.js';
import {
  isGroupCall,
  mergeMembers,
  participantsOf,
  updateParticipant,
  withLevels,
} from './call-participants.js';
import { ownName, type ClientState } from './state.js';
import { addLog, addNotice } from './state-updates.js';

/** Why someone left, in words: "hung up", "declined", "did not answer", "disconnected". */
function leftWords(reason: string | undefined): string {
  switch (reason) {
    case 'hangup':
    case undefined:
      return 'hung up';
    case 'rejected':
      return 'declined';
    case 'no_answer':
      return 'did not answer';
    case 'peer_left':
      return 'disconnected';
    case 'cancelled':
      return 'cancelled';
    default:
      return safeLine(reason, 120);
  }
}

export function reduceCallMember(
  state: ClientState,
  event: CallMemberEvent,
  atMs: number,
): ClientState {
  const call = state.call;
  if (call.phase === 'idle' || !('callId' in call) || call.callId !== event.callId) return state;
  const me = ownName(state);
  const aboutMe = me !== null && sameName(event.name, me);
  if (aboutMe && event.state === 'left') return state;
  const participants = mergeMembers(call, event.members, me);
  // `peer` names someone still here, for the views that show one name.
  const stillHere = participants.some((p) => sameName(p.name, call.peer));
  const peer = stillHere
    ? call.peer
    : (participants.find((p) => p.state === 'joined') ?? participants[0])?.name;
  const next: ClientState = {
    ...state,
    call: { ...call, group: true, participants, peer: peer ?? call.peer },
  };
  let text: string;
  switch (event.state) {
    case 'ringing': {
      const by =
        event.by !== undefined && !(me !== null && sameName(event.by, me)) ? event.by : null;
      text = by ? `${by} is ringing ${event.name} into the call` : `Ringing ${event.name}…`;
      break;
    }
    case 'joined':
      if (aboutMe) return addLog(next, 'info', 'joined the group call', atMs);
      text = `${event.name} joined the call`;
      break;
    case 'left':
      text = `${event.name} left the call: ${leftWords(event.reason)}`;
      break;
  }
  return addLog(addNotice(next, 'call', text, atMs), 'info', text, atMs);
}

type PeerMediaAction = Extract<
  ClientAction,
  { type: 'call_peer_link' | 'call_levels' | 'call_security' }
>;

export function reducePeerMedia(state: ClientState, action: PeerMediaAction): ClientState {
  const call = state.call;
  if (call.phase !== 'connecting' && call.phase !== 'active') return state;
  if (call.callId !== action.callId) return state;
  switch (action.type) {
    case 'call_peer_link': {
      // A 1:1 call lives and ends with its one link (reduce-call.ts).
      if (!isGroupCall(call)) return state;
      // The link of someone who already left the call goes with them: nothing to add back.
      const present = participantsOf(call).some((p) => sameName(p.name, action.peer));
      if (action.link === 'lost' && !present) return state;
      const participants = updateParticipant(call, action.peer, {
        link: action.link,
        ...(action.reason !== undefined && { linkError: safeLine(action.reason, 200) }),
        ...(action.link === 'lost' && { level: 0, talking: false }),
      });
      const next: ClientState = { ...state, call: { ...call, participants } };
      if (action.link === 'connected') {
        return addLog(next, 'info', `media connected with ${action.peer}`, action.atMs);
      }
      const text = `Lost the media connection with ${action.peer}: ${safeLine(action.reason ?? 'gone', 200)}; the call goes on`;
      return addLog(addNotice(next, 'call', text, action.atMs), 'warn', text, action.atMs);
    }
    case 'call_levels': {
      const list = participantsOf(call);
      const participants = withLevels(list, action.levels);
      if (participants === list) return state;
      return { ...state, call: { ...call, participants } };
    }
    case 'call_security': {
      if (call.phase !== 'active') return state;
      const before = call.security;
      const same =
        before?.encrypted === action.security.encrypted &&
        (!before.encrypted ||
          (action.security.encrypted && before.safetyCode === action.security.safetyCode));
      if (same) return state;
      return { ...state, call: { ...call, security: action.security } };
    }
  }
}
