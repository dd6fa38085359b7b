/**
 * Counts what a call sends and receives and turns it into the once-a-second
 * `CallStats` the status line shows. Pure bookkeeping: the session calls
 * `count*` as frames pass, and `snapshot` when the interval ends.
 */
import type { CallStats } from '../client/core/call-media-port.js';
import { isOpusFormat } from '../protocol/audio-negotiation.js';
import type { AudioFormat } from '../protocol/media-handshake.js';

export interface CallCounters {
  countVideoIn(): void;
  countVideoOut(): void;
  /** An audio frame arrived with this peak level. */
  levelIn(peak: number): void;
  levelOut(peak: number): void;
  /** Audio frames on the wire, header included (the codec's cost per direction). */
  audioBytesIn(bytes: number): void;
  audioBytesOut(bytes: number): void;
  /** Stats for the interval since the last snapshot; resets the interval. */
  snapshot(state: {
    nowMs: number;
    bytesIn: number;
    bytesOut: number;
    peerMicMuted: boolean;
    peerCameraOff: boolean;
  }): CallStats;
}

/** `audio`: the link's audio format on the wire (what we send, else what we receive). */
export function createCallCounters(startMs: number, audio?: AudioFormat | null): CallCounters {
  const audioCodec = audio ? (isOpusFormat(audio) ? 'opus' : 'pcm') : undefined;
  let audioWireBytesIn = 0;
  let audioWireBytesOut = 0;
  let intervalStartMs = startMs;
  let videoIn = 0;
  let videoOut = 0;
  let peakIn = 0;
  let audioFramesIn = 0;
  let peakOut = 0;
  let lastBytesIn = 0;
  let lastBytesOut = 0;
  return {
    countVideoIn: () => void (videoIn += 1),
    countVideoOut: () => void (videoOut += 1),
    levelIn: (peak) => {
      peakIn = Math.max(peakIn, peak);
      audioFramesIn += 1;
    },
    audioBytesIn: (bytes) => void (audioWireBytesIn += bytes),
    audioBytesOut: (bytes) => void (audioWireBytesOut += bytes),
    levelOut: (peak) => void (peakOut = Math.max(peakOut, peak)),
    snapshot(state) {
      const seconds = Math.max(0.001, (state.nowMs - intervalStartMs) / 1000);
      const stats: CallStats = {
        durationMs: Math.round(state.nowMs - startMs),
        fpsIn: round1(videoIn / seconds),
        fpsOut: round1(videoOut / seconds),
        kbitPerSecondIn: round1(((state.bytesIn - lastBytesIn) * 8) / 1000 / seconds),
        kbitPerSecondOut: round1(((state.bytesOut - lastBytesOut) * 8) / 1000 / seconds),
        audioLevelIn: round2(peakIn),
        audioLevelOut: round2(peakOut),
        audioFramesIn,
        peerMicMuted: state.peerMicMuted,
        peerCameraOff: state.peerCameraOff,
        ...(audioCodec && {
          audioCodec,
          audioKbitPerSecondIn: round1((audioWireBytesIn * 8) / 1000 / seconds),
          audioKbitPerSecondOut: round1((audioWireBytesOut * 8) / 1000 / seconds),
        }),
      };
      intervalStartMs = state.nowMs;
      videoIn = 0;
      videoOut = 0;
      peakIn = 0;
      audioFramesIn = 0;
      audioWireBytesIn = 0;
      audioWireBytesOut = 0;
      peakOut = 0;
      lastBytesIn = state.bytesIn;
      lastBytesOut = state.bytesOut;
      return stats;
    },
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
