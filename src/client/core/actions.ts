/**
 * Everything that can change the client state: events from the server and
 * things that happened locally. Every action that needs the time carries it
 * (`atMs`), so the reducer stays pure and testable.
 */
import type { Media, Request, ServerEvent } from '../../protocol/messages.js';
import type { ReceivedEvent } from './event-intake.js';
import type { CallMediaFlow, CallSecurity, PeerLevel } from './call-media-port.js';
import type {
  ConnectionSecurity,
  ConnectionStatus,
  EndedKind,
  LogLevel,
  NoticeTone,
  TrustQuestion,
} from './state.js';

export type ClientAction =
  /** `request` is the request this event answers, when it carried our `ref`. */
  | { type: 'server_event'; event: ServerEvent; atMs: number; request?: Request }
  /** Events read together (event-intake.ts), applied in their order with one state change. */
  | { type: 'server_events'; events: readonly ReceivedEvent[] }
  | { type: 'connection'; status: ConnectionStatus; atMs: number }
  /** The next attempt goes to another server of the list (docs/protocol.md "Fail-over"). */
  | { type: 'server'; host: string; port: number }
  | { type: 'log'; level: LogLevel; text: string; atMs: number }
  | { type: 'notice'; tone: NoticeTone; text: string; atMs: number }
  /** The user chose a name (prompt or retry). */
  | { type: 'name_chosen'; name: string }
  /** A request got no reply in time, or could not be sent. */
  | { type: 'request_failed'; request: Request; reason: string; atMs: number }
  /** `also`: the others rung by the same `call` (docs/protocol.md "Group calls"). */
  | { type: 'call_requested'; peer: string; also?: string[]; media: Media[]; atMs: number }
  /** The direct link with one peer of the call came up or went (group calls). */
  | {
      type: 'call_peer_link';
      callId: string;
      peer: string;
      link: 'connected' | 'lost';
      reason?: string;
      atMs: number;
    }
  /** How loud each peer is and who is talking (a few times a second). */
  | { type: 'call_levels'; callId: string; levels: PeerLevel[] }
  /** The whole call's protection after a link came or went (one safety code for everyone). */
  | { type: 'call_security'; callId: string; security: CallSecurity }
  | { type: 'call_accepting'; atMs: number }
  /** `call_accept` went out: the call counts as accepted on our side. */
  | { type: 'call_accept_sent'; callId: string; atMs: number }
  | {
      type: 'call_media_connected';
      callId: string;
      flow: CallMediaFlow;
      atMs: number;
      security?: CallSecurity;
    }
  /** The user muted/unmuted the microphone or turned the camera off/on (shown at once). */
  | { type: 'call_media_toggled'; callId: string; micMuted: boolean; cameraOff: boolean }
  /** We ended the call (hang-up, reject, media gone, connection lost). */
  | { type: 'call_ended_locally'; callId: string | null; reason: string; atMs: number }
  | { type: 'clear_timeline' }
  /** The message view moved: at the bottom, unread counting stops. */
  | { type: 'view_scrolled'; atBottom: boolean }
  /** Focus moved: on a pane other than the messages and the input, messages go to the hotlist. */
  | { type: 'view_focused'; elsewhere: boolean }
  | { type: 'ended'; kind: EndedKind; text: string }
  /** The server's certificate was checked (or the session is plain). */
  | { type: 'security'; security: ConnectionSecurity }
  /** First contact: ask the user (null: answered). */
  | { type: 'trust_question'; question: TrustQuestion | null };
