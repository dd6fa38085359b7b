/**
 * WAV (RIFF) headers: parse one to read a file source, build one for the WAV
 * file sink. Pure. Only integer PCM is described; the caller decides which
 * bit depths it accepts.
 */
import type { AudioFormat } from '../../protocol/media-handshake.js';

export const WAV_HEADER_BYTES = 44;

export interface WavInfo {
  /** 1 = integer PCM (also when given as WAVE_FORMAT_EXTENSIBLE). */
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  dataOffset: number;
  dataBytes: number;
}

export type WavParse = { ok: true; info: WavInfo } | { ok: false; reason: string };

const FORMAT_PCM = 1;
const FORMAT_EXTENSIBLE = 0xfffe;

export function parseWav(file: Buffer): WavParse {
  if (
    file.length < 12 ||
    file.toString('latin1', 0, 4) !== 'RIFF' ||
    file.toString('latin1', 8, 12) !== 'WAVE'
  ) {
    return { ok: false, reason: 'not a RIFF/WAVE file' };
  }
  let offset = 12;
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataBytes'> | undefined;
  while (offset + 8 <= file.length) {
    const id = file.toString('latin1', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > file.length) return { ok: false, reason: 'truncated fmt chunk' };
      let formatTag = file.readUInt16LE(body);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first 2 bytes of its sub-format GUID.
      if (formatTag === FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= file.length) {
        formatTag = file.readUInt16LE(body + 24);
      }
      fmt = {
        formatTag,
        channels: file.readUInt16LE(body + 2),
        sampleRate: file.readUInt32LE(body + 4),
        bitsPerSample: file.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) return { ok: false, reason: 'data chunk before fmt chunk' };
      // Streamed WAVs leave the size at 0 or 0xFFFFFFFF: take what the file holds.
      const available = file.length - body;
      const dataBytes = size === 0 || size > available ? available : size;
      return { ok: true, info: { ...fmt, dataOffset: body, dataBytes } };
    }
    offset = body + size + (size % 2); // chunks are padded to an even size
  }
  return { ok: false, reason: fmt ? 'no data chunk' : 'no fmt chunk' };
}

export function isPcm16(info: WavInfo): boolean {
  return info.formatTag === FORMAT_PCM && info.bitsPerSample === 16;
}

/** A canonical 44-byte header for s16le PCM; `dataBytes` is fixed up when the file is closed. */
export function buildWavHeader(format: AudioFormat, dataBytes: number): Buffer {
  const header = Buffer.alloc(WAV_HEADER_BYTES);
  const blockAlign = format.channels * 2;
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(Math.min(0xffff_ffff, 36 + dataBytes), 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(FORMAT_PCM, 20);
  header.writeUInt16LE(format.channels, 22);
  header.writeUInt32LE(format.rate, 24);
  header.writeUInt32LE(format.rate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(Math.min(0xffff_ffff - 36, dataBytes), 40);
  return header;
}
