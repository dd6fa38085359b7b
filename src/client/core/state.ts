/**
 * The client's whole state, as plain data. Only `reducer.ts` makes new
 * versions of it; the UI renders it.
 *
 * Terminal safety (issue 3 item 7): identities and bodies — user names,
 * message `from`/`to`/`text`, a call's `peer` — are kept exactly as the
 * server sent them, because they are compared and sent back; the UI
 * sanitizes them at display time. Every text the core composes for display
 * (notices, log lines, `ended.text`, connection reasons and errors, the name
 * prompt's error, `lastCall.reason`, `serverInfo`) is already terminal-safe
 * (src/terminal/): whoever shows it, it cannot carry an escape sequence.
 */
import type { CallSecurity } from './call-media-port.js';
import type { Media, User } from '../../protocol/messages.js';
import { emptyList, type ChunkedList } from './chunked-list.js';

/** Issue 3 item 3: memory is bounded to the last 10,000 messages. */
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
   * `untilMs` (issue 3 item 6: "register the same name again").
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
 * idle timeout (90 s, PROTOCOL.md §1.4) drops the cut-off session, plus 10 s.
 */
export const RECLAIM_NAME_MS = 100_000;

export type NoticeTone = 'join' | 'leave' | 'call' | 'info' | 'echo' | 'error' | 'motd';

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
    }
  | { kind: 'notice'; seq: number; ts: number; tone: NoticeTone; text: string };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  seq: number;
  ts: number;
  level: LogLevel;
  text: string;
}

/** Signaling state of the one call a user may be in (PROTOCOL.md §1.3). */
export type CallState =
  | { phase: 'idle' }
  /** `call` sent, no `call_ringing` yet. */
  | { phase: 'requesting'; peer: string; media: Media[]; sinceMs: number }
  | { phase: 'ringing_out'; callId: string; peer: string; media: Media[]; sinceMs: number }
  | { phase: 'ringing_in'; callId: string; peer: string; media: Media[]; sinceMs: number }
  /** We accepted; opening the media listener. */
  | { phase: 'accepting'; callId: string; peer: string; media: Media[]; sinceMs: number }
  /** Accepted on both sides; the media connection is not up yet. */
  | CallInProgress<'connecting'>
  | CallInProgress<'active'>;

export interface CallInProgress<P extends 'connecting' | 'active'> {
  phase: P;
  callId: string;
  peer: string;
  media: Media[];
  role: 'caller' | 'callee';
  /** When the call was accepted: its duration counts from here. */
  startedAtMs: number;
  /** Our own microphone / camera choice in this call (the media layer reports it 1/s; this is at once). */
  micMuted: boolean;
  cameraOff: boolean;
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

export interface ClientState {
  host: string;
  port: number;
  /** `server` from `welcome`. */
  serverInfo: string;
  connection: ConnectionStatus;
  registration: Registration;
  users: User[];
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
  ended: { kind: 'quit' | 'shutdown' | 'bye'; text: string } | null;
  /** The name of our last successful registration in this run: the one to reclaim after a drop. */
  heldName: string | null;
  /** How long to keep reclaiming `heldName` (RECLAIM_NAME_MS unless a test says otherwise). */
  reclaimNameMs: number;
}

export function createInitialState(options: {
  host: string;
  port: number;
  name?: string;
  reclaimNameMs?: number;
}): ClientState {
  return {
    host: options.host,
    port: options.port,
    serverInfo: '',
    connection: { kind: 'idle' },
    registration:
      options.name !== undefined
        ? { kind: 'registering', name: options.name }
        : { kind: 'need_name' },
    users: [],
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
    reclaimNameMs: options.reclaimNameMs ?? RECLAIM_NAME_MS,
  };
}

/** Our name once chosen (registered or being registered). */
export function ownName(state: ClientState): string | null {
  return state.registration.kind === 'need_name' ? null : state.registration.name;
}
