/**
 * The client's whole state, as plain data. Only `reducer.ts` makes new
 * versions of it; the UI renders it.
 *
 * Terminal safety (docs/architecture.md "protocol/"): identities and bodies — user names,
 * message `from`/`to`/`text`, a call's `peer` — are kept exactly as the
 * server sent them, because they are compared and sent back; the UI
 * sanitizes them at display time. Every text the core composes for display
 * (notices, log lines, `ended.text`, connection reasons and errors, the name
 * prompt's error, `lastCall.reason`, `serverInfo`) is already terminal-safe
 * (src/terminal/): whoever shows it, it cannot carry an escape sequence.
 */
import type { CallMediaFlow, CallSecurity } from './call-media-port.js';
import type { Media } from '../../protocol/messages.js';
import { emptyList, type ChunkedList } from './chunked-list.js';
import { UserList } from './user-list.js';
import { NOTHING_SEEN, type SeenWatermark } from './history-merge.js';
import { EMPTY_HOTLIST, type Hotlist } from './hotlist.js';

/** Memory is bounded to the last 10,000 messages. */
export const MAX_TIMELINE_ENTRIES = 10_000;
export const MAX_LOG_ENTRIES = 1_000;

export type ConnectionStatus =
  /** Not started yet. */
  | { kind: 'idle' }
  | { kind: 'connecting'; attempt: number }
  /** The socket is up; `hello` not answered yet (or no name chosen yet). */
  | { kind: 'connected' }
  | { kind: 'registered' }
  /** The connection dropped or failed; the next attempt is at `retryAtMs`. */
  | { kind: 'waiting'; attempt: number; retryAtMs: number; error: string }
  /** For good: after /quit, a server shutdown or `bye`. No reconnect. */
  | { kind: 'closed'; reason: string };

export type Registration =
  /** The user must choose a name; `error` says why the last one failed. */
  | { kind: 'need_name'; error?: string; previous?: string }
  /**
   * `hello` sent (or to be sent once connected). `reclaim`: the server said
   * `name_taken` for the name we held before a network drop — its old session
   * lingers until the server's idle timeout — so we keep asking until
   * `untilMs` (after a drop the client registers the same name again).
   */
  | { kind: 'registering'; name: string; reclaim?: NameReclaim }
  | { kind: 'registered'; name: string };

export interface NameReclaim {
  /** After this, a `name_taken` sends the user to the name prompt. */
  untilMs: number;
  /** `name_taken` replies so far; the retry delay grows with it. */
  attempts: number;
}

/**
 * How long to keep asking for our own name after a reconnect: the server's
 * idle timeout (90 s, docs/protocol-v1.md §1.4) drops the cut-off session, plus 10 s.
 */
export const RECLAIM_NAME_MS = 100_000;

export type NoticeTone =
  | 'join'
  | 'leave'
  | 'call'
  | 'info'
  | 'echo'
  | 'error'
  | 'motd'
  /** The line that marks a reconnect: what is below it came after the gap. */
  | 'divider';

export type TimelineEntry =
  | {
      kind: 'message';
      seq: number;
      ts: number;
      id: number;
      from: string;
      text: string;
      private: boolean;
      to?: string;
      /** Sent by us. */
      own: boolean;
      /** Mentions our name (never true for our own messages). */
      mention: boolean;
      /** An action (`/me`): shown as `* bob waves`. */
      action?: boolean;
    }
  | { kind: 'notice'; seq: number; ts: number; tone: NoticeTone; text: string };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  seq: number;
  ts: number;
  level: LogLevel;
  text: string;
}

/** Signaling state of the one call a user may be in (docs/protocol-v1.md §1.3). */
export type CallState =
  | { phase: 'idle' }
  /** `call` sent, no `call_ringing` yet. */
  | ({ phase: 'requesting'; peer: string; media: Media[]; sinceMs: number } & CallPeople)
  | ({
      phase: 'ringing_out';
      callId: string;
      peer: string;
      media: Media[];
      sinceMs: number;
    } & CallPeople)
  | ({
      phase: 'ringing_in';
      callId: string;
      peer: string;
      media: Media[];
      sinceMs: number;
    } & CallPeople)
  /** We accepted; opening the media listener. */
  | ({
      phase: 'accepting';
      callId: string;
      peer: string;
      media: Media[];
      sinceMs: number;
    } & CallPeople)
  /** Accepted on both sides; the media connection is not up yet. */
  | CallInProgress<'connecting'>
  | CallInProgress<'active'>;

/**
 * Everyone else in a call (docs/protocol.md "Group calls"): the one source
 * of truth for the call status line, the users pane marks and the video
 * tiles. Absent in a 1:1 call made before any group event (then `peer` is
 * the one other person; `participantsOf` in call-participants.ts covers both).
 */
export interface CallPeople {
  participants?: CallParticipant[];
  /** The call has had more than two people: a lost link drops that peer, not the call. */
  group?: boolean;
}

export interface CallParticipant {
  name: string;
  /** Being rung, or in the call. */
  state: 'ringing' | 'joined';
  /** Our direct media link with them: not up yet, up, or gone (`linkError` says why). */
  link: 'pending' | 'connected' | 'lost';
  linkError?: string;
  /** Peak level of their audio as we hear it, 0–1, and whether they are talking. */
  level: number;
  talking: boolean;
}

