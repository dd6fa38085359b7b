import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createAudioDecoder,
  createAudioEncoder,
  MAX_CONCEALED_FRAMES,
  type AudioDecoder,
} from '../../src/media/audio/audio-codec.js';
import { estimateToneFrequency } from '../../src/media/audio/tone-detect.js';
import { fromSamples, toSamples } from '../../src/media/audio/pcm.js';
import { MAX_OPUS_PACKET_BYTES } from '../../src/media/audio/opus-codec.js';
import { OPUS_AUDIO_FORMAT } from '../../src/protocol/audio-negotiation.js';
import { DEFAULT_AUDIO_FORMAT } from '../../src/protocol/media-handshake.js';

const RATE = 16_000;
const FRAME_BYTES = 640;

/** 20 ms frames of a sine at 0.3 of full scale, as the tone source sends. */
function toneFrames(hz: number, count: number): Buffer[] {
  const frames: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    const samples = new Int16Array(320);
    for (let i = 0; i < 320; i++) {
      samples[i] = Math.round(0.3 * 32_767 * Math.sin((2 * Math.PI * hz * (n * 320 + i)) / RATE));
    }
    frames.push(fromSamples(samples));
  }
  return frames;
}

function encodeAll(frames: Buffer[]): Buffer[] {
  const encoder = createAudioEncoder(OPUS_AUDIO_FORMAT);
  try {
    return frames.map((frame) => encoder.encode(frame));
  } finally {
    encoder.close();
  }
}

function decodeAll(decoder: AudioDecoder, packets: { seq: number; payload: Buffer }[]): Buffer[] {
  return packets.flatMap((packet) => decoder.decode(packet));
}

/** The tone of the last half second (the codec needs a few frames to settle). */
function toneOf(pcm: Buffer[]): { frequencyHz: number; purity: number } {
  const all = toSamples(Buffer.concat(pcm));
  return estimateToneFrequency(all.subarray(all.length - RATE / 2), RATE);
}

for (const hz of [440, 1000]) {
  test(`opus round trip: a ${hz} Hz tone keeps its frequency at ~24 kbit/s`, () => {
    const packets = encodeAll(toneFrames(hz, 100));
    const wireBytes = packets.reduce((sum, p) => sum + p.length + 12, 0);
    const kbit = (wireBytes * 8) / 1000 / 2;
    assert.ok(kbit <= 40, `audio on the wire ${kbit.toFixed(1)} kbit/s, not ≤ 40`);
    assert.ok(kbit >= 10, `${kbit.toFixed(1)} kbit/s is not a 24 kbit/s stream`);
    const decoder = createAudioDecoder(OPUS_AUDIO_FORMAT);
    const pcm = decodeAll(
      decoder,
      packets.map((payload, seq) => ({ seq, payload })),
    );
    decoder.close();
    assert.equal(pcm.length, 100);
    assert.ok(pcm.every((frame) => frame.length === FRAME_BYTES));
    const tone = toneOf(pcm);
    assert.ok(Math.abs(tone.frequencyHz - hz) <= 5, `heard ${tone.frequencyHz} Hz`);
    assert.ok(tone.purity > 0.8, `purity ${tone.purity}`);
  });
}

test('opus loss: a dropped packet is concealed, 20 ms for each frame, the tone goes on', () => {
  const packets = encodeAll(toneFrames(440, 100));
  const decoder = createAudioDecoder(OPUS_AUDIO_FORMAT);
  const kept = packets
    .map((payload, seq) => ({ seq, payload }))
    .filter(({ seq }) => seq !== 60 && seq !== 80 && seq !== 81);
  const pcm = decodeAll(decoder, kept);
  decoder.close();
  assert.equal(pcm.length, 100, 'one frame of audio for every frame sent');
  assert.ok(pcm.every((frame) => frame.length === FRAME_BYTES));
  assert.equal(decoder.stats.concealedFrames, 3);
  assert.ok(Math.abs(toneOf(pcm).frequencyHz - 440) <= 5);
  const concealed = toSamples(pcm[60] ?? Buffer.alloc(0));
  assert.ok(
    concealed.some((s) => Math.abs(s) > 1000),
    'the concealed frame is not silence',
  );
});

