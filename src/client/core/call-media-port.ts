/**
 * The seam between the chat client (signaling, docs/protocol-v1.md §1.3) and the
 * media layer (the direct connection, §2). The client core only sees this
 * interface; `src/media` implements it, and the CLI composition root passes
 * the implementation in. Video frames never pass through the client's state:
 * the call pane subscribes to the handle directly.
 */
import type { Media } from '../../protocol/messages.js';

export interface CallStats {
  /** Since the media connection was established; 0 before. */
  durationMs: number;
  fpsIn: number;
  fpsOut: number;
  kbitPerSecondIn: number;
  kbitPerSecondOut: number;
  /** Peak level of the received audio over the last interval, 0–1. */
  audioLevelIn: number;
  /** Peak level of the sent audio over the last interval, 0–1. */
  audioLevelOut: number;
  /** Audio frames received over the last interval (none while the peer is muted). */
  audioFramesIn: number;
  /** The peer's own mute state, from its control frames. */
  peerMicMuted: boolean;
  /** The peer turned its camera off (the `video` field of its `mute` control frame, a tchat addition). */
  peerCameraOff: boolean;
  /** The audio codec on the link (docs/media.md "Audio codec"); absent when no audio flows. */
  audioCodec?: 'opus' | 'pcm';
  /** Audio frames on the wire over the last interval, header included. */
  audioKbitPerSecondIn?: number;
  audioKbitPerSecondOut?: number;
}

/**
 * How the media connection is protected (docs/media.md "Encrypted calls"):
 * TLS with the safety code both people read to each other, or plain (a
 * docs/protocol-v1.md §2 peer that cannot encrypt).
 */
export type CallSecurity =
  | {
      encrypted: true;
      safetyCode: string;
      /**
       * SHA-256 (hex) of each certificate the code covers: a link's own and
       * its peer's; a group call's, every member's (docs/media.md "Group calls").
       */
      certificates?: readonly string[];
    }
  | { encrypted: false };

/** Which media flow each way, as both sides announced them in the §2 handshake. */
export interface CallMediaFlow {
  /** What we send: false for a medium turned off (`--audio-source none`) or whose tool is missing. */
  sending: { audio: boolean; video: boolean };
  /** What the peer said it sends. */
  receiving: { audio: boolean; video: boolean };
}

/**
 * The user's microphone and camera choice for a call. It lives in the client
 * core's call state (`CallInProgress`), the one place every view reads; the
 * media layer applies it (`setMicMuted`/`setCameraOff`, and this getter when
 * the session starts) and never reports it back.
 */
export interface MediaControls {
  micMuted: boolean;
  cameraOff: boolean;
}

export type CallMediaEventMap = {
  /** The direct connection is up and authenticated. */
  connected: [flow: CallMediaFlow, security: CallSecurity];
  /** About once a second while connected. */
  stats: [CallStats];
  /** Something the user should read in the log pane (e.g. "no recorder found: apt install sox"). */
  notice: [text: string];
  /**
   * A decoded-ready JPEG from a peer (newest wins; the sink may drop). `peer` names the
   * participant it came from in a call of several; left out, it is the call's peer.
   */
  remoteFrame: [jpeg: Buffer, peer?: string];
  /** A JPEG of our own camera, for the local preview. */
  localFrame: [jpeg: Buffer];
  /**
   * The call is over for the media (our hang-up; in a call that is not a
   * group, its one link gone: peer closed, error, handshake failure). Once.
   */
  ended: [reason: string];
  /** Group calls (docs/media.md "Group calls"): the link with one peer is up. */
  peerConnected: [peer: string, flow: CallMediaFlow, security: CallSecurity];
  /** The link with one peer is gone (it failed, stalled, or the peer hung up); the call goes on. */
  peerEnded: [peer: string, reason: string];
  /** About once a second per peer while its link is up. */
  peerStats: [peer: string, stats: CallStats];
  /** The whole call's protection changed (a link came or went): one code over every certificate. */
  security: [security: CallSecurity];
  /** Each peer's audio level and whether it is talking, a few times a second. */
  levels: [levels: PeerLevel[]];
};