export interface CallInProgress<P extends 'connecting' | 'active'> extends CallPeople {
  phase: P;
  callId: string;
  peer: string;
  media: Media[];
  role: 'caller' | 'callee';
  /** When the call was accepted: its duration counts from here. */
  startedAtMs: number;
  /**
   * Our own microphone / camera choice in this call: the one source of truth
   * (call-controller.ts writes it and hands it to the media layer, every view
   * reads it here).
   */
  micMuted: boolean;
  cameraOff: boolean;
  /** Which media flow each way once the media connection is up; null before. */
  flow: CallMediaFlow | null;
  /** Once the media connection is up: encrypted with its safety code, or plain. */
  security?: CallSecurity;
}

export interface EndedCall {
  peer: string;
  reason: string;
  /** 0 when the call never got accepted. */
  durationMs: number;
  endedAtMs: number;
}

/** How the chat connection is protected (docs/security.md). */
export type ConnectionSecurity =
  /** TLS, not yet checked against known_servers (or not connected yet). */
  | { kind: 'pending' }
  /** TLS with the pinned certificate; `fingerprint` is `AB:CD:…`. */
  | { kind: 'tls'; fingerprint: string }
  /** `--plaintext`: everything in clear, for the whole session. */
  | { kind: 'plain' };

/** First contact with a server: the user is asked whether to trust its certificate. */
export interface TrustQuestion {
  /** `host:port`, the key in known_servers. */
  server: string;
  fingerprint: string;
  /** Where the answer is kept. */
  file: string;
}

/** How a session can end; `insecure` exits non-zero. */
export type EndedKind = 'quit' | 'shutdown' | 'bye' | 'refused' | 'insecure';

export interface ClientState {
  host: string;
  port: number;
  security: ConnectionSecurity;
  /** Shown before anything else while set; nothing is sent until it is answered. */
  trustQuestion: TrustQuestion | null;
  /** `server` from `welcome`. */
  serverInfo: string;
  connection: ConnectionStatus;
  registration: Registration;
  /** Who is here, in display order (user-list.ts: joins and leaves cost O(log n)). */
  users: UserList;
  timeline: ChunkedList<TimelineEntry>;
  log: LogEntry[];
  /** Next `seq` for a timeline or log entry. */
  nextSeq: number;
  /** The view is not at the bottom: new messages count as unread. */
  scrolledBack: boolean;
  unreadBelow: number;
  /** Increments whenever the terminal bell should ring (mention, private message, incoming call). */
  bellCount: number;
  call: CallState;
  lastCall: EndedCall | null;
  /** Set when the app should exit (after /quit, or the server shut down). */
  ended: { kind: EndedKind; text: string } | null;
  /** The name of our last successful registration in this run: the one to reclaim after a drop. */
  heldName: string | null;
  /** `host:port` of the server that gave us `heldName`: after a fail-over it may still hold it. */
  heldOn: string | null;
  /** How long to keep reclaiming `heldName` (RECLAIM_NAME_MS unless a test says otherwise). */
  reclaimNameMs: number;
  /** A server `shutdown` ends the client (`--exit-on-shutdown`) instead of reconnecting. */
  exitOnShutdown: boolean;
  /** The newest message seen: a `welcome` replay merges below it (history-merge.ts). */
  seenUpTo: SeenWatermark;
  /** When the registered connection was lost; null while connected (or never registered). */
  disconnectedAtMs: number | null;
  /** Focus is on a pane other than the messages and the input line: messages go unseen. */
  lookingElsewhere: boolean;
  hotlist: Hotlist;
}

export function createInitialState(options: {
  host: string;
  port: number;
  name?: string;
  reclaimNameMs?: number;
  exitOnShutdown?: boolean;
  /** The session is in clear (`--plaintext`). */
  plaintext?: boolean;
}): ClientState {
  return {
    host: options.host,
    port: options.port,
    security: options.plaintext ? { kind: 'plain' } : { kind: 'pending' },
    trustQuestion: null,
    serverInfo: '',
    connection: { kind: 'idle' },
    registration:
      options.name !== undefined
        ? { kind: 'registering', name: options.name }
        : { kind: 'need_name' },
    users: UserList.empty,
    timeline: emptyList(),
    log: [],
    nextSeq: 1,
    scrolledBack: false,
    unreadBelow: 0,
    bellCount: 0,
    call: { phase: 'idle' },
    lastCall: null,
    ended: null,
    heldName: null,
    heldOn: null,
    reclaimNameMs: options.reclaimNameMs ?? RECLAIM_NAME_MS,
    exitOnShutdown: options.exitOnShutdown ?? false,
    seenUpTo: NOTHING_SEEN,
    disconnectedAtMs: null,
    lookingElsewhere: false,
    hotlist: EMPTY_HOTLIST,
  };
}

/** Our name once chosen (registered or being registered). */
export function ownName(state: ClientState): string | null {
  return state.registration.kind === 'need_name' ? null : state.registration.name;
}
