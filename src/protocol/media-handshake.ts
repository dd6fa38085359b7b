/**
 * The handshake of the direct media connection (docs/protocol-v1.md §2): one JSON
 * line each way, `media_hello` from the caller, then `media_ok` or
 * `{"type":"error","code":"bad_token"}` from the callee. Pure: builds and
 * validates lines; the socket side lives in src/media/peer-link.ts.
 */
import { checkName } from './names.js';

export interface AudioFormat {
  codec: string;
  rate: number;
  channels: number;
}
export interface VideoFormat {
  codec: string;
}

/** §2: raw PCM, 16 kHz, mono, signed 16-bit little-endian. */
export const DEFAULT_AUDIO_FORMAT: Readonly<AudioFormat> = {
  codec: 'pcm_s16le',
  rate: 16_000,
  channels: 1,
};
export const DEFAULT_VIDEO_FORMAT: Readonly<VideoFormat> = { codec: 'jpeg' };

/**
 * `audio`/`video` describe what the sender of the line will SEND; `null`
 * means it sends none of that medium (docs/media.md "Negotiation").
 */
export interface MediaHello {
  type: 'media_hello';
  callId: string;
  token: string;
  name: string;
  audio: AudioFormat | null;
  video: VideoFormat | null;
  /** tchat's addition (docs/media.md "Encrypted calls"): `["call-tls"]` on a plain link says "I could have encrypted". */
  caps?: string[];
}
export interface MediaOk {
  type: 'media_ok';
  audio: AudioFormat | null;
  video: VideoFormat | null;
  caps?: string[];
}
/**
 * §2 names `bad_token` (the answer to any token that is not the right one,
 * missing and malformed ones included); `bad_request` (a hello that is
 * broken in some other way) is tchat's addition.
 */
export interface MediaHandshakeError {
  type: 'error';
  code: string;
  message?: string;
}
export type MediaReply = MediaOk | MediaHandshakeError;

/** Longer than any valid handshake line; a peer sending more is not speaking §2. */
export const MAX_HANDSHAKE_LINE_BYTES = 4096;
const MAX_CALL_ID_CHARS = 128;
const MAX_CODEC_CHARS = 32;
const MAX_MESSAGE_CHARS = 200;
/** §1.3: at least 128 bits, hex or base64url — 22 base64url or 32 hex characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,256}$/;

export type HandshakeParse<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * A failed `media_hello` says which §2 answer it deserves: `bad_token` when
 * the token field is missing or not a token; otherwise `bad_request`, with
 * the token when it was well-formed (a wrong one still gets `bad_token`).
 */
export type MediaHelloParse =
  | { ok: true; value: MediaHello }
  | { ok: false; code: 'bad_request' | 'bad_token'; reason: string; token?: string };

export function formatMediaHello(hello: Omit<MediaHello, 'type'>): string {
  const { callId, token, name, audio, video, caps } = hello;
  const line = { type: 'media_hello', callId, token, name, audio, video, ...(caps && { caps }) };
  return `${JSON.stringify(line)}\n`;
}

export function formatMediaOk(ok: Omit<MediaOk, 'type'>): string {
  const line = {
    type: 'media_ok',
    audio: ok.audio,
    video: ok.video,
    ...(ok.caps && { caps: ok.caps }),
  };
  return `${JSON.stringify(line)}\n`;
}

const MAX_CAPS = 16;

/** Optional `caps`: short strings; anything else is read as none (other peers may send junk). */
function parseCaps(o: Record<string, unknown>): { caps?: string[] } {
  if (!Array.isArray(o.caps)) return {};
  const caps = o.caps
    .slice(0, MAX_CAPS)
    .filter((c): c is string => isShortString(c, MAX_CODEC_CHARS));
  return { caps };
}

export function formatMediaError(code: string, message?: string): string {
  return `${JSON.stringify(message === undefined ? { type: 'error', code } : { type: 'error', code, message })}\n`;
}

export function parseMediaHello(line: string): MediaHelloParse {
  const object = parseObject(line);
  if (!object.ok) return { ...object, code: 'bad_request' };
  const o = object.value;
  if (o.type !== 'media_hello') return { ...fail('expected media_hello'), code: 'bad_request' };
  if (typeof o.token !== 'string' || !TOKEN_PATTERN.test(o.token)) {
    return { ...fail('bad token field'), code: 'bad_token' };
  }
  const token = o.token;
  const badRequest = (reason: string) => ({ ...fail(reason), code: 'bad_request' as const, token });
  if (!isShortString(o.callId, MAX_CALL_ID_CHARS)) return badRequest('bad callId');
  if (typeof o.name !== 'string') return badRequest('bad name');
  const name = checkName(o.name);
  if (!name.ok) return badRequest(`bad name: ${name.reason}`);
  const formats = parseFormats(o);
  if (!formats.ok) return badRequest(formats.reason);
  return {
    ok: true,
    value: {
      type: 'media_hello',
      callId: o.callId,
      token,
      name: name.name,
      ...formats.value,
      ...parseCaps(o),
    },
  };
}

