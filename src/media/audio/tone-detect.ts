/**
 * Finds the dominant frequency of a stretch of PCM with the Goertzel
 * algorithm: a coarse scan, then a fine one around the best bin. Used by
 * `tchat doctor --loopback`, the tests and the benchmark to check that the
 * tone sent is the tone received. Pure.
 */

export interface ToneEstimate {
  frequencyHz: number;
  /** Share of the signal's power at that frequency, 0–1; near 1 for a clean sine. */
  purity: number;
  /** Root mean square level, 0–1. */
  rms: number;
}

export function goertzelPower(
  samples: ArrayLike<number>,
  rate: number,
  frequencyHz: number,
): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequencyHz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = (samples[i] ?? 0) + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
}

export function estimateToneFrequency(
  samples: Int16Array,
  rate: number,
  { minHz = 50, maxHz = rate / 2 - 50, maxSamples = 8192 } = {},
): ToneEstimate {
  const window = samples.subarray(0, Math.min(samples.length, maxSamples));
  const n = window.length;
  if (n === 0) return { frequencyHz: 0, purity: 0, rms: 0 };
  let energy = 0;
  for (let i = 0; i < n; i++) energy += (window[i] ?? 0) ** 2;
  const rms = Math.sqrt(energy / n) / 32_768;
  const scan = (from: number, to: number, step: number) => {
    let best = { frequencyHz: from, power: -1 };
    for (let f = from; f <= to; f += step) {
      const power = goertzelPower(window, rate, f);
      if (power > best.power) best = { frequencyHz: f, power };
    }
    return best;
  };
  const coarseStep = Math.max(1, Math.ceil(rate / n));
  const coarse = scan(minHz, maxHz, coarseStep);
  const fine = scan(
    Math.max(minHz, coarse.frequencyHz - coarseStep),
    coarse.frequencyHz + coarseStep,
    0.5,
  );
  // A bin's Goertzel power for a sine of amplitude A is (A·n/2)²; the signal's is A²·n/2.
  const purity = energy === 0 ? 0 : Math.min(1, (2 * fine.power) / (n * energy));
  return { frequencyHz: fine.frequencyHz, purity, rms };
}
