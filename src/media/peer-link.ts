/**
 * An authenticated media connection (docs/protocol-v1.md §2 after the handshake):
 * the one writer and the one reader of its socket, and the one place that
 * closes it. Frames out get the 12-byte header; frames in go through the
 * byte-state-machine decoder, and anything over a limit, of an unknown kind,
 * or a video payload that is not one complete baseline JPEG of at most
 * 1280×720 ends the connection (§2 "protocol error: close").
 *
 * Latency over completeness (docs/media.md): when the socket is backed up,
 * only the newest video frame waits for 'drain' (older ones are dropped),
 * and an audio frame is dropped when it would put more than 200 ms of audio
 * in the socket's queue (audio bytes are counted apart from video).
 *
 * Liveness: §2 asks for no traffic when idle, so a peer that sends nothing
 * (muted, camera off) is within its rights. tchat sends `{"type":"keepalive"}`
 * (its own control message) once when the link comes up and, to a peer that
 * sent one too, whenever it has sent nothing for 500 ms; only a peer that has
 * sent a keepalive is held to the 3 s silence rule. For every peer, TCP
 * keepalive is on and our data staying unsent for 15 s ends the link.
 */
import type { Socket } from 'node:net';
import {
  createMediaFrameDecoder,
  describeMediaFrameError,
  encodeMediaFrameHeader,
  type MediaFrame,
  type MediaFrameKind,
} from '../protocol/media-frame.js';
import type { AudioFormat, VideoFormat } from '../protocol/media-handshake.js';
import { isOpusFormat } from '../protocol/audio-negotiation.js';
import { describeVideoFrameProblem } from './jpeg/jpeg-info.js';
import { createLiveness, isKeepalive, KEEPALIVE_PAYLOAD } from './link-liveness.js';
import type { LinkSecurity } from './media-tls.js';

export interface MediaAnnouncement {
  name?: string;
  audio: AudioFormat | null;
  video: VideoFormat | null;
}

export interface PeerLinkHandlers {
  frame(frame: MediaFrame): void;
  /** Once, whatever ended the link; `byPeer` when the other side closed or failed. */
  closed(reason: string, byPeer: boolean): void;
}

export interface PeerLinkOptions {
  keepaliveMs?: number;
  /** Nothing received for this long ends the link, once the peer has sent a keepalive. */
  silenceTimeoutMs?: number;
  /** Audio queued in the socket beyond this much is dropped (the sample rate sets the bytes). */
  maxAudioQueueMs?: number;
  /** Our data waiting in the socket with none of it taken for this long ends the link. */
  stallTimeoutMs?: number;
  /**
   * Offer Opus audio in the handshake (docs/media.md "Audio codec negotiation"): on in
   * tchat's calls (call-media.ts), off for a bare §2 peer and the PCM baseline of benchmarks.
   */
  opus?: boolean;
}

export interface PeerLinkStats {
  bytesIn: number;
  bytesOut: number;
  videoDropped: number;
  audioDropped: number;
  /** Audio payload bytes written but not yet handed to the kernel. */
  audioQueuedBytes: number;
}

export interface PeerLink {
  /** What the peer said it will send. */
  readonly peer: MediaAnnouncement;
  /** What we said we will send. */
  readonly local: MediaAnnouncement;
  /** TLS with its safety code, or plain (a docs/protocol-v1.md §2 peer). */
  readonly security: LinkSecurity;
  readonly stats: Readonly<PeerLinkStats>;
  /** Begins reading (frames that arrived with the handshake come first). */
  start(handlers: PeerLinkHandlers): void;
  /** One audio frame's payload in our announced format (PCM, or one Opus packet). */
  sendAudio(pcm: Buffer, ts: number): void;
  sendVideo(jpeg: Buffer, ts: number): void;
  sendControl(message: Record<string, unknown>, ts: number): void;
  close(reason: string, byPeer?: boolean): void;
  readonly closed: boolean;
}

export const DEFAULT_KEEPALIVE_MS = 500;
export const DEFAULT_SILENCE_TIMEOUT_MS = 3000;
/** Latency over completeness: at most 200 ms of sent audio queued. */
export const DEFAULT_MAX_AUDIO_QUEUE_MS = 200;
export const DEFAULT_STALL_TIMEOUT_MS = 15_000;
/** Every Opus packet tchat sends holds one 20 ms frame (docs/media.md "Audio codec"). */
const OPUS_FRAME_MS = 20;
/** TCP keepalive probes start after this much idle time (the kernel sets their pace). */
const TCP_KEEPALIVE_IDLE_MS = 10_000;

