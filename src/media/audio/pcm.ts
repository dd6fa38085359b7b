/** Small pure helpers over signed 16-bit little-endian PCM. */

/** Samples of an s16le buffer (copied: a Buffer's offset may not be 2-aligned). */
export function toSamples(pcm: Uint8Array): Int16Array {
  const count = pcm.length >> 1;
  const samples = new Int16Array(count);
  const view = new DataView(pcm.buffer, pcm.byteOffset, count * 2);
  for (let i = 0; i < count; i++) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

export function fromSamples(samples: Int16Array): Buffer {
  const pcm = Buffer.allocUnsafe(samples.length * 2);
  for (let i = 0; i < samples.length; i++) pcm.writeInt16LE(samples[i] ?? 0, i * 2);
  return pcm;
}

/** Peak absolute level, 0–1. */
export function peakLevel(pcm: Uint8Array): number {
  let peak = 0;
  const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.length & ~1);
  for (let i = 0; i + 1 < pcm.length; i += 2) {
    const value = Math.abs(view.getInt16(i, true));
    if (value > peak) peak = value;
  }
  return Math.min(1, peak / 32_768);
}

/** Averages interleaved channels into one. */
export function downmixToMono(samples: Int16Array, channels: number): Int16Array {
  if (channels === 1) return samples;
  const frames = Math.floor(samples.length / channels);
  const mono = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[f * channels + c] ?? 0;
    mono[f] = Math.round(sum / channels);
  }
  return mono;
}

/**
 * Linear-interpolation resampling of mono samples. Good enough for speech and
 * test tones at the rates a WAV file source meets; not an audiophile filter.
 */
export function resampleLinear(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate || samples.length === 0) return samples;
  const outLength = Math.max(1, Math.floor((samples.length * toRate) / fromRate));
  const out = new Int16Array(outLength);
  const step = fromRate / toRate;
  for (let i = 0; i < outLength; i++) {
    const position = i * step;
    const index = Math.floor(position);
    const frac = position - index;
    const a = samples[index] ?? 0;
    const b = samples[Math.min(index + 1, samples.length - 1)] ?? a;
    out[i] = Math.round(a + (b - a) * frac);
  }
  return out;
}
