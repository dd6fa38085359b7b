/**
 * The seam between the chat client (signaling, PROTOCOL.md §1.3) and the
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
  micMuted: boolean;
  cameraOff: boolean;
  /** The peer's own mute state, from its control frames. */
  peerMicMuted: boolean;
  /** The peer turned its camera off (the `video` field of its `mute` control frame, a tchat addition). */
  peerCameraOff: boolean;
}

export type CallMediaEventMap = {
  /** The direct connection is up and authenticated. */
  connected: [];
  /** About once a second while connected. */
  stats: [CallStats];
  /** Something the user should read in the log pane (e.g. "no recorder found: apt install sox"). */
  notice: [text: string];
  /** A decoded-ready JPEG from the peer (newest wins; the sink may drop). */
  remoteFrame: [jpeg: Buffer];
  /** A JPEG of our own camera, for the local preview. */
  localFrame: [jpeg: Buffer];
  /** The media connection is gone (hang-up, peer closed, error, handshake failure). Once. */
  ended: [reason: string];
};

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
  setMicMuted(muted: boolean): void;
  setCameraOff(off: boolean): void;
  /** Sends `bye` on the control channel and closes; idempotent. */
  close(reason?: string): void;
}

export interface CallMediaPort {
  /**
   * Callee side: opens a one-time listener for this call and makes its token.
   * Resolves once listening; the handle emits `connected` when the caller has
   * authenticated.
   */
  listen(call: { callId: string; peerName: string; media: Media[] }): Promise<{
    port: number;
    token: string;
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
  }): CallMediaHandle;
}
