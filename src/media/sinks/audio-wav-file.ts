/**
 * The `file:PATH.wav` audio sink: what the peer sends, as received, in a
 * valid WAV file. The header is written first with a zero length and fixed
 * up on close, so even a file from a call that crashed is readable by most
 * tools (they read to the end of the file when the length is 0).
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { AudioFormat } from '../../protocol/media-handshake.js';
import { buildWavHeader, WAV_HEADER_BYTES } from '../audio/wav.js';
import type { AudioSink } from '../media-types.js';

export async function createWavFileSink(path: string, format: AudioFormat): Promise<AudioSink> {
  const file: FileHandle = await open(path, 'w');
  let dataBytes = 0;
  let closed: Promise<void> | undefined;
  // Writes are chained so they land in order and close waits for all of them.
  let chain: Promise<unknown> = file.write(buildWavHeader(format, 0), 0, WAV_HEADER_BYTES, 0);
  return {
    label: `file ${path}`,
    write(pcm) {
      if (closed) return;
      const position = WAV_HEADER_BYTES + dataBytes;
      dataBytes += pcm.length;
      chain = chain.then(() => file.write(pcm, 0, pcm.length, position));
    },
    close() {
      closed ??= chain
        .then(() => file.write(buildWavHeader(format, dataBytes), 0, WAV_HEADER_BYTES, 0))
        .finally(() => file.close())
        .then(() => undefined);
      return closed;
    },
  };
}
