import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createJitterBuffer } from '../../src/media/audio/jitter-buffer.js';
import { buildWavHeader, isPcm16, parseWav } from '../../src/media/audio/wav.js';
import { estimateToneFrequency } from '../../src/media/audio/tone-detect.js';
import {
  downmixToMono,
  fromSamples,
  peakLevel,
  resampleLinear,
  toSamples,
} from '../../src/media/audio/pcm.js';
import { createPcmFramer } from '../../src/media/audio/pcm-framer.js';
import { loadWavAsMono16k } from '../../src/media/sources/audio-wav-file.js';

// 16 kHz mono: 32 bytes per ms; 200 ms = 6400 bytes; 40 ms = 1280 bytes.
const jitterOptions = { bytesPerMs: 32, blockAlign: 2, maxMs: 200, targetMs: 40 };

function chunk(marker: number, bytes = 640): Buffer {
  return Buffer.alloc(bytes, marker);
}

test('jitter buffer: silence until the target is queued, then the audio in order', () => {
  const jb = createJitterBuffer(jitterOptions);
  assert.deepEqual(jb.read(640), Buffer.alloc(640));
  jb.push(chunk(1));
  assert.equal(jb.playing, false);
  assert.deepEqual(jb.read(640), Buffer.alloc(640), 'below target: silence, nothing consumed');
  assert.equal(jb.queuedBytes, 640);
  jb.push(chunk(2));
  assert.equal(jb.playing, true);
  assert.deepEqual(jb.read(640), chunk(1));
  assert.deepEqual(jb.read(320), chunk(2, 320));
  assert.equal(jb.queuedMs, 10);
});

test('jitter buffer: never more than 200 ms queued; overflow drops the oldest down to the target', () => {
  const jb = createJitterBuffer(jitterOptions);
  for (let i = 1; i <= 11; i++) {
    jb.push(chunk(i));
    assert.ok(jb.queuedMs <= 200, `after push ${i}: ${jb.queuedMs} ms`);
  }
  assert.equal(jb.queuedBytes, 1280);
  assert.equal(jb.stats.droppedBytes, 11 * 640 - 1280);
  assert.deepEqual(jb.read(640), chunk(10), 'the newest audio survives');
  assert.deepEqual(jb.read(640), chunk(11));
});

test('jitter buffer: an underrun pads with silence and waits for the target again', () => {
  const jb = createJitterBuffer(jitterOptions);
  jb.push(chunk(5, 1280));
  const out = jb.read(1920);
  assert.deepEqual(out.subarray(0, 1280), chunk(5, 1280));
  assert.deepEqual(out.subarray(1280), Buffer.alloc(640));
  assert.equal(jb.stats.underruns, 1);
  assert.equal(jb.playing, false);
  jb.push(chunk(6));
  assert.deepEqual(jb.read(640), Buffer.alloc(640), 're-buffering');
});

test('jitter buffer: drops keep sample alignment with odd chunk sizes', () => {
  const jb = createJitterBuffer({ bytesPerMs: 32, blockAlign: 4, maxMs: 100, targetMs: 30 });
  for (let i = 0; i < 50; i++) jb.push(chunk(i, 300));
  assert.equal(jb.queuedBytes % 4, 0);
  assert.ok(jb.queuedMs <= 100);
});

test('WAV header: built, parsed back, and fixed sizes', () => {
  const header = buildWavHeader({ codec: 'pcm_s16le', rate: 16000, channels: 1 }, 640);
  assert.equal(header.length, 44);
  const parsed = parseWav(Buffer.concat([header, Buffer.alloc(640)]));
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.info, {
    formatTag: 1,
    channels: 1,
    sampleRate: 16000,
    bitsPerSample: 16,
    dataOffset: 44,
    dataBytes: 640,
  });
  assert.equal(header.readUInt32LE(4), 36 + 640);
  assert.equal(header.readUInt32LE(28), 32000, 'byte rate');
  assert.ok(isPcm16(parsed.info));
});