/** One peer's received audio, for the "who is talking" marks. */
export interface PeerLevel {
  name: string;
  /** Peak level over the last 20 ms, 0–1. */
  level: number;
  talking: boolean;
}

/** Where a listener waits for one peer (`call_accept`, `call_link_accept`). */
export interface PeerEndpoint {
  host?: string;
  port: number;
  token: string;
  fingerprint?: string;
}

export interface CallMediaHandle {
  readonly callId: string;
  on<E extends keyof CallMediaEventMap>(
    event: E,
    listener: (...args: CallMediaEventMap[E]) => void,
  ): this;
  off<E extends keyof CallMediaEventMap>(
    event: E,
    listener: (...args: CallMediaEventMap[E]) => void,
  ): this;
  /** Applies the choice to the running session; before it runs, `controls()` is read when it starts. */
  setMicMuted(muted: boolean): void;
  setCameraOff(off: boolean): void;
  /**
   * The size in pixels the peer's picture is shown at here (`view_size`, docs/media.md
   * "Frames"); `peer` names the participant (the call's peer when left out). Kept until the
   * link is up. Optional: a handle without it gets full frames.
   */
  setViewSize?(size: { width: number; height: number }, peer?: string): void;
  /** Sends `bye` on the control channel and closes; idempotent. */
  close(reason?: string): void;
  /**
   * Group calls (docs/media.md "Group calls"); absent in a media layer
   * without them. The commitment to this call's certificate (for
   * `call_invite` and `call_link`), undefined when the call is not encrypted.
   */
  readonly commitment?: string | undefined;
  /** A group call: a link that ends drops that peer only, never the call. */
  setGroup?(group: boolean): void;
  /** Listens for one more peer (the earlier member of a pair). */
  listenFor?(peer: { peerName: string; fingerprintCommitment?: string }): Promise<PeerEndpoint>;
  /** Connects to one more peer (the later member of a pair). */
  connectTo?(peer: PeerEndpoint & { peerName: string; host: string }): void;
  /** Hangs up the link with one peer (it left the call). */
  dropPeer?(peerName: string, reason: string): void;
  /** The link made for `from` is with `to` (our `call_accept` went to another member). */
  renamePeer?(from: string, to: string): void;
}

export interface CallMediaPort {
  /** Capabilities to add to `hello.caps` (`call-tls`). */
  readonly caps?: readonly string[];
  /**
   * Caller side, before `call`: the commitment to the certificate our next
   * `connect` presents (`call.fingerprintCommitment`).
   */
  offer?(): Promise<{ fingerprintCommitment: string }>;
  /**
   * Callee side: opens a one-time listener for this call and makes its token.
   * Resolves once listening; the handle emits `connected` when the caller has
   * authenticated.
   */
  listen(call: {
    callId: string;
    peerName: string;
    media: Media[];
    /** The user's choice, read when the session starts (default: mic and camera on). */
    controls?: () => MediaControls;
    /** From `call_incoming`: the call is encrypted and the caller's certificate must match. */
    fingerprintCommitment?: string;
  }): Promise<{
    port: number;
    token: string;
    /** Our certificate's fingerprint for `call_accept` (an encrypted call). */
    fingerprint?: string;
    /** The address callers should connect to (`call_accept`'s `host`); absent: the server's view. */
    host?: string;
    handle: CallMediaHandle;
  }>;
  /** Caller side: connects to the callee and authenticates (§2 handshake). */
  connect(call: {
    callId: string;
    peerName: string;
    media: Media[];
    host: string;
    port: number;
    token: string;
    /** The user's choice, read when the session starts (default: mic and camera on). */
    controls?: () => MediaControls;
    /** From `call_accepted`: the call is encrypted and the callee's certificate must match. */
    fingerprint?: string;
  }): CallMediaHandle;
}
