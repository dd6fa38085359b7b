/**
 * Counts what a call sends and receives and turns it into the once-a-second
 * `CallStats` the status line shows. Pure bookkeeping: the session calls
 * `count*` as frames pass, and `snapshot` when the interval ends.
 */
import type { CallStats } from '../client/core/call-media-port.js';

export interface CallCounters {
  countVideoIn(): void;
  countVideoOut(): void;
  /** An audio frame arrived with this peak level. */
  levelIn(peak: number): void;
  levelOut(peak: number): void;
  /** Stats for the interval since the last snapshot; resets the interval. */
  snapshot(state: {
    nowMs: number;
    bytesIn: number;
    bytesOut: number;
    peerMicMuted: boolean;
    peerCameraOff: boolean;
  }): CallStats;
}

export function createCallCounters(startMs: number): CallCounters {
  let intervalStartMs = startMs;
  let videoIn = 0;
  let videoOut = 0;
  let peakIn = 0;
  let audioIn = 0;
  let peakOut = 0;
  let lastBytesIn = 0;
  let lastBytesOut = 0;
  return {
    countVideoIn: () => void (videoIn += 1),
    countVideoOut: () => void (videoOut += 1),
    levelIn: (peak) => {
      peakIn = Math.max(peakIn, peak);
      audioIn += 1;
    },
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
        audioFramesIn: audioIn,
        peerMicMuted: state.peerMicMuted,
        peerCameraOff: state.peerCameraOff,
      };
      intervalStartMs = state.nowMs;
      videoIn = 0;
      videoOut = 0;
      peakIn = 0;
      audioIn = 0;
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
