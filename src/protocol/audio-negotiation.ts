/**
 * Which audio codec each direction of a media connection uses, decided from
 * the two handshake lines (docs/media.md "Audio codec negotiation"). Pure.
 *
 * A docs/protocol-v1.md §2 line says in `audio` what its sender will send,
 * and §2 knows only raw PCM. tchat adds the capability `opus` to `caps`
 * ("I can send and receive Opus, 16 kHz mono, 20 ms a packet"). The caller
 * speaks first and cannot know what the callee decodes, so its `audio`
 * stays PCM; the callee sees the caller's caps and answers with Opus; once
 * both lines carry `opus`, the caller sends Opus too. A peer without the
 * capability gets and sends PCM, whichever side listens.
 */
import type { AudioFormat } from './media-handshake.js';

export const OPUS_CAP = 'opus';

/** The one Opus format tchat sends and accepts: 16 kHz mono (the rate of every tchat source). */
export const OPUS_AUDIO_FORMAT: Readonly<AudioFormat> = {
  codec: 'opus',
  rate: 16_000,
  channels: 1,
};

/** Every Opus packet decodes to this: what the jitter buffer, mixer and player see. */
export const DECODED_OPUS_FORMAT: Readonly<AudioFormat> = {
  codec: 'pcm_s16le',
  rate: 16_000,
  channels: 1,
};

/** What one side brings to the negotiation. */
export interface LocalAudio {
  /** What our source gives (PCM), or null when we send no audio. */
  audio: AudioFormat | null;
  /** Whether we speak Opus (always, for tchat; off only for the PCM baseline of benchmarks). */
  opus: boolean;
}

/** The outcome for one side: the format each direction uses on the wire. */
export interface AudioDirections {
  send: AudioFormat | null;
  receive: AudioFormat | null;
}

export type AudioNegotiation = { ok: true; value: AudioDirections } | { ok: false; reason: string };

export function isOpusFormat(format: AudioFormat | null): boolean {
  return format?.codec === OPUS_AUDIO_FORMAT.codec;
}

/** The caps tchat adds to its own line. */
export function audioCaps(local: LocalAudio): string[] {
  return local.opus ? [OPUS_CAP] : [];
}

/** The format PCM consumers get for audio received in `format` (Opus is decoded first). */
export function decodedAudioFormat(format: AudioFormat): AudioFormat {
  return isOpusFormat(format) ? { ...DECODED_OPUS_FORMAT } : format;
}

/** The callee's side: from the caller's `media_hello`, what `media_ok` says and what flows. */
export function answerAudio(
  hello: { audio: AudioFormat | null; caps?: string[] | undefined },
  local: LocalAudio,
): AudioNegotiation {
  const both = local.opus && hasOpusCap(hello.caps);
  const incoming = checkOpus(hello.audio, local.opus);
  if (!incoming.ok) return incoming;
  let receive = hello.audio;
  // The caller wrote its line before it knew us: with `opus` on both sides it sends Opus.
  if (both && receive !== null) receive = { ...OPUS_AUDIO_FORMAT };
  return { ok: true, value: { send: sendFormat(local, both), receive } };
}

/** The caller's side: from the `media_ok`, what flows (or why the answer is refused). */
export function settleAudio(
  ok: { audio: AudioFormat | null; caps?: string[] | undefined },
  local: LocalAudio,
): AudioNegotiation {
  const both = local.opus && hasOpusCap(ok.caps);
  const incoming = checkOpus(ok.audio, local.opus);
  if (!incoming.ok) return incoming;
  if (both && ok.audio !== null && !isOpusFormat(ok.audio)) {
    // Two tchat sides always pick Opus: anything else is a broken or tampered answer.
    return fail(`the peer speaks opus but announced ${ok.audio.codec}: no silent downgrade`);
  }
  return { ok: true, value: { send: sendFormat(local, both), receive: ok.audio } };
}

function sendFormat(local: LocalAudio, both: boolean): AudioFormat | null {
  if (local.audio === null) return null;
  return both ? { ...OPUS_AUDIO_FORMAT } : local.audio;
}

function hasOpusCap(caps: readonly string[] | undefined): boolean {
  return caps?.includes(OPUS_CAP) ?? false;
}

/** Opus the other side announced must be the one format we decode, and only if we offered it. */
function checkOpus(format: AudioFormat | null, weSpeakOpus: boolean): AudioNegotiation {
  if (format === null || !isOpusFormat(format)) return { ok: true, value: UNUSED };
  if (!weSpeakOpus) return fail('the peer announced opus audio, which this side does not decode');
  if (format.rate !== OPUS_AUDIO_FORMAT.rate || format.channels !== OPUS_AUDIO_FORMAT.channels) {
    return fail(
      `unsupported opus format ${format.rate} Hz × ${format.channels}: only 16000 Hz mono`,
    );
  }
  return { ok: true, value: UNUSED };
}

const UNUSED: AudioDirections = { send: null, receive: null };

function fail(reason: string): AudioNegotiation {
  return { ok: false, reason };
}
