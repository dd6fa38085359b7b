/**
 * One connected call: sources → peer link → sinks, applying the user's
 * mic and camera choice. The choice itself lives in the client core's call
 * state (call-controller.ts); `micMuted`/`cameraOff` here are what the media
 * does now — set from that state only, read by no view. Outgoing audio is cut into 20 ms frames stamped
 * with the sample clock; outgoing video is normalized (≤ 1280×720 baseline)
 * and sent newest-first; incoming audio goes to the sink, incoming video to
 * `remoteFrame` listeners. Control frames carry mute state and `bye`
 * (docs/protocol-v1.md §2). The session ends exactly once, with a reason, and
 * releases everything it started.
 */
import type { CallStats, MediaControls } from '../client/core/call-media-port.js';
import type { MediaFrame } from '../protocol/media-frame.js';
import { createCallCounters } from './call-stats.js';
import { peakLevel } from './audio/pcm.js';
import { createPcmFramer } from './audio/pcm-framer.js';
import { createAudioDecoder, createAudioEncoder } from './audio/audio-codec.js';
import { DEFAULT_AUDIO_FORMAT } from '../protocol/media-handshake.js';
import { MEDIA_FRAME_HEADER_BYTES } from '../protocol/media-frame.js';
import { normalizeJpeg } from './jpeg/normalize-jpeg.js';
import { scaleJpegToView } from './jpeg/scale-to-view.js';
import { decodeViewSize, encodeViewSize, type ViewSize } from '../protocol/view-size.js';
import type { AudioSink, AudioSource, VideoSource } from './media-types.js';
import { createNewestWins } from './newest-wins.js';
import type { PeerLink } from './peer-link.js';

export interface CallSessionEvents {
  stats(stats: CallStats): void;
  notice(text: string): void;
  remoteFrame(jpeg: Buffer): void;
  localFrame(jpeg: Buffer): void;
  ended(reason: string): void;
}

export interface CallSession {
  setMicMuted(muted: boolean): void;
  setCameraOff(off: boolean): void;
  /** Audio from the peer goes here from now on (sinks may take a moment to start). */
  attachAudioSink(sink: AudioSink): void;
  /** Tells the peer the size its picture is shown at (`view_size`, docs/media.md "Frames"). */
  setViewSize(size: ViewSize): void;
  /** Sends `bye`, closes the link; idempotent. */
  close(reason: string): void;
  readonly ended: boolean;
}

export interface CallSessionOptions {
  link: PeerLink;
  audioSource?: AudioSource | undefined;
  videoSource?: VideoSource | undefined;
  /** The user's choice when the session starts (default: mic and camera on). */
  initial?: MediaControls;
  events: CallSessionEvents;
  statsIntervalMs?: number;
}

const MAX_CONTROL_JSON_CHARS = 4096;