export function createPeerLink(
  socket: Socket,
  announced: { local: MediaAnnouncement; peer: MediaAnnouncement; security?: LinkSecurity },
  rest: Buffer,
  options: PeerLinkOptions = {},
): PeerLink {
  const keepaliveMs = options.keepaliveMs ?? DEFAULT_KEEPALIVE_MS;
  const liveness = createLiveness(
    {
      keepaliveMs,
      silenceTimeoutMs: options.silenceTimeoutMs ?? DEFAULT_SILENCE_TIMEOUT_MS,
      stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
    },
    performance.now(),
  );
  const audio = announced.local.audio;
  const maxAudioQueueMs = options.maxAudioQueueMs ?? DEFAULT_MAX_AUDIO_QUEUE_MS;
  // An Opus packet is one 20 ms frame whatever its size; PCM's bytes give its duration.
  const bytesPerMs = ((audio?.rate ?? 16_000) * (audio?.channels ?? 1) * 2) / 1000;
  const audioMs = (payload: Buffer) =>
    isOpusFormat(audio) ? OPUS_FRAME_MS : payload.length / bytesPerMs;
  let audioQueuedMs = 0;
  const decoder = createMediaFrameDecoder();
  const seq: Record<MediaFrameKind, number> = { audio: 0, video: 0, control: 0 };
  const stats: PeerLinkStats = {
    bytesIn: 0,
    bytesOut: 0,
    videoDropped: 0,
    audioDropped: 0,
    audioQueuedBytes: 0,
  };
  let handlers: PeerLinkHandlers | undefined;
  let closed = false;
  let pendingVideo: { jpeg: Buffer; ts: number } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const createdMs = performance.now();
  const onFlushed = () => liveness.flushed(performance.now());

  function write(kind: MediaFrameKind, payload: Buffer, ts: number): void {
    const header = encodeMediaFrameHeader({ kind, seq: seq[kind], ts }, payload.length);
    seq[kind] = (seq[kind] + 1) & 0xffff;
    liveness.wrote(performance.now(), socket.writableLength);
    socket.cork();
    socket.write(header);
    if (kind === 'audio') {
      const ms = audioMs(payload);
      stats.audioQueuedBytes += payload.length;
      audioQueuedMs += ms;
      socket.write(payload, () => {
        stats.audioQueuedBytes -= payload.length;
        audioQueuedMs -= ms;
        onFlushed();
      });
    } else {
      socket.write(payload, onFlushed);
    }
    socket.uncork();
    stats.bytesOut += header.length + payload.length;
  }

  function onData(chunk: Buffer): void {
    if (closed) return;
    stats.bytesIn += chunk.length;
    liveness.received(performance.now());
    const { frames, error } = decoder.push(chunk);
    for (const frame of frames) {
      if (closed) return;
      if (frame.kind === 'video') {
        const problem = describeVideoFrameProblem(frame.payload);
        if (problem) {
          close(`protocol error: ${problem}`, true);
          return;
        }
      } else if (frame.kind === 'control' && isKeepalive(frame.payload)) {
        liveness.peerKeepalive();
        continue; // the link's own business
      }
      handlers?.frame(frame);
    }
    if (error) close(`protocol error: ${describeMediaFrameError(error)}`, true);
  }

  function tick(): void {
    const now = performance.now();
    const verdict = liveness.check(now, socket.writableLength);
    switch (verdict.kind) {
      case 'ok':
        return;
      case 'send_keepalive':
        write('control', KEEPALIVE_PAYLOAD, now - createdMs);
        return;
      case 'dead':
        close(verdict.reason, true);
        return;
    }
  }

  function close(reason: string, byPeer = false): void {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    pendingVideo = undefined;
    // Let what is queued (a `bye`) go out, but never wait long for a dead peer.
    socket.end();
    setTimeout(() => socket.destroy(), 1000).unref();
    handlers?.closed(reason, byPeer);
  }

  // A peer that follows §2 may send nothing for the whole call: let TCP find a dead one.
  socket.setKeepAlive(true, TCP_KEEPALIVE_IDLE_MS);
  socket.on('error', (error) => close(`connection lost: ${error.message}`, true));
  socket.on('close', () => close('the peer closed the connection', true));
  socket.on('drain', () => {
    const next = pendingVideo;
    pendingVideo = undefined;
    if (next && !closed) write('video', next.jpeg, next.ts);
  });

  return {
    peer: announced.peer,
    local: announced.local,
    security: announced.security ?? { encrypted: false },
    stats,
    get closed() {
      return closed;
    },
    start(h) {
      if (handlers) return;
      handlers = h;
      liveness.received(performance.now());
      // Says "I am tchat": the peer may now hold us to the silence rule (and answer in kind).
      write('control', KEEPALIVE_PAYLOAD, performance.now() - createdMs);
      timer = setInterval(tick, Math.min(keepaliveMs, 250));
      timer.unref();
      if (rest.length > 0) onData(rest);
      socket.on('data', onData);
      socket.resume();
    },
    sendAudio(pcm, ts) {
      if (closed) return;
      if (audioQueuedMs > 0 && audioQueuedMs + audioMs(pcm) > maxAudioQueueMs + 0.001) {
        stats.audioDropped += 1;
        return;
      }
      write('audio', pcm, ts);
    },
    sendVideo(jpeg, ts) {
      if (closed) return;
      if (socket.writableNeedDrain) {
        if (pendingVideo) stats.videoDropped += 1;
        pendingVideo = { jpeg, ts };
        return;
      }
      write('video', jpeg, ts);
    },
    sendControl(message, ts) {
      if (!closed) write('control', Buffer.from(JSON.stringify(message)), ts);
    },
    close,
  };
}
