/**
 * The chat protocol's messages as TypeScript types (docs/protocol-v1.md §1.1–§1.3).
 * Requests go client → server, events server → client. Both are discriminated
 * on `type`, so a `switch` over them can be checked for exhaustiveness.
 */
import type { ErrorCode } from './error-codes.js';

export type Ref = string | number;
export type Media = 'audio' | 'video';
export type UserStatus = 'online' | 'ringing' | 'in_call';
export type LeftReason = 'quit' | 'timeout' | 'error' | 'kicked' | 'slow_consumer' | 'shutdown';

export interface User {
  name: string;
  /** `ip:port` as the server sees the connection; absent when the server hides addresses. */
  address?: string;
  /** Registration time, ms since epoch. */
  since: number;
  status: UserStatus;
  /** What the user can receive, e.g. `["call"]`. */
  caps: string[];
  /** tchat addition (docs/protocol.md "Away"): set while the user is away, with the reason. */
  away?: string;
  /**
   * SHA-256 of the user's TLS client certificate (`AB:CD:…`), when they
   * connected with one (docs/security.md "Names bound to keys").
   */
  fingerprint?: string;
}

// ---- Requests (§1.1) -------------------------------------------------------

interface RequestBase {
  ref?: Ref;
}

export interface HelloRequest extends RequestBase {
  type: 'hello';
  name: string;
  protocol?: number;
  client?: string;
  caps?: string[];
}
export interface SayRequest extends RequestBase {
  type: 'say';
  text: string;
  /** tchat addition: an action (`/me waves`), shown as `* bob waves`. */
  action?: boolean;
}
export interface WhisperRequest extends RequestBase {
  type: 'whisper';
  to: string;
  text: string;
  action?: boolean;
}
export interface EchoRequest extends RequestBase {
  type: 'echo';
  text: string;
}
export interface ListRequest extends RequestBase {
  type: 'list';
}
export interface QuitRequest extends RequestBase {
  type: 'quit';
  reason?: string;
}
export interface ShutdownRequest extends RequestBase {
  type: 'shutdown';
  token: string;
  reason?: string;
}
/** Admin: frees a name from its key's reservation (docs/protocol.md "release_name"). */
export interface ReleaseNameRequest extends RequestBase {
  type: 'release_name';
  name: string;
  token: string;
}
export interface PingRequest extends RequestBase {
  type: 'ping';
  ts?: number;
}
export interface PongRequest extends RequestBase {
  type: 'pong';
  ts?: number;
}
export interface CallRequest extends RequestBase {
  type: 'call';
  to: string;
  media: Media[];
  /** tchat's encrypted calls (docs/media.md): the commitment to the caller's media certificate. */
  fingerprintCommitment?: string;
  /** Group calls (docs/protocol.md "Group calls"): more people rung at once, besides `to`. */
  also?: string[];
}
/** Group calls: a member rings one more person into the call. */
export interface CallInviteRequest extends RequestBase {
  type: 'call_invite';
  callId: string;
  to: string;
  /** The commitment to the inviter's media certificate, as in `call`. */
  fingerprintCommitment?: string;
}
/** Group calls: a member who joined later asks an earlier member to listen for it. */
export interface CallLinkRequest extends RequestBase {
  type: 'call_link';
  callId: string;
  to: string;
  fingerprintCommitment?: string;
}
/** Group calls: the earlier member answers `call_link` with where it listens. */
export interface CallLinkAcceptRequest extends RequestBase {
  type: 'call_link_accept';
  callId: string;
  to: string;
  port: number;
  host?: string;
  token: string;
  fingerprint?: string;
}
export interface CallAcceptRequest extends RequestBase {
  type: 'call_accept';
  callId: string;
  port: number;
  host?: string;
  token: string;
  /** tchat's encrypted calls: the callee's media certificate, `SHA256:…`. */
  fingerprint?: string;
}
export interface CallRejectRequest extends RequestBase {
  type: 'call_reject';
  callId: string;
  reason?: string;
}
export interface CallEndRequest extends RequestBase {
  type: 'call_end';
  callId: string;
  reason?: string;
}
/** tchat addition (docs/protocol.md "Away"): a reason marks you away; none (or empty) marks you back. */
export interface AwayRequest extends RequestBase {
  type: 'away';
  reason?: string;
}
/** tchat addition (docs/protocol.md "Renaming"): take a new name, keeping the session. */
export interface NickRequest extends RequestBase {
  type: 'nick';
  name: string;
}

