/**
 * Opus through opusscript (libopus in WebAssembly: no native build step;
 * docs/media.md "Audio codec"). One encoder or decoder per direction of a
 * link. Settings for speech at 16 kHz mono: the VoIP application, 24 kbit/s,
 * in-band FEC with a 10 % packet-loss hint, 20 ms per packet, complexity 5:
 * in WebAssembly the default 10 costs ~2.6 ms a frame here against ~0.4 ms,
 * for packets of the same size and no audible gain on speech (a four-person
 * call encodes for three links).
 *
 * opusscript's `decode` takes only a packet (no `decode_fec` flag), so a lost
 * packet is concealed by decoding a one-byte packet: the TOC byte alone, a
 * frame of zero bytes, which libopus answers with its packet-loss
 * concealment for exactly that frame's duration (RFC 6716 §3.2.1). An empty
 * buffer would conceal the whole 120 ms the wrapper allows.
 */
import OpusScript from 'opusscript';

/** 20 ms at 16 kHz: the frame every tchat link sends. */
export const OPUS_FRAME_SAMPLES = 320;
export const OPUS_BITRATE = 24_000;
/** The largest packet RFC 6716 §3.2.1 allows for one frame; larger is not Opus. */
export const MAX_OPUS_PACKET_BYTES = 1275;
/** What the encoder is told to expect: enough for it to spend bits on FEC. */
const PACKET_LOSS_HINT_PERCENT = 10;
const ENCODER_COMPLEXITY = 5;

// libopus CTL numbers (opus_defines.h).
const OPUS_SET_COMPLEXITY = 4010;
const OPUS_SET_INBAND_FEC = 4012;
const OPUS_SET_PACKET_LOSS_PERC = 4014;

export interface OpusEncoder {
  /** One 20 ms frame of 16 kHz mono s16le (640 bytes) → one Opus packet. */
  encode(pcm: Buffer): Buffer;
  close(): void;
}

export interface OpusDecoder {
  /** One packet → s16le PCM; throws on a packet libopus refuses. */
  decode(packet: Buffer): Buffer;
  /** Loss concealment for one frame of the duration `toc` describes. */
  conceal(toc: number): Buffer;
  close(): void;
}

export function createOpusEncoder(): OpusEncoder {
  const opus = new OpusScript(16_000, 1, OpusScript.Application.VOIP);
  opus.setBitrate(OPUS_BITRATE);
  opus.encoderCTL(OPUS_SET_INBAND_FEC, 1);
  opus.encoderCTL(OPUS_SET_PACKET_LOSS_PERC, PACKET_LOSS_HINT_PERCENT);
  opus.encoderCTL(OPUS_SET_COMPLEXITY, ENCODER_COMPLEXITY);
  let closed = false;
  return {
    encode(pcm) {
      if (closed) throw new Error('opus encoder closed');
      return opus.encode(pcm, pcm.length / 2);
    },
    close() {
      if (closed) return;
      closed = true;
      opus.delete();
    },
  };
}

export function createOpusDecoder(): OpusDecoder {
  const opus = new OpusScript(16_000, 1, OpusScript.Application.VOIP);
  let closed = false;
  const check = () => {
    if (closed) throw new Error('opus decoder closed');
  };
  return {
    decode(packet) {
      check();
      if (packet.length === 0 || packet.length > MAX_OPUS_PACKET_BYTES) {
        throw new Error(`opus packet of ${packet.length} bytes`);
      }
      return opus.decode(packet);
    },
    conceal(toc) {
      check();
      // Code 0 (one frame), its payload empty: libopus conceals one frame.
      return opus.decode(Buffer.from([toc & 0xfc]));
    },
    close() {
      if (closed) return;
      closed = true;
      opus.delete();
    },
  };
}

let warmedUp = false;

/**
 * Compiles libopus ahead of the first call (once per process): V8 compiles
 * WebAssembly functions lazily on their first use, and opusscript
 * instantiates its module on the first encoder, so the first second of a
 * call's audio would otherwise pay tens of milliseconds per frame while the
 * event loop also starts the call. Encodes and decodes half a second of a
 * tone with noise (the speech paths of SILK) while the handshake is under way.
 */
export function warmUpOpus(): void {
  if (warmedUp) return;
  warmedUp = true;
  const encoder = createOpusEncoder();
  const decoder = createOpusDecoder();
  try {
    const frame = Buffer.alloc(OPUS_FRAME_SAMPLES * 2);
    for (let n = 0; n < 25; n++) {
      for (let i = 0; i < OPUS_FRAME_SAMPLES; i++) {
        const t = n * OPUS_FRAME_SAMPLES + i;
        const tone = 8000 * Math.sin((2 * Math.PI * 300 * t) / 16_000);
        frame.writeInt16LE(Math.round(tone + (Math.random() - 0.5) * 2000), i * 2);
      }
      const packet = encoder.encode(frame);
      decoder.decode(packet);
      if (n === 12) decoder.conceal(packet[0] ?? 0);
    }
  } finally {
    encoder.close();
    decoder.close();
  }
}
