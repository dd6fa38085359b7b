/**
 * The audio codec of one direction of one media link, behind one small
 * interface so everything downstream of a link (jitter buffer, mixer,
 * player) only ever sees 16 kHz s16le PCM in 20 ms frames
 * (docs/media.md "Audio codec"). The format is the negotiated one
 * (src/protocol/audio-negotiation.ts): `opus`, or `pcm_s16le` passed through
 * as §2 sends it.
 *
 * Receiving Opus, every frame lost on the way is concealed, so the player
 * gets a full frame of audio for each: a gap in `seq` of up to
 * MAX_CONCEALED_FRAMES is filled with libopus' loss concealment before the
 * packet that revealed it is decoded; a longer jump (a peer's stall, a
 * restart) resynchronizes instead of concealing seconds. A packet that is
 * not Opus is concealed too, never fatal. Output per received frame is
 * bounded.
 */
import {
  decodedAudioFormat,
  isOpusFormat,
  OPUS_AUDIO_FORMAT,
} from '../../protocol/audio-negotiation.js';
import type { AudioFormat } from '../../protocol/media-handshake.js';
import { createOpusDecoder, createOpusEncoder } from './opus-codec.js';

/** 100 ms: more is a stall or a restart, not a few lost packets. */
export const MAX_CONCEALED_FRAMES = 5;
/** The SILK wideband 20 ms TOC: what to conceal with before any packet has arrived. */
const DEFAULT_OPUS_TOC = 0x48;
const SEQ_MODULO = 0x1_0000;

export interface AudioEncoder {
  /** The format on the wire. */
  readonly format: AudioFormat;
  /** One 20 ms frame of the source's PCM → the payload of one audio frame. */
  encode(pcm: Buffer): Buffer;
  close(): void;
}

export interface AudioDecoderStats {
  /** Frames filled in by loss concealment (lost or unreadable packets). */
  concealedFrames: number;
  /** Packets that were not Opus (or too large): concealed instead. */
  badPackets: number;
  /** Jumps in `seq` too long to conceal. */
  resyncs: number;
  /** Frames older than one already decoded (duplicates, reordering): dropped. */
  lateFrames: number;
}

export interface AudioDecoder {
  /** The format on the wire. */
  readonly format: AudioFormat;
  /** What `decode` returns: s16le PCM (for Opus, 16 kHz mono). */
  readonly output: AudioFormat;
  readonly stats: Readonly<AudioDecoderStats>;
  /**
   * One received audio frame → PCM: concealment for the frames lost just
   * before it, then its own audio, in 20 ms pieces for Opus. Empty for a late frame.
   */
  decode(frame: { seq: number; payload: Buffer }): Buffer[];
  close(): void;
}

export function createAudioEncoder(format: AudioFormat): AudioEncoder {
  if (!isOpusFormat(format)) {
    return { format, encode: (pcm) => pcm, close: () => {} };
  }
  const opus = createOpusEncoder();
  return {
    format: { ...OPUS_AUDIO_FORMAT },
    encode: (pcm) => opus.encode(pcm),
    close: () => opus.close(),
  };
}

export function createAudioDecoder(format: AudioFormat): AudioDecoder {
  const stats: AudioDecoderStats = { concealedFrames: 0, badPackets: 0, resyncs: 0, lateFrames: 0 };
  if (!isOpusFormat(format)) {
    return {
      format,
      output: format,
      stats,
      decode: (frame) => [frame.payload],
      close: () => {},
    };
  }
  const opus = createOpusDecoder();
  const frameBytes = (OPUS_AUDIO_FORMAT.rate / 50) * 2;
  let lastSeq: number | undefined;
  let lastToc = DEFAULT_OPUS_TOC;
  let closed = false;

  function conceal(out: Buffer[]): void {
    stats.concealedFrames += 1;
    out.push(...split(opus.conceal(lastToc), frameBytes));
  }

  return {
    format: { ...OPUS_AUDIO_FORMAT },
    output: decodedAudioFormat(format),
    stats,
    decode({ seq, payload }) {
      if (closed) return [];
      const out: Buffer[] = [];
      if (lastSeq !== undefined) {
        const gap = (seq - lastSeq - 1 + SEQ_MODULO) % SEQ_MODULO;
        if (gap >= SEQ_MODULO / 2) {
          stats.lateFrames += 1;
          return out;
        }
        if (gap > MAX_CONCEALED_FRAMES) stats.resyncs += 1;
        else for (let i = 0; i < gap; i++) conceal(out);
      }
      lastSeq = seq;
      try {
        const pcm = opus.decode(payload);
        lastToc = payload[0] ?? lastToc;
        out.push(...split(pcm, frameBytes));
      } catch {
        stats.badPackets += 1;
        conceal(out);
      }
      return out;
    },
    close() {
      if (closed) return;
      closed = true;
      opus.close();
    },
  };
}

function split(pcm: Buffer, frameBytes: number): Buffer[] {
  if (pcm.length <= frameBytes) return [pcm];
  const frames: Buffer[] = [];
  for (let offset = 0; offset < pcm.length; offset += frameBytes) {
    frames.push(pcm.subarray(offset, offset + frameBytes));
  }
  return frames;
}