export type Request =
  | HelloRequest
  | SayRequest
  | WhisperRequest
  | EchoRequest
  | ListRequest
  | QuitRequest
  | ShutdownRequest
  | ReleaseNameRequest
  | PingRequest
  | PongRequest
  | CallRequest
  | CallAcceptRequest
  | CallRejectRequest
  | CallEndRequest
  | CallInviteRequest
  | CallLinkRequest
  | CallLinkAcceptRequest
  | AwayRequest
  | NickRequest;

export type RequestType = Request['type'];

export const REQUEST_TYPES: readonly RequestType[] = [
  'hello',
  'say',
  'whisper',
  'echo',
  'list',
  'quit',
  'shutdown',
  'ping',
  'pong',
  'call',
  'call_accept',
  'call_reject',
  'call_end',
  'call_invite',
  'call_link',
  'call_link_accept',
  'away',
  'nick',
];

/** §1.1: before a successful `hello` only these are allowed. */
export const PRE_HELLO_REQUESTS: ReadonlySet<RequestType> = new Set([
  'hello',
  'ping',
  'pong',
  'quit',
]);

// ---- Events (§1.2) ---------------------------------------------------------

interface EventBase {
  /** Set on replies sent directly because of a request carrying `ref`. */
  ref?: Ref;
}

