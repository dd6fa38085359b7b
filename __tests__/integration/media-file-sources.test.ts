/** `--video-source file:` (MJPEG file or JPEG folder) and `--audio-source file:PATH.wav`, from real files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { createVideoFileSource } from '../../src/media/sources/video-file.js';
import { createWavFileSource } from '../../src/media/sources/audio-wav-file.js';
import { buildWavHeader } from '../../src/media/audio/wav.js';
import { fromSamples, toSamples } from '../../src/media/audio/pcm.js';
import { estimateToneFrequency } from '../../src/media/audio/tone-detect.js';
import type { MediaSource } from '../../src/media/media-types.js';
import { tempDir, waitFor } from '../helpers/media-helpers.js';

function solid(level: number): Promise<Buffer> {
  return sharp({
    create: { width: 8, height: 8, channels: 3, background: { r: level, g: 0, b: 0 } },
  })
    .jpeg()
    .toBuffer();
}

function collect(t: { after(fn: () => void): void }, source: MediaSource) {
  const data: Buffer[] = [];
  source.start({ data: (chunk) => data.push(chunk), failed: () => {} });
  t.after(() => source.stop());
  return data;
}

test('a folder of JPEGs plays in name order and loops', async (t) => {
  const dir = await tempDir(t.after.bind(t));
  const frames = await Promise.all([10, 20, 30].map(solid));
  await writeFile(path.join(dir, 'b.jpg'), frames[1]!);
  await writeFile(path.join(dir, 'a.jpeg'), frames[0]!);
  await writeFile(path.join(dir, 'c.JPG'), frames[2]!);
  await writeFile(path.join(dir, 'notes.txt'), 'not a frame');
  const source = createVideoFileSource(dir, 50);
  assert.deepEqual(await source.probe(), { ok: true });
  const data = collect(t, source);
  await waitFor(() => data.length >= 5, 'five frames');
  assert.deepEqual(data.slice(0, 5), [frames[0], frames[1], frames[2], frames[0], frames[1]]);
});

test('an MJPEG file is split into its frames', async (t) => {
  const dir = await tempDir(t.after.bind(t));
  const frames = await Promise.all([40, 50].map(solid));
  const file = path.join(dir, 'clip.mjpeg');
  await writeFile(file, Buffer.concat(frames));
  const source = createVideoFileSource(file, 50);
  assert.deepEqual(await source.probe(), { ok: true });
  const data = collect(t, source);
  await waitFor(() => data.length >= 3, 'three frames');
  assert.deepEqual(data.slice(0, 3), [frames[0], frames[1], frames[0]]);
});

test('a video file source without frames, or missing, says so', async (t) => {
  const dir = await tempDir(t.after.bind(t));
  await mkdir(path.join(dir, 'empty'));
  const empty = await createVideoFileSource(path.join(dir, 'empty')).probe();
  assert.match(!empty.ok ? empty.notice : '', /no JPEG frames in/);
  const missing = await createVideoFileSource(path.join(dir, 'nope.mjpeg')).probe();
  assert.match(!missing.ok ? missing.notice : '', /cannot read .*ENOENT/);
});

test('a WAV file source plays its audio at 16 kHz, in a loop', async (t) => {
  const dir = await tempDir(t.after.bind(t));
  const samples = Int16Array.from({ length: 4800 }, (_, i) =>
    Math.round(9000 * Math.sin((2 * Math.PI * 300 * i) / 48_000)),
  );
  const file = path.join(dir, 'voice.wav');
  const format = { codec: 'pcm_s16le', rate: 48_000, channels: 1 };
  await writeFile(
    file,
    Buffer.concat([buildWavHeader(format, samples.length * 2), fromSamples(samples)]),
  );
  const source = createWavFileSource(file);
  assert.deepEqual(await source.probe(), { ok: true });
  const data = collect(t, source);
  // 0.1 s of file at 16 kHz is 1600 samples; wait for more than two loops.
  await waitFor(() => data.reduce((n, c) => n + c.length, 0) >= 8000, '4000 samples');
  const heard = toSamples(Buffer.concat(data));
  const estimate = estimateToneFrequency(heard.subarray(0, 3200), 16_000);
  assert.ok(Math.abs(estimate.frequencyHz - 300) <= 3, `heard ${estimate.frequencyHz} Hz`);
});
