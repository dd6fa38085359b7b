/**
 * An authenticated media connection (PROTOCOL.md §2 after the handshake):
 * the one writer and the one reader of its socket, and the one place that
 * closes it. Frames out get the 12-byte header; frames in go through the
 * byte-state-machine decoder, and anything over a limit, of an unknown kind
 * or a JPEG over 1280×720 ends the connection (§2 "protocol error: close").
 *
 * Latency over completeness (issue 4 item 4): when the socket is backed up,
 * only the newest video frame waits for 'drain' (older ones are dropped),
 * and audio is dropped once more than a quarter second of data is queued.
 * A keepalive control frame goes out when nothing else has for 500 ms, so a
 * silent peer (a dead network, not just a closed socket) is noticed.
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
import { fitsVideoLimits, readJpegInfo } from './jpeg/jpeg-info.js';

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
  /** Nothing received for this long ends the link. */
  silenceTimeoutMs?: number;
}

export interface PeerLinkStats {
  bytesIn: number;
  bytesOut: number;
  videoDropped: number;
  audioDropped: number;
}

export interface PeerLink {
  /** What the peer said it will send. */
  readonly peer: MediaAnnouncement;
  /** What we said we will send. */
  readonly local: MediaAnnouncement;
  readonly stats: Readonly<PeerLinkStats>;
  /** Begins reading (frames that arrived with the handshake come first). */
  start(handlers: PeerLinkHandlers): void;
  sendAudio(pcm: Buffer, ts: number): void;
  sendVideo(jpeg: Buffer, ts: number): void;
  sendControl(message: Record<string, unknown>, ts: number): void;
  close(reason: string, byPeer?: boolean): void;
  readonly closed: boolean;
}

const AUDIO_BACKLOG_BYTES = 64 * 1024;
export const DEFAULT_KEEPALIVE_MS = 500;
export const DEFAULT_SILENCE_TIMEOUT_MS = 3000;
/** tchat's own control message; §2 says peers ignore control types they do not know. */
const KEEPALIVE = Buffer.from('{"type":"keepalive"}');

export function createPeerLink(
  socket: Socket,
  announced: { local: MediaAnnouncement; peer: MediaAnnouncement },
  rest: Buffer,
  options: PeerLinkOptions = {},
): PeerLink {
  const keepaliveMs = options.keepaliveMs ?? DEFAULT_KEEPALIVE_MS;
  const silenceTimeoutMs = options.silenceTimeoutMs ?? DEFAULT_SILENCE_TIMEOUT_MS;
  const decoder = createMediaFrameDecoder();
  const seq: Record<MediaFrameKind, number> = { audio: 0, video: 0, control: 0 };
  const stats: PeerLinkStats = { bytesIn: 0, bytesOut: 0, videoDropped: 0, audioDropped: 0 };
  let handlers: PeerLinkHandlers | undefined;
  let closed = false;
  let pendingVideo: { jpeg: Buffer; ts: number } | undefined;
  let lastSentMs = performance.now();
  let lastReceivedMs = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const createdMs = performance.now();

  function write(kind: MediaFrameKind, payload: Buffer, ts: number): void {
    const header = encodeMediaFrameHeader({ kind, seq: seq[kind], ts }, payload.length);
    seq[kind] = (seq[kind] + 1) & 0xffff;
    socket.cork();
    socket.write(header);
    socket.write(payload);
    socket.uncork();
    stats.bytesOut += header.length + payload.length;
    lastSentMs = performance.now();
  }

  function onData(chunk: Buffer): void {
    if (closed) return;
    stats.bytesIn += chunk.length;
    lastReceivedMs = performance.now();
    const { frames, error } = decoder.push(chunk);
    for (const frame of frames) {
      if (closed) return;
      if (frame.kind === 'video') {
        const info = readJpegInfo(frame.payload);
        if (info && !fitsVideoLimits(info)) {
          close(
            `protocol error: video frame of ${info.width}×${info.height} is over 1280×720`,
            true,
          );
          return;
        }
      }
      handlers?.frame(frame);
    }
    if (error) close(`protocol error: ${describeMediaFrameError(error)}`, true);
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
    stats,
    get closed() {
      return closed;
    },
    start(h) {
      if (handlers) return;
      handlers = h;
      lastReceivedMs = performance.now();
      timer = setInterval(
        () => {
          const now = performance.now();
          if (now - lastReceivedMs > silenceTimeoutMs) {
            close(`no data from the peer for ${Math.round(silenceTimeoutMs / 1000)} s`, true);
          } else if (now - lastSentMs >= keepaliveMs) {
            write('control', KEEPALIVE, now - createdMs);
          }
        },
        Math.min(keepaliveMs, 250),
      );
      timer.unref();
      if (rest.length > 0) onData(rest);
      socket.on('data', onData);
      socket.resume();
    },
    sendAudio(pcm, ts) {
      if (closed) return;
      if (socket.writableLength > AUDIO_BACKLOG_BYTES) {
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