export interface MessageEvent extends EventBase {
  type: 'message';
  id: number;
  ts: number;
  from: string;
  text: string;
  private: boolean;
  /** Only when private. */
  to?: string;
  /** tchat addition: an action (`/me`); v1 clients still show the text. */
  action?: boolean;
  /** tchat addition, on the sender's own copy of a private message: the recipient's away reason. */
  recipientAway?: string;
}
export interface WelcomeEvent extends EventBase {
  type: 'welcome';
  name: string;
  protocol: number;
  server: string;
  users: User[];
  history: MessageEvent[];
  motd?: string;
  /** This many more users follow as `joined` events marked `listing` (docs/protocol.md "Long user lists"). */
  moreUsers?: number;
}
export interface EchoEvent extends EventBase {
  type: 'echo';
  text: string;
  ts: number;
}
export interface UsersEvent extends EventBase {
  type: 'users';
  users: User[];
  /** As in `welcome`. */
  moreUsers?: number;
}
export interface JoinedEvent extends EventBase {
  type: 'joined';
  user: User;
  /** The rest of a `welcome`/`users` list, not a new arrival (docs/protocol.md "Long user lists"). */
  listing?: boolean;
  /** tchat addition: this `joined` is the second half of a rename from this name. */
  renamedFrom?: string;
}
export interface LeftEvent extends EventBase {
  type: 'left';
  name: string;
  reason: LeftReason;
  /** tchat addition: the reason the user gave with `quit` (`/quit REASON`). */
  message?: string;
  /** tchat addition: not gone, renamed; a `joined` with `renamedFrom` follows. */
  renamedTo?: string;
}
/** tchat addition (docs/protocol.md "Away"): `away` absent means back. */
export interface UserAwayEvent extends EventBase {
  type: 'user_away';
  name: string;
  away?: string;
}
/** tchat addition (docs/protocol.md "Renaming"): the reply to your own `nick`. */
export interface RenamedEvent extends EventBase {
  type: 'renamed';
  from: string;
  to: string;
}
export interface UserStatusEvent extends EventBase {
  type: 'user_status';
  name: string;
  status: UserStatus;
}
export interface CallRingingEvent extends EventBase {
  type: 'call_ringing';
  callId: string;
  to: string;
  /** Group calls: the others rung by the same `call`. */
  also?: string[];
}
/** A person in a group call (docs/protocol.md "Group calls"). */
export interface CallMember {
  name: string;
  state: 'ringing' | 'joined';
}
/** Group calls: someone is rung into, joined or left the call; `members` is the call after it. */
export interface CallMemberEvent extends EventBase {
  type: 'call_member';
  callId: string;
  name: string;
  state: 'ringing' | 'joined' | 'left';
  /** Joined members in the order they joined, then those ringing. */
  members: CallMember[];
  /** ringing: who rang; left: who ended it for them (a name, or `server`). */
  by?: string;
  /** left: why (`hangup`, `rejected`, `no_answer`, `peer_left`, …). */
  reason?: string;
  /** joined: the member that got this joiner's `call_accepted` (it connects; no `call_link` for it). */
  via?: string;
}
/** Group calls: relayed `call_link` (the sender will connect to you). */
export interface CallLinkEvent extends EventBase {
  type: 'call_link';
  callId: string;
  from: string;
  fingerprintCommitment?: string;
}
/** Group calls: relayed `call_link_accept` (connect to `host:port`). */
export interface CallLinkAcceptedEvent extends EventBase {
  type: 'call_link_accepted';
  callId: string;
  from: string;
  host: string;
  port: number;
  token: string;
  fingerprint?: string;
}
export interface CallIncomingEvent extends EventBase {
  type: 'call_incoming';
  callId: string;
  from: string;
  media: Media[];
  /** Relayed from `call` when the caller sent it. */
  fingerprintCommitment?: string;
  /** Group calls: everyone in the call (you included, ringing), to a client with `group-call`. */
  members?: CallMember[];
}
export interface CallAcceptedEvent extends EventBase {
  type: 'call_accepted';
  callId: string;
  /** Group calls: who accepted (a member may get several `call_accepted`). */
  by?: string;
  host: string;
  port: number;
  token: string;
  /** Relayed from `call_accept` when the callee sent it. */
  fingerprint?: string;
}
export interface CallRejectedEvent extends EventBase {
  type: 'call_rejected';
  callId: string;
  by: string;
  reason: string;
}
export interface CallEndedEvent extends EventBase {
  type: 'call_ended';
  callId: string;
  /** A name, or `server`. */
  by: string;
  reason: string;
}
export interface ShutdownEvent extends EventBase {
  type: 'shutdown';
  by: string;
  reason: string;
}
export interface ByeEvent extends EventBase {
  type: 'bye';
  reason: string;
}
export interface PingEvent extends EventBase {
  type: 'ping';
  ts?: number;
}
export interface PongEvent extends EventBase {
  type: 'pong';
  ts?: number;
}
export interface ErrorEvent extends EventBase {
  type: 'error';
  code: ErrorCode;
  message: string;
}

export type ServerEvent =
  | WelcomeEvent
  | MessageEvent
  | EchoEvent
  | UsersEvent
  | JoinedEvent
  | LeftEvent
  | UserStatusEvent
  | UserAwayEvent
  | RenamedEvent
  | CallRingingEvent
  | CallIncomingEvent
  | CallAcceptedEvent
  | CallRejectedEvent
  | CallEndedEvent
  | CallMemberEvent
  | CallLinkEvent
  | CallLinkAcceptedEvent
  | ShutdownEvent
  | ByeEvent
  | PingEvent
  | PongEvent
  | ErrorEvent;

export type ServerEventType = ServerEvent['type'];

/** Default `reason`s of call events (§1.6). */
export const CallEndReason = {
  rejected: 'rejected',
  hangup: 'hangup',
  cancelled: 'cancelled',
  noAnswer: 'no_answer',
  peerLeft: 'peer_left',
  shutdown: 'shutdown',
} as const;