test('WAV parse: extra chunks are skipped, a zero data size means "to the end", garbage is refused', () => {
  const header = buildWavHeader({ codec: 'pcm_s16le', rate: 8000, channels: 2 }, 0);
  const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0, 1, 2, 3, 0])]);
  const file = Buffer.concat([
    header.subarray(0, 36),
    list,
    header.subarray(36),
    Buffer.alloc(100),
  ]);
  const parsed = parseWav(file);
  assert.ok(parsed.ok);
  assert.equal(parsed.info.dataBytes, 100);
  assert.equal(parsed.info.channels, 2);
  assert.deepEqual(parseWav(Buffer.from('hello world, not a wav')), {
    ok: false,
    reason: 'not a RIFF/WAVE file',
  });
});

test('a WAV file source: stereo 8 kHz becomes mono 16 kHz; 24-bit gets a clear error', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tchat-wav-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const stereo = new Int16Array(8000 * 2);
  for (let i = 0; i < 8000; i++) {
    const v = Math.round(8000 * Math.sin((2 * Math.PI * 500 * i) / 8000));
    stereo[i * 2] = v;
    stereo[i * 2 + 1] = v;
  }
  const format = { codec: 'pcm_s16le', rate: 8000, channels: 2 };
  const good = path.join(dir, 'stereo.wav');
  await writeFile(
    good,
    Buffer.concat([buildWavHeader(format, stereo.length * 2), fromSamples(stereo)]),
  );
  const loaded = await loadWavAsMono16k(good);
  assert.ok(loaded.ok);
  assert.equal(loaded.samples.length, 16000);
  assert.ok(Math.abs(estimateToneFrequency(loaded.samples, 16000).frequencyHz - 500) <= 2);
  const deep = Buffer.concat([buildWavHeader(format, 6), Buffer.alloc(6)]);
  deep.writeUInt16LE(24, 34);
  await writeFile(path.join(dir, 'deep.wav'), deep);
  const refused = await loadWavAsMono16k(path.join(dir, 'deep.wav'));
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.reason : '', /not 16-bit PCM.*sox/);
  const missing = await loadWavAsMono16k(path.join(dir, 'nope.wav'));
  assert.match(!missing.ok ? missing.reason : '', /cannot read/);
});

test('tone detection finds a sine within a hertz and reports its purity', () => {
  for (const hz of [300, 440, 1000, 3150]) {
    const samples = new Int16Array(8000);
    for (let i = 0; i < samples.length; i++)
      samples[i] = Math.round(10000 * Math.sin((2 * Math.PI * hz * i) / 16000));
    const estimate = estimateToneFrequency(samples, 16000);
    assert.ok(Math.abs(estimate.frequencyHz - hz) <= 1, `${hz} Hz → ${estimate.frequencyHz}`);
    assert.ok(estimate.purity > 0.9);
  }
  let seed = 12345;
  const noise = Int16Array.from({ length: 8000 }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed % 20001) - 10000;
  });
  assert.ok(estimateToneFrequency(noise, 16000).purity < 0.1, 'white noise has no dominant tone');
});

test('PCM helpers: samples round-trip, peak level, downmix, resample', () => {
  const samples = Int16Array.from([0, 16384, -32768, 100]);
  const pcm = fromSamples(samples);
  assert.deepEqual(toSamples(pcm), samples);
  assert.deepEqual(
    toSamples(Buffer.concat([Buffer.from([9]), pcm]).subarray(1)),
    samples,
    'unaligned',
  );
  assert.equal(peakLevel(pcm), 1);
  assert.equal(peakLevel(fromSamples(Int16Array.from([0, 8192]))), 0.25);
  assert.deepEqual(
    downmixToMono(Int16Array.from([10, 20, -10, -30]), 2),
    Int16Array.from([15, -20]),
  );
  assert.deepEqual(
    resampleLinear(Int16Array.from([0, 100]), 8000, 16000),
    Int16Array.from([0, 50, 100, 100]),
  );
});

test('the PCM framer cuts any chunk sizes into 20 ms frames', () => {
  const framer = createPcmFramer(640);
  const input = Buffer.from(Array.from({ length: 2000 }, (_, i) => i % 251));
  const frames = [
    ...framer.push(input.subarray(0, 100)),
    ...framer.push(input.subarray(100, 1500)),
    ...framer.push(input.subarray(1500)),
  ];
  assert.equal(frames.length, 3);
  assert.deepEqual(Buffer.concat(frames), input.subarray(0, 1920));
});
