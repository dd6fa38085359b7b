/** How loud one frequency is in a stretch of PCM (Goertzel), for tests of a mix of tones. */
import { goertzelPower } from '../../src/media/audio/tone-detect.js';

/** Amplitude (0–1 of full scale) of the sine at `hz` in `samples` (s16); ~0 when absent. */
export function toneAmplitude(samples: Int16Array, rate: number, hz: number): number {
  const n = samples.length;
  if (n === 0) return 0;
  const power = goertzelPower(samples, rate, hz);
  return (2 * Math.sqrt(Math.max(0, power))) / n / 32_768;
}