test('opus loss: a jump of more than a few frames resyncs instead of concealing seconds', () => {
  const packets = encodeAll(toneFrames(440, 20));
  const decoder = createAudioDecoder(OPUS_AUDIO_FORMAT);
  const out = decodeAll(decoder, [
    { seq: 0, payload: packets[0]! },
    { seq: 1, payload: packets[1]! },
    { seq: 2 + MAX_CONCEALED_FRAMES, payload: packets[2]! }, // a gap of exactly the limit
    { seq: 500, payload: packets[3]! }, // far beyond it
  ]);
  decoder.close();
  assert.equal(out.length, 3 + MAX_CONCEALED_FRAMES + 1);
  assert.equal(decoder.stats.resyncs, 1);
  assert.equal(decoder.stats.concealedFrames, MAX_CONCEALED_FRAMES);
});

test('opus seq wraps at 65536 without a gap; late and repeated frames are dropped', () => {
  const packets = encodeAll(toneFrames(440, 4));
  const decoder = createAudioDecoder(OPUS_AUDIO_FORMAT);
  const out = decodeAll(decoder, [
    { seq: 65_534, payload: packets[0]! },
    { seq: 65_535, payload: packets[1]! },
    { seq: 0, payload: packets[2]! },
    { seq: 0, payload: packets[3]! }, // repeated
    { seq: 65_535, payload: packets[3]! }, // late
  ]);
  decoder.close();
  assert.equal(out.length, 3);
  assert.equal(decoder.stats.lateFrames, 2);
  assert.equal(decoder.stats.concealedFrames, 0);
});

test('opus limits: an oversized, empty or garbage packet is concealed, never a crash', () => {
  const packets = encodeAll(toneFrames(440, 3));
  const decoder = createAudioDecoder(OPUS_AUDIO_FORMAT);
  const garbage = Buffer.from([0xff, 0xff, 0xff, 1, 2, 3]);
  const out = decodeAll(decoder, [
    { seq: 0, payload: packets[0]! },
    { seq: 1, payload: Buffer.alloc(MAX_OPUS_PACKET_BYTES + 1, 0x48) },
    { seq: 2, payload: Buffer.alloc(64 * 1024, 0xaa) }, // §2's audio limit, far beyond Opus'
    { seq: 3, payload: Buffer.alloc(0) },
    { seq: 4, payload: garbage },
    { seq: 5, payload: packets[1]! },
  ]);
  assert.equal(out.length, 6);
  assert.ok(out.every((frame) => frame.length === FRAME_BYTES));
  assert.equal(decoder.stats.badPackets, 4);
  decoder.close();
  assert.deepEqual(decoder.decode({ seq: 6, payload: packets[2]! }), [], 'closed: nothing');
  decoder.close(); // idempotent
});

test('opus: a garbage packet as the very first is concealed too', () => {
  const decoder = createAudioDecoder(OPUS_AUDIO_FORMAT);
  const out = decoder.decode({ seq: 7, payload: Buffer.from('not opus at all') });
  decoder.close();
  assert.equal(out.length, 1);
  assert.equal(out[0]?.length, FRAME_BYTES);
});

test('pcm passes through both ways untouched', () => {
  const [frame] = toneFrames(440, 1);
  const encoder = createAudioEncoder(DEFAULT_AUDIO_FORMAT);
  const decoder = createAudioDecoder(DEFAULT_AUDIO_FORMAT);
  assert.equal(encoder.encode(frame!), frame);
  assert.deepEqual(decoder.decode({ seq: 9, payload: frame! }), [frame]);
  assert.deepEqual(decoder.output, DEFAULT_AUDIO_FORMAT);
  encoder.close();
  decoder.close();
});
