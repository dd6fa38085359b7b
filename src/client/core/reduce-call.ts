/**
 * The call part of the reducer: signaling state from §1.3 events and from
 * what the call controller did locally. Media frames never come here.
 */
import type { ServerEvent } from '../../protocol/messages.js';
import { sameName } from '../../protocol/names.js';
import type { ClientAction } from './actions.js';
import type { CallMediaFlow } from './call-media-port.js';
import { describeCallEnd } from './call-end-text.js';
import { safeLine } from '../../terminal/safe-line.js';
import { formatDuration } from './format-duration.js';
import { ownName, type CallState, type ClientState, type EndedCall } from './state.js';
import { addLog, addNotice } from './state-updates.js';
import {
  callPeopleLabel,
  isGroupCall,
  isInOurCall,
  newParticipant,
  updateParticipant,
} from './call-participants.js';
import { reduceCallMember, reducePeerMedia } from './reduce-group-call.js';

type CallEvent = Extract<
  ServerEvent,
  {
    type:
      | 'call_ringing'
      | 'call_incoming'
      | 'call_accepted'
      | 'call_rejected'
      | 'call_ended'
      | 'call_member'
      | 'call_link'
      | 'call_link_accepted';
  }
>;

export function mediaLabel(media: readonly string[]): string {
  if (media.includes('video')) return media.includes('audio') ? 'video call' : 'video-only call';
  return 'audio call';
}

function callIdOf(call: CallState): string | null {
  return 'callId' in call ? call.callId : null;
}

function endCall(state: ClientState, reason: string, by: string | null, atMs: number): ClientState {
  const call = state.call;
  if (call.phase === 'idle') return state;
  const started = 'startedAtMs' in call ? call.startedAtMs : null;
  // A group call ends with everyone still in it named (docs/protocol.md "Group calls").
  const people = isGroupCall(call) ? callPeopleLabel(call) || call.peer : call.peer;
  const ended: EndedCall = {
    peer: people,
    // The server's (or the peer's) words: kept for display, so made terminal-safe here.
    reason: safeLine(reason),
    durationMs: started !== null ? Math.max(0, atMs - started) : 0,
    endedAtMs: atMs,
  };
  const why = describeCallEnd({ reason, by, peer: call.peer, me: ownName(state) });
  let text: string;
  if (started !== null) {
    text = `Call with ${people} ended: ${why} · ${formatDuration(ended.durationMs)}`;
  } else if (call.phase === 'ringing_in' && reason === 'no_answer') {
    text = `Missed call from ${call.peer}`;
  } else if (call.phase === 'ringing_in' || call.phase === 'accepting') {
    text = `Call from ${call.peer} ended: ${why}`;
  } else if (call.phase === 'requesting') {
    text = `Call to ${call.peer} failed: ${why}`;
  } else {
    text = `Call to ${call.peer} ended: ${why}`;
  }
  const next = { ...state, call: { phase: 'idle' } as const, lastCall: ended };
  return addLog(addNotice(next, 'call', text, atMs), 'info', text, atMs);
}

export function reduceCallEvent(state: ClientState, event: CallEvent, atMs: number): ClientState {
  const call = state.call;
  switch (event.type) {
    case 'call_member':
      return reduceCallMember(state, event, atMs);
    case 'call_link':
    case 'call_link_accepted':
      return state;
    case 'call_ringing': {
      // Only for the call we asked for; after a /hangup while asking, the controller cancels it.
      if (call.phase !== 'requesting') return state;
      const media = call.media;
      const also = event.also ?? [];
      const next: ClientState = {
        ...state,
        call: {
          phase: 'ringing_out',
          callId: event.callId,
          peer: event.to,
          media,
          sinceMs: atMs,
          ...(also.length > 0 && {
            group: true,
            participants: [event.to, ...also].map((name) => newParticipant(name, 'ringing')),
          }),
        },
      };
      const who = also.length > 0 ? [event.to, ...also].join(', ') : event.to;
      const text = `Calling ${who}… ringing (/hangup to cancel)`;
      return addLog(addNotice(next, 'call', text, atMs), 'info', text, atMs);
    }
    case 'call_incoming': {
      if (call.phase !== 'idle') return state;
      const members = event.members ?? [];
      const me = ownName(state);
      const next: ClientState = {
        ...state,
        bellCount: state.bellCount + 1,
        call: {
          phase: 'ringing_in',
          callId: event.callId,
          peer: event.from,
          media: event.media,
          sinceMs: atMs,
          ...(members.length > 2 && {
            group: true,
            participants: members
              .filter((m) => me === null || !sameName(m.name, me))
              .map((m) => newParticipant(m.name, m.state)),
          }),
        },
      };
      // A ringing invitee sees who is already in the call.
      const others = members
        .filter((m) => m.state === 'joined' && !sameName(m.name, event.from))
        .map((m) => m.name);
      const withWhom =
        members.length > 2 && others.length > 0 ? ` (with ${others.join(', ')})` : '';
      const text = `Incoming ${mediaLabel(event.media)} from ${event.from}${withWhom} — /accept or /reject`;
      return addLog(addNotice(next, 'call', text, atMs), 'info', text, atMs);
    }
    case 'call_accepted': {
      if (callIdOf(call) !== event.callId) return state;
      // Group calls: one more accepted while we are in the call; `call_member` says the rest.
      if ((call.phase === 'connecting' || call.phase === 'active') && event.by !== undefined) {
        const participants = updateParticipant(call, event.by, { state: 'joined' });
        return { ...state, call: { ...call, participants } };
      }
      if (call.phase !== 'ringing_out') return state;
      const peer = event.by ?? call.peer;
      const next: ClientState = {
        ...state,
        call: {
          phase: 'connecting',
          callId: call.callId,
          peer,
          media: call.media,
          role: 'caller',
          startedAtMs: atMs,
          micMuted: false,
          cameraOff: false,
          flow: null,
          ...(call.participants && {
            group: call.group ?? false,
            participants: updateParticipant(call, peer, { state: 'joined' }),
          }),
        },
      };
      const text = `${peer} accepted the call; connecting…`;
      return addLog(addNotice(next, 'call', text, atMs), 'info', text, atMs);
    }
    case 'call_rejected': {
      if (callIdOf(call) !== event.callId) return state;
      return endCall(state, event.reason || 'rejected', event.by, atMs);
    }
    case 'call_ended': {
      if (callIdOf(call) !== event.callId) return state;
      return endCall(state, event.reason, event.by, atMs);
    }
  }
}

