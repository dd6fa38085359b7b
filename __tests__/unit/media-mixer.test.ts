/** The call's audio mix (src/media/audio/mixer.ts): sum, soft clip, levels. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMixer, softClip, SOFT_CLIP_KNEE } from '../../src/media/audio/mixer.js';
import { toSamples } from '../../src/media/audio/pcm.js';
import { toneAmplitude } from '../helpers/tone-amplitude.js';

const RATE = 16_000;
const FORMAT = { bytesPerMs: 32, blockAlign: 2 };

function tone(hz: number, amplitude: number, ms: number, startSample = 0): Buffer {
  const count = (RATE * ms) / 1000;
  const pcm = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) {
    const value = amplitude * 32_767 * Math.sin((2 * Math.PI * hz * (startSample + i)) / RATE);
    pcm.writeInt16LE(Math.round(value), i * 2);
  }
  return pcm;
}

test('two tones in, their sum out: each frequency at its own level', () => {
  const mixer = createMixer(FORMAT);
  mixer.push('bob', tone(440, 0.2, 200));
  mixer.push('carol', tone(1000, 0.15, 200));
  const { pcm, levels } = mixer.mix(32 * 160);
  const samples = toSamples(pcm);
  assert.ok(Math.abs(toneAmplitude(samples, RATE, 440) - 0.2) < 0.02);
  assert.ok(Math.abs(toneAmplitude(samples, RATE, 1000) - 0.15) < 0.02);
  assert.ok(toneAmplitude(samples, RATE, 2500) < 0.01, 'nothing else');
  // Below the knee the mix is the exact sum.
  const bob = toSamples(tone(440, 0.2, 160));
  const carol = toSamples(tone(1000, 0.15, 160));
  for (let i = 0; i < samples.length; i += 97) {
    assert.ok(Math.abs(samples[i]! - (bob[i]! + carol[i]!)) <= 2, `sample ${i}`);
  }
  assert.ok(Math.abs(levels.get('bob')! - 0.2) < 0.01);
  assert.ok(Math.abs(levels.get('carol')! - 0.15) < 0.01);
});

test('loud streams never go past full scale, and the peaks are bent, not cut', () => {
  const mixer = createMixer(FORMAT);
  for (const [id, hz] of [
    ['a', 300],
    ['b', 500],
    ['c', 700],
  ] as const) {
    mixer.push(id, tone(hz, 0.9, 200));
  }
  const samples = toSamples(mixer.mix(32 * 160).pcm);
  let peak = 0;
  let atFullScale = 0;
  for (const s of samples) {
    peak = Math.max(peak, Math.abs(s));
    if (Math.abs(s) >= 32_767) atFullScale += 1;
  }
  assert.ok(peak <= 32_767);
  assert.ok(peak > 32_768 * SOFT_CLIP_KNEE, 'loud stays loud');
  assert.ok(
    atFullScale < samples.length / 100,
    `a hard clip would flatten many samples: ${atFullScale}`,
  );
  // All three tones are still there.
  for (const hz of [300, 500, 700]) assert.ok(toneAmplitude(samples, RATE, hz) > 0.15, `${hz} Hz`);
});

test('softClip: identity below the knee, continuous, monotonic, below 1', () => {
  assert.equal(softClip(0.5), 0.5);
  assert.equal(softClip(-SOFT_CLIP_KNEE), -SOFT_CLIP_KNEE);
  assert.ok(Math.abs(softClip(SOFT_CLIP_KNEE + 1e-6) - SOFT_CLIP_KNEE) < 1e-5);
  let last = 0;
  for (let x = 0; x <= 5; x += 0.01) {
    const y = softClip(x);
    assert.ok(y >= last && y < 1);
    last = y;
  }
  assert.equal(softClip(-3), -softClip(3));
});

test('a stream that has not buffered its target plays silence; a removed stream is gone', () => {
  const mixer = createMixer(FORMAT);
  mixer.push('bob', tone(440, 0.3, 20)); // under the 40 ms start target
  const quiet = mixer.mix(640);
  assert.equal(quiet.levels.get('bob'), 0);
  assert.ok(quiet.pcm.every((byte) => byte === 0));
  mixer.push('bob', tone(440, 0.3, 40, 320));
  assert.ok(mixer.mix(640).levels.get('bob')! > 0.25);
  mixer.remove('bob');
  assert.deepEqual(mixer.streams, []);
  assert.ok(mixer.mix(640).pcm.every((byte) => byte === 0));
});
