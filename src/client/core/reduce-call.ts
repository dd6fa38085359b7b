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
  const ended: EndedCall = {
    peer: call.peer,
    // The server's (or the peer's) words: kept for display, so made terminal-safe here.
    reason: safeLine(reason),
    durationMs: started !== null ? Math.max(0, atMs - started) : 0,
    endedAtMs: atMs,
  };
  const why = describeCallEnd({ reason, by, peer: call.peer, me: ownName(state) });
  let text: string;
  if (started !== null) {
    text = `Call with ${call.peer} ended: ${why} · ${formatDuration(ended.durationMs)}`;
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
    case 'call_link':
    case 'call_link_accepted':
      return state;
    case 'call_ringing': {
      // Only for the call we asked for; after a /hangup while asking, the controller cancels it.
      if (call.phase !== 'requesting') return state;
      const media = call.media;
      const next: ClientState = {
        ...state,
        call: {
          phase: 'ringing_out',
          callId: event.callId,
          peer: event.to,
          media,
          sinceMs: atMs,
        },
      };
      const text = `Calling ${event.to}… ringing (/hangup to cancel)`;
      return addLog(addNotice(next, 'call', text, atMs), 'info', text, atMs);
    }
    case 'call_incoming': {
      if (call.phase !== 'idle') return state;
      const next: ClientState = {
        ...state,
        bellCount: state.bellCount + 1,
        call: {
          phase: 'ringing_in',
          callId: event.callId,
          peer: event.from,
          media: event.media,
          sinceMs: atMs,
        },
      };
      const text = `Incoming ${mediaLabel(event.media)} from ${event.from} — /accept or /reject`;
      return addLog(addNotice(next, 'call', text, atMs), 'info', text, atMs);
    }
    case 'call_accepted': {
      if (call.phase !== 'ringing_out' || call.callId !== event.callId) return state;
      const next: ClientState = {
        ...state,
        call: {
          phase: 'connecting',
          callId: call.callId,
          peer: call.peer,
          media: call.media,
          role: 'caller',
          startedAtMs: atMs,
          micMuted: false,
          cameraOff: false,
          flow: null,
        },
      };
      const text = `${call.peer} accepted the call; connecting…`;
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
      | 'call_ended_locally';
  }
>;

export function reduceLocalCall(state: ClientState, action: LocalCallAction): ClientState {
  const call = state.call;
  switch (action.type) {
    case 'call_requested':
      if (call.phase !== 'idle') return state;
      return {
        ...state,
        call: { phase: 'requesting', peer: action.peer, media: action.media, sinceMs: action.atMs },
      };
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
        call: { ...call, phase: 'active', flow: action.flow, security },
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

/** The peer of a call in progress, for "you" checks in the UI. */
export function isCallPeer(state: ClientState, name: string): boolean {
  return state.call.phase !== 'idle' && sameName(state.call.peer, name);
}
