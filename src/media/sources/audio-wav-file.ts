/**
 * `--audio-source file:PATH.wav`: a 16-bit PCM WAV file, downmixed to mono
 * and resampled to 16 kHz when it is not already, played in a loop paced by
 * the clock. Other encodings get a clear error that says how to convert.
 */
import { readFile } from 'node:fs/promises';
import type { AudioSource, SourceProbe } from '../media-types.js';
import { downmixToMono, resampleLinear, toSamples } from '../audio/pcm.js';
import { isPcm16, parseWav } from '../audio/wav.js';
import { DEFAULT_AUDIO_FORMAT } from '../../protocol/media-handshake.js';
import { createClockedPcmSource } from './clocked-pcm.js';

const MAX_WAV_BYTES = 256 * 1024 * 1024;

export type WavLoad = { ok: true; samples: Int16Array } | { ok: false; reason: string };

/** Reads a WAV file as 16 kHz mono samples. */
export async function loadWavAsMono16k(path: string): Promise<WavLoad> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (error) {
    return { ok: false, reason: `cannot read ${path}: ${(error as Error).message}` };
  }
  if (file.length > MAX_WAV_BYTES) return { ok: false, reason: `${path} is over 256 MiB` };
  const parsed = parseWav(file);
  if (!parsed.ok) return { ok: false, reason: `${path}: ${parsed.reason}` };
  const { info } = parsed;
  if (!isPcm16(info) || info.channels < 1 || info.sampleRate < 1000) {
    return {
      ok: false,
      reason:
        `${path} is not 16-bit PCM (format ${info.formatTag}, ${info.bitsPerSample} bits); ` +
        `convert it, e.g. sox in.wav -b 16 -r 16000 -c 1 out.wav`,
    };
  }
  const interleaved = toSamples(file.subarray(info.dataOffset, info.dataOffset + info.dataBytes));
  const mono = downmixToMono(interleaved, info.channels);
  const samples = resampleLinear(mono, info.sampleRate, DEFAULT_AUDIO_FORMAT.rate);
  if (samples.length === 0) return { ok: false, reason: `${path} holds no audio` };
  return { ok: true, samples };
}

export function createWavFileSource(path: string): AudioSource {
  let samples: Int16Array | undefined;
  return createClockedPcmSource({
    label: `file ${path}`,
    async probe(): Promise<SourceProbe> {
      const loaded = await loadWavAsMono16k(path);
      if (!loaded.ok) return { ok: false, notice: loaded.reason };
      samples = loaded.samples;
      return { ok: true };
    },
    generate(start, count) {
      const out = new Int16Array(count);
      if (!samples) return out;
      for (let i = 0; i < count; i++) out[i] = samples[(start + i) % samples.length] ?? 0;
      return out;
    },
  });
}
