/**
 * Binary framing of the direct media connection (docs/protocol-v1.md §2): a 12-byte
 * header (kind, flags, seq, ts, len; big-endian) and a payload.
 *
 * `encodeMediaFrame` is pure; `createMediaFrameDecoder` is a byte state
 * machine in the manner of ws's Receiver: feed it whatever the socket
 * delivers, it returns the frames completed so far. A payload's length is
 * checked against its kind's limit from the header alone, before a byte of it
 * is buffered, so a hostile peer costs at most one frame's limit of memory.
 */

export const MEDIA_FRAME_HEADER_BYTES = 12;

export type MediaFrameKind = 'audio' | 'video' | 'control';

/** §2 table: the `kind` byte. */
export const MEDIA_KIND_CODES: Readonly<Record<MediaFrameKind, number>> = {
  audio: 1,
  video: 2,
  control: 3,
};

const KIND_BY_CODE: ReadonlyMap<number, MediaFrameKind> = new Map(
  Object.entries(MEDIA_KIND_CODES).map(([kind, code]) => [code, kind as MediaFrameKind]),
);

/** §2: audio ≤ 64 KiB, video ≤ 1 MiB, control ≤ 4 KiB. */
export type MediaFrameLimits = Readonly<Record<MediaFrameKind, number>>;
export const DEFAULT_MEDIA_FRAME_LIMITS: MediaFrameLimits = {
  audio: 64 * 1024,
  video: 1024 * 1024,
  control: 4 * 1024,
};

/** `seq` is 16 bits and wraps; `ts` is 32 bits of milliseconds (wraps after ~49 days). */
export const MEDIA_SEQ_MODULO = 0x1_0000;
export const MEDIA_TS_MODULO = 0x1_0000_0000;

export interface MediaFrame {
  kind: MediaFrameKind;
  /** §2 says 0; other values are kept, not rejected, so later flags stay compatible. */
  flags: number;
  seq: number;
  ts: number;
  payload: Buffer;
}

export interface MediaFrameInput {
  kind: MediaFrameKind;
  seq: number;
  ts: number;
  payload: Uint8Array;
  flags?: number;
}

/** The 12-byte header alone, so a writer can send header and payload without a copy. */
export function encodeMediaFrameHeader(frame: Omit<MediaFrameInput, 'payload'>, len: number) {
  const header = Buffer.allocUnsafe(MEDIA_FRAME_HEADER_BYTES);
  header.writeUInt8(MEDIA_KIND_CODES[frame.kind], 0);
  header.writeUInt8(frame.flags ?? 0, 1);
  header.writeUInt16BE(wrap(frame.seq, MEDIA_SEQ_MODULO), 2);
  header.writeUInt32BE(wrap(frame.ts, MEDIA_TS_MODULO), 4);
  header.writeUInt32BE(len, 8);
  return header;
}

export function encodeMediaFrame(frame: MediaFrameInput): Buffer {
  return Buffer.concat([encodeMediaFrameHeader(frame, frame.payload.length), frame.payload]);
}

function wrap(value: number, modulo: number): number {
  return ((Math.floor(value) % modulo) + modulo) % modulo;
}

export type MediaFrameError =
  | { code: 'unknown_kind'; kindCode: number }
  | { code: 'too_large'; kind: MediaFrameKind; len: number; maxBytes: number };

export interface MediaFrameDecodeResult {
  frames: MediaFrame[];
  /** Set once the stream broke §2; the decoder ignores everything after it. */
  error?: MediaFrameError;
}

export interface MediaFrameDecoder {
  push(chunk: Uint8Array): MediaFrameDecodeResult;
  /** Bytes held for an unfinished header or payload. */
  readonly pendingBytes: number;
}

export function describeMediaFrameError(error: MediaFrameError): string {
  switch (error.code) {
    case 'unknown_kind':
      return `media frame of unknown kind ${error.kindCode}`;
    case 'too_large':
      return `${error.kind} frame of ${error.len} bytes is over its ${error.maxBytes}-byte limit`;
  }
}

export function createMediaFrameDecoder(
  limits: MediaFrameLimits = DEFAULT_MEDIA_FRAME_LIMITS,
): MediaFrameDecoder {
  const header = Buffer.alloc(MEDIA_FRAME_HEADER_BYTES);
  let headerFill = 0;
  // Set while a payload is being collected.
  let current: Omit<MediaFrame, 'payload'> | undefined;
  let payload: Buffer = Buffer.alloc(0);
  let payloadFill = 0;
  let failure: MediaFrameError | undefined;

  function readHeader(): MediaFrameError | undefined {
    const kindCode = header.readUInt8(0);
    const kind = KIND_BY_CODE.get(kindCode);
    if (kind === undefined) return { code: 'unknown_kind', kindCode };
    const len = header.readUInt32BE(8);
    if (len > limits[kind]) return { code: 'too_large', kind, len, maxBytes: limits[kind] };
    current = {
      kind,
      flags: header.readUInt8(1),
      seq: header.readUInt16BE(2),
      ts: header.readUInt32BE(4),
    };
    payload = Buffer.allocUnsafe(len);
    payloadFill = 0;
    return undefined;
  }

  return {
    get pendingBytes() {
      return current ? MEDIA_FRAME_HEADER_BYTES + payloadFill : headerFill;
    },
    push(chunk) {
      if (failure) return { frames: [] };
      const frames: MediaFrame[] = [];
      let offset = 0;
      while (offset < chunk.length) {
        if (!current) {
          const take = Math.min(MEDIA_FRAME_HEADER_BYTES - headerFill, chunk.length - offset);
          header.set(chunk.subarray(offset, offset + take), headerFill);
          headerFill += take;
          offset += take;
          if (headerFill < MEDIA_FRAME_HEADER_BYTES) break;
          headerFill = 0;
          const error = readHeader();
          if (error) {
            failure = error;
            return { frames, error };
          }
        }
        if (!current) break;
        const take = Math.min(payload.length - payloadFill, chunk.length - offset);
        if (take > 0) {
          payload.set(chunk.subarray(offset, offset + take), payloadFill);
          payloadFill += take;
          offset += take;
        }
        if (payloadFill < payload.length) break;
        frames.push({ ...current, payload });
        current = undefined;
      }
      return { frames };
    },
  };
}