type LocalCallAction = Extract<
  ClientAction,
  {
    type:
      | 'call_requested'
      | 'call_accepting'
      | 'call_accept_sent'
      | 'call_media_connected'
      | 'call_media_toggled'
      | 'call_ended_locally'
      | 'call_peer_link'
      | 'call_levels'
      | 'call_security';
  }
>;

export function reduceLocalCall(state: ClientState, action: LocalCallAction): ClientState {
  const call = state.call;
  switch (action.type) {
    case 'call_requested': {
      if (call.phase !== 'idle') return state;
      const also = action.also ?? [];
      return {
        ...state,
        call: {
          phase: 'requesting',
          peer: action.peer,
          media: action.media,
          sinceMs: action.atMs,
          ...(also.length > 0 && {
            group: true,
            participants: [action.peer, ...also].map((name) => newParticipant(name, 'ringing')),
          }),
        },
      };
    }
    case 'call_peer_link':
    case 'call_levels':
    case 'call_security':
      return reducePeerMedia(state, action);
    case 'call_accepting':
      if (call.phase !== 'ringing_in') return state;
      return { ...state, call: { ...call, phase: 'accepting' } };
    case 'call_accept_sent': {
      if (call.phase !== 'accepting' || call.callId !== action.callId) return state;
      const { callId, peer, media } = call;
      const next: ClientState = {
        ...state,
        call: {
          phase: 'connecting',
          callId,
          peer,
          media,
          role: 'callee',
          startedAtMs: action.atMs,
          micMuted: false,
          cameraOff: false,
          flow: null,
          ...(call.participants && { group: call.group ?? false, participants: call.participants }),
        },
      };
      return addLog(
        next,
        'info',
        `accepted the call from ${peer}; waiting for the media connection`,
        action.atMs,
      );
    }
    case 'call_media_connected': {
      if (call.phase !== 'connecting' || call.callId !== action.callId) return state;
      const security = action.security ?? { encrypted: false };
      const next: ClientState = {
        ...state,
        call: {
          ...call,
          phase: 'active',
          flow: action.flow,
          security,
          ...(call.participants && {
            participants: updateParticipant(call, call.peer, { link: 'connected' }),
          }),
        },
      };
      // The call-start line says how the call is protected (docs/media.md "Encrypted calls").
      const how = security.encrypted
        ? `encrypted · safety code ${security.safetyCode}`
        : 'not encrypted';
      const notice = security.encrypted
        ? `Call with ${call.peer} started · ${how} — read it to each other (/verify shows it again)`
        : `Call with ${call.peer} started · ${how}: ${call.peer}'s client cannot encrypt calls`;
      const logged = addLog(
        next,
        'info',
        `media connected with ${call.peer}: ${describeFlow(action.flow)} · ${how}`,
        action.atMs,
      );
      return addNotice(logged, 'call', notice, action.atMs);
    }
    case 'call_media_toggled': {
      if (call.phase !== 'connecting' && call.phase !== 'active') return state;
      if (call.callId !== action.callId) return state;
      return {
        ...state,
        call: { ...call, micMuted: action.micMuted, cameraOff: action.cameraOff },
      };
    }
    case 'call_ended_locally': {
      const current = callIdOf(call);
      if (call.phase === 'idle') return state;
      if (action.callId !== null && current !== action.callId) return state;
      return endCall(state, action.reason, null, action.atMs);
    }
  }
}

/** What flows each way, for the log: "sending audio and video, receiving audio". */
export function describeFlow(flow: CallMediaFlow): string {
  const list = (m: { audio: boolean; video: boolean }): string =>
    m.audio && m.video ? 'audio and video' : m.audio ? 'audio' : m.video ? 'video' : 'nothing';
  return `sending ${list(flow.sending)}, receiving ${list(flow.receiving)}`;
}

/** Someone else in our call (a 1:1 peer or any group member), for the UI's marks. */
export function isCallPeer(state: ClientState, name: string): boolean {
  return isInOurCall(state.call, name);
}
