/** `--audio-source tone[:HZ]`: a synthetic sine for demos and tests, paced by the clock. */
import { DEFAULT_AUDIO_FORMAT } from '../../protocol/media-handshake.js';
import type { AudioSource } from '../media-types.js';
import { createClockedPcmSource } from './clocked-pcm.js';

export function createToneSource(frequencyHz: number, amplitude = 0.3): AudioSource {
  const rate = DEFAULT_AUDIO_FORMAT.rate;
  const peak = Math.round(amplitude * 32_767);
  return createClockedPcmSource({
    label: `tone ${frequencyHz} Hz`,
    generate(start, count) {
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) {
        samples[i] = Math.round(peak * Math.sin((2 * Math.PI * frequencyHz * (start + i)) / rate));
      }
      return samples;
    },
  });
}