export function createCallSession(options: CallSessionOptions): CallSession {
  const { link, events, audioSource, videoSource } = options;
  const startMs = performance.now();
  const counters = createCallCounters(startMs, link.local.audio ?? link.peer.audio);
  const rate = link.local.audio?.rate ?? 16_000;
  const channels = link.local.audio?.channels ?? 1;
  const framer = createPcmFramer(Math.round((rate * channels * 2 * 20) / 1000));
  // The negotiated codec of each direction; everything past the decoder is PCM (docs/media.md "Audio codec").
  const encoder = createAudioEncoder(link.local.audio ?? DEFAULT_AUDIO_FORMAT);
  const decoder = link.peer.audio ? createAudioDecoder(link.peer.audio) : undefined;
  let samplesSent = 0;
  let micMuted = options.initial?.micMuted ?? false;
  let cameraOff = options.initial?.cameraOff ?? false;
  let peerMicMuted = false;
  let peerCameraOff = false;
  /** The size the peer shows our picture at; null: it never said, full frames. */
  let peerViewSize: ViewSize | null = null;
  let badViewSizeNoticed = false;
  let audioSink: AudioSink | undefined;
  let ended = false;

  const sendVideo = createNewestWins<Buffer>(async (jpeg) => {
    const frame = await normalizeJpeg(jpeg);
    if (!frame || ended || cameraOff) return;
    const scaled = await scaleJpegToView(frame, peerViewSize);
    if (ended || cameraOff) return;
    link.sendVideo(scaled, performance.now() - startMs);
    counters.countVideoOut();
    events.localFrame(frame);
  });

  function onAudio(chunk: Buffer): void {
    for (const frame of framer.push(chunk)) {
      const ts = (samplesSent * 1000) / rate;
      samplesSent += frame.length / (2 * channels);
      if (micMuted || ended) continue;
      counters.levelOut(peakLevel(frame));
      const payload = encoder.encode(frame);
      const dropped = link.stats.audioDropped;
      link.sendAudio(payload, ts);
      if (link.stats.audioDropped === dropped) {
        counters.audioBytesOut(MEDIA_FRAME_HEADER_BYTES + payload.length);
      }
    }
  }

  function onFrame(frame: MediaFrame): void {
    switch (frame.kind) {
      case 'audio':
        if (!decoder) return; // the peer said it sends none
        counters.audioBytesIn(MEDIA_FRAME_HEADER_BYTES + frame.payload.length);
        for (const pcm of decoder.decode(frame)) {
          counters.levelIn(peakLevel(pcm));
          audioSink?.write(pcm);
        }
        return;
      case 'video':
        if (!link.peer.video) return;
        counters.countVideoIn();
        events.remoteFrame(frame.payload);
        return;
      case 'control':
        onControl(frame.payload);
        return;
    }
  }

  function onControl(payload: Buffer): void {
    let message: unknown;
    try {
      const text = payload.toString('utf8');
      if (text.length > MAX_CONTROL_JSON_CHARS) return;
      message = JSON.parse(text);
    } catch {
      return; // §2: unknown or unreadable control messages are ignored
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as Record<string, unknown>;
    if (m.type === 'bye') link.close('the peer hung up', true);
    else if (m.type === 'mute') {
      if (typeof m.audio === 'boolean') peerMicMuted = m.audio;
      // `video` is tchat's addition (docs/media.md); other peers leave it out.
      if (typeof m.video === 'boolean') peerCameraOff = m.video;
    } else {
      const view = decodeViewSize(m);
      if (view.ok) peerViewSize = view.size;
      else if (view.error !== null && !badViewSizeNoticed) {
        // The sizes it asked before still hold; said once, a hostile peer cannot flood the log.
        badViewSizeNoticed = true;
        events.notice(`the peer sent a bad view size (ignored): ${view.error}`);
      }
    }
  }

  function sendMuteState(): void {
    link.sendControl(
      { type: 'mute', audio: micMuted, video: cameraOff },
      performance.now() - startMs,
    );
  }

  const statsTimer = setInterval(() => {
    events.stats(
      counters.snapshot({
        nowMs: performance.now(),
        bytesIn: link.stats.bytesIn,
        bytesOut: link.stats.bytesOut,
        peerMicMuted,
        peerCameraOff,
      }),
    );
  }, options.statsIntervalMs ?? 1000);

  function teardown(reason: string): void {
    if (ended) return;
    ended = true;
    clearInterval(statsTimer);
    audioSource?.stop();
    videoSource?.stop();
    sendVideo.stop();
    encoder.close();
    decoder?.close();
    const sink = audioSink;
    audioSink = undefined;
    void sink?.close().catch(() => {});
    events.ended(reason);
  }

  const videoHandlers = {
    data: (jpeg: Buffer) => {
      if (!cameraOff && !ended) sendVideo.offer(jpeg);
    },
    failed: (notice: string) => {
      videoSource?.stop();
      events.notice(notice);
    },
    notice: (text: string) => events.notice(text),
  };

  link.start({ frame: onFrame, closed: teardown });
  // The peer learns a choice made before the link was up (§2 control `mute`).
  if (micMuted || cameraOff) sendMuteState();
  audioSource?.start({
    data: onAudio,
    failed: (notice) => {
      audioSource.stop();
      events.notice(notice);
    },
    notice: (text) => events.notice(text),
  });
  if (!cameraOff) videoSource?.start(videoHandlers);

  return {
    get ended() {
      return ended;
    },
    setMicMuted(muted) {
      if (ended || muted === micMuted) return;
      micMuted = muted;
      sendMuteState();
    },
    setCameraOff(off) {
      if (ended || off === cameraOff) return;
      cameraOff = off;
      // Off really releases the camera (its light goes out); on starts it again.
      if (off) videoSource?.stop();
      else videoSource?.start(videoHandlers);
      sendMuteState();
    },
    setViewSize(size) {
      if (!ended) link.sendControl(encodeViewSize(size), performance.now() - startMs);
    },
    attachAudioSink(sink) {
      if (ended) {
        void sink.close().catch(() => {});
        return;
      }
      audioSink = sink;
    },
    close(reason) {
      if (ended) return;
      link.sendControl({ type: 'bye' }, performance.now() - startMs);
      link.close(reason);
    },
  };
}