export function parseMediaReply(line: string): HandshakeParse<MediaReply> {
  const object = parseObject(line);
  if (!object.ok) return object;
  const o = object.value;
  if (o.type === 'error') {
    if (!isShortString(o.code, MAX_CALL_ID_CHARS)) return fail('error without a code');
    const message =
      typeof o.message === 'string' ? o.message.slice(0, MAX_MESSAGE_CHARS) : undefined;
    return {
      ok: true,
      value:
        message === undefined
          ? { type: 'error', code: o.code }
          : { type: 'error', code: o.code, message },
    };
  }
  if (o.type !== 'media_ok') return fail('expected media_ok or error');
  const formats = parseFormats(o);
  if (!formats.ok) return formats;
  return { ok: true, value: { type: 'media_ok', ...formats.value, ...parseCaps(o) } };
}

/** Whether tchat can play audio in this format (raw s16le at a sane rate). */
export function isPlayableAudio(format: AudioFormat): boolean {
  return (
    format.codec === 'pcm_s16le' &&
    format.rate >= 8000 &&
    format.rate <= 48_000 &&
    (format.channels === 1 || format.channels === 2)
  );
}

function parseFormats(
  o: Record<string, unknown>,
): HandshakeParse<{ audio: AudioFormat | null; video: VideoFormat | null }> {
  const audio = o.audio ?? null;
  const video = o.video ?? null;
  let audioFormat: AudioFormat | null = null;
  let videoFormat: VideoFormat | null = null;
  if (audio !== null) {
    if (!isRecord(audio)) return fail('audio must be an object or null');
    const { codec, rate, channels } = audio;
    if (!isShortString(codec, MAX_CODEC_CHARS)) return fail('bad audio codec');
    if (!isIntegerIn(rate, 1, 384_000)) return fail('bad audio rate');
    if (!isIntegerIn(channels, 1, 8)) return fail('bad audio channels');
    audioFormat = { codec, rate, channels };
  }
  if (video !== null) {
    if (!isRecord(video)) return fail('video must be an object or null');
    if (!isShortString(video.codec, MAX_CODEC_CHARS)) return fail('bad video codec');
    videoFormat = { codec: video.codec };
  }
  return { ok: true, value: { audio: audioFormat, video: videoFormat } };
}

function parseObject(line: string): HandshakeParse<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return fail('not JSON');
  }
  return isRecord(value) ? { ok: true, value } : fail('not a JSON object');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isShortString(value: unknown, maxChars: number): value is string {
  // No control characters: these strings may end up in a log line.
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= maxChars &&
    !/\p{Cc}/u.test(value)
  );
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

export type HandshakeLine =
  | { kind: 'pending' }
  /** `rest` holds the bytes after the newline: binary frames may share the chunk. */
  | { kind: 'line'; text: string; rest: Buffer }
  | { kind: 'too_long' }
  | { kind: 'bad_utf8' };

export interface HandshakeLineReader {
  push(chunk: Uint8Array): HandshakeLine;
}

/**
 * Reads the one handshake line. Unlike the chat line decoder it hands back
 * the bytes after the newline, which belong to the binary frame stream.
 */
export function createHandshakeLineReader(
  maxLineBytes: number = MAX_HANDSHAKE_LINE_BYTES,
): HandshakeLineReader {
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let held = Buffer.alloc(0);
  return {
    push(chunk) {
      const newline = chunk.indexOf(0x0a);
      if (newline === -1) {
        if (held.length + chunk.length > maxLineBytes + 1) return { kind: 'too_long' };
        held = Buffer.concat([held, chunk]);
        return { kind: 'pending' };
      }
      let line = Buffer.concat([held, chunk.subarray(0, newline)]);
      if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, -1);
      if (line.length > maxLineBytes) return { kind: 'too_long' };
      const rest = Buffer.from(chunk.subarray(newline + 1));
      held = Buffer.alloc(0);
      try {
        return { kind: 'line', text: utf8.decode(line), rest };
      } catch {
        return { kind: 'bad_utf8' };
      }
    },
  };
}
