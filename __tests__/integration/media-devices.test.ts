/**
 * node-record-lpcm16 and node-webcam driven for real: they spawn the fake
 * `sox`/`rec`/`arecord`/`fswebcam`/`ffmpeg` from __tests__/fixtures/bin,
 * which emit real PCM paced at real time and write real JPEGs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import {
  createMicSource,
  detectRecorder,
  type RecorderName,
} from '../../src/media/sources/audio-mic.js';
import { createFswebcamSource } from '../../src/media/sources/video-fswebcam.js';
import { createFfmpegCameraSource } from '../../src/media/sources/video-ffmpeg.js';
import { createWebcamSource } from '../../src/media/sources/video-webcam.js';
import type { MediaSource } from '../../src/media/media-types.js';
import { toSamples } from '../../src/media/audio/pcm.js';
import { estimateToneFrequency } from '../../src/media/audio/tone-detect.js';
import {
  FIXTURES_DIR,
  NODE_DIR,
  fakeBinWith,
  tempDir,
  useFakeTools,
  waitFor,
} from '../helpers/media-helpers.js';

useFakeTools();
const ORIGINAL_PATH = process.env.PATH ?? '';
const fixtureJpeg = readFileSync(path.join(FIXTURES_DIR, 'media', 'frame.jpg'));

function setPath(t: { after(fn: () => void): void }, value: string): void {
  process.env.PATH = value;
  t.after(() => {
    process.env.PATH = ORIGINAL_PATH;
  });
}

function run(t: { after(fn: () => void): void }, source: MediaSource) {
  const data: Buffer[] = [];
  const failures: string[] = [];
  source.start({ data: (chunk) => data.push(chunk), failed: (notice) => failures.push(notice) });
  t.after(() => source.stop());
  return { data, failures };
}

test('recorder detection prefers sox, then rec, then arecord', async (t) => {
  const all = await fakeBinWith(['sox', 'rec', 'arecord'], t.after.bind(t));
  const rec = await fakeBinWith(['rec', 'arecord'], t.after.bind(t));
  const arecord = await fakeBinWith(['arecord'], t.after.bind(t));
  const none = await fakeBinWith([], t.after.bind(t));
  assert.equal(detectRecorder(all), 'sox');
  assert.equal(detectRecorder(rec), 'rec');
  assert.equal(detectRecorder(arecord), 'arecord');
  assert.equal(detectRecorder(none), undefined);
});

for (const recorder of ['sox', 'rec', 'arecord'] as RecorderName[]) {
  test(`mic via ${recorder}: raw 16 kHz mono PCM arrives and carries the recorder's tone`, async (t) => {
    const dir = await fakeBinWith([recorder], t.after.bind(t));
    const logDir = await tempDir(t.after.bind(t));
    const log = path.join(logDir, 'recorder.log');
    process.env.FAKE_RECORDER_LOG = log;
    t.after(() => delete process.env.FAKE_RECORDER_LOG);
    process.env.FAKE_RECORDER_HZ = '1000';
    setPath(t, `${dir}:${NODE_DIR}`);
    const mic = createMicSource();
    assert.deepEqual(await mic.probe(), { ok: true });
    assert.equal(mic.label, `microphone (${recorder})`);
    const { data, failures } = run(t, mic);
    // Half a second of audio: 16000 samples/s × 2 bytes × 0.5 s.
    await waitFor(
      () => data.reduce((n, c) => n + c.length, 0) >= 16_000,
      'half a second of PCM',
      20_000,
    );
    mic.stop();
    assert.deepEqual(failures, []);
    const samples = toSamples(Buffer.concat(data));
    const tone = estimateToneFrequency(samples, 16_000);
    assert.ok(Math.abs(tone.frequencyHz - 1000) <= 2, `heard ${tone.frequencyHz} Hz`);
    assert.ok(tone.purity > 0.9, 'raw PCM, no WAV header mixed in');
    const { name, args } = JSON.parse(readFileSync(log, 'utf8').split('\n')[0]!) as {
      name: string;
      args: string[];
    };
    assert.equal(name, recorder);
    assert.ok(args.includes('raw'), `audioType raw: ${args.join(' ')}`);
    assert.ok(args.includes('16000'));
    assert.equal(args[args.indexOf(recorder === 'sox' ? '--channels' : '-c') + 1], '1');
  });
}

test('a recorder that fails becomes a notice, not a crash', async (t) => {
  const dir = await fakeBinWith(['sox'], t.after.bind(t));
  setPath(t, `${dir}:${NODE_DIR}`);
  process.env.FAKE_RECORDER_FAIL = '1';
  t.after(() => delete process.env.FAKE_RECORDER_FAIL);
  const mic = createMicSource();
  await mic.probe();
  const { failures } = run(t, mic);
  await waitFor(() => failures.length > 0, 'the failure notice', 20_000);
  assert.match(
    failures[0]!,
    /microphone \(sox\) stopped: .*exited with error code 2.*no such device/,
  );
});

test('no recorder on PATH: the probe says what to install', async (t) => {
  const dir = await fakeBinWith([], t.after.bind(t));
  setPath(t, dir);
  assert.deepEqual(await createMicSource().probe(), {
    ok: false,
    notice: 'no audio recorder found (sox, rec or arecord): sudo apt install sox',
  });
});

test('webcam via node-webcam + fswebcam: real JPEGs from a temp file, no user text in the command', async (t) => {
  const dir = await fakeBinWith(['fswebcam'], t.after.bind(t));
  const logDir = await tempDir(t.after.bind(t));
  process.env.FAKE_FSWEBCAM_LOG = path.join(logDir, 'fswebcam.log');
  t.after(() => delete process.env.FAKE_FSWEBCAM_LOG);
  setPath(t, `${dir}:${ORIGINAL_PATH}`);
  const camera = createFswebcamSource({ maxFps: 20 });
  assert.deepEqual(await camera.probe(), { ok: true });
  const { data, failures } = run(t, camera);
  await waitFor(() => data.length >= 3, 'three snapshots', 20_000);
  camera.stop();
  assert.deepEqual(failures, []);
  assert.deepEqual(data[0], fixtureJpeg);
  const meta = await sharp(data[0]).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 160, 120]);
  const line = readFileSync(process.env.FAKE_FSWEBCAM_LOG, 'utf8').split('\n')[0]!;
  assert.match(line, /-r 640x480 .*--jpeg 75 .*--no-banner .*\/tchat-cam-[A-Za-z0-9]+\/shot\.jpg$/);
  const shot = line.split(' ').pop()!;
  assert.equal(existsSync(path.dirname(shot)), false, 'the temp folder is removed on stop');
});

test('fswebcam without a camera: after a few failed shots the source gives up with a notice', async (t) => {
  const dir = await fakeBinWith(['fswebcam'], t.after.bind(t));
  setPath(t, `${dir}:${ORIGINAL_PATH}`);
  process.env.FAKE_FSWEBCAM_FAIL = '1';
  t.after(() => delete process.env.FAKE_FSWEBCAM_FAIL);
  const { data, failures } = run(t, createFswebcamSource({ maxFps: 50 }));
  await waitFor(() => failures.length > 0, 'the failure notice', 20_000);
  assert.equal(data.length, 0);
  assert.match(failures[0]!, /webcam \(fswebcam\) failed: .*the call goes on without video/);
});

test('webcam via one long-running ffmpeg: its MJPEG stream is split into whole JPEGs', async (t) => {
  const dir = await fakeBinWith(['ffmpeg'], t.after.bind(t));
  const logDir = await tempDir(t.after.bind(t));
  process.env.FAKE_FFMPEG_LOG = path.join(logDir, 'ffmpeg.log');
  t.after(() => delete process.env.FAKE_FFMPEG_LOG);
  setPath(t, `${dir}:${NODE_DIR}`);
  const camera = createFfmpegCameraSource({ device: '/dev/video0' });
  assert.deepEqual(await camera.probe(), { ok: true });
  const { data, failures } = run(t, camera);
  await waitFor(() => data.length >= 5, 'five frames', 20_000);
  camera.stop();
  assert.deepEqual(failures, []);
  for (const frame of data) assert.deepEqual(frame, fixtureJpeg);
  const args = JSON.parse(
    readFileSync(process.env.FAKE_FFMPEG_LOG, 'utf8').split('\n')[0]!,
  ) as string[];
  assert.deepEqual(args.slice(args.indexOf('-f'), args.indexOf('-f') + 4), [
    '-f',
    'v4l2',
    '-input_format',
    'mjpeg',
  ]);
  assert.ok(args.includes('/dev/video0'));
  assert.deepEqual(args.slice(-5), ['-bsf:v', 'mjpeg2jpeg', '-f', 'mjpeg', '-'], 'JPEGs on stdout');
});

test('an ffmpeg that fails is reported with its own words', async (t) => {
  const dir = await fakeBinWith(['ffmpeg'], t.after.bind(t));
  setPath(t, `${dir}:${NODE_DIR}`);
  process.env.FAKE_FFMPEG_FAIL = '1';
  t.after(() => delete process.env.FAKE_FFMPEG_FAIL);
  const { failures } = run(t, createFfmpegCameraSource({ device: '/dev/video0' }));
  await waitFor(() => failures.length > 0, 'the failure notice', 20_000);
  assert.match(
    failures[0]!,
    /webcam \(ffmpeg\) stopped \(code 1\): \/dev\/video0: No such file or directory/,
  );
});

test('no camera tool at all: the webcam probe says what to install', async (t) => {
  const dir = await fakeBinWith([], t.after.bind(t));
  setPath(t, dir);
  const probe = await createWebcamSource().probe();
  assert.equal(probe.ok, false);
  assert.match(!probe.ok ? probe.notice : '', /sudo apt install fswebcam/);
});
