import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MEDIA_OPTIONS, parseMediaOptions } from '../../src/media/media-options.js';

test('no flags give the defaults: mic, webcam, speaker, auto', () => {
  assert.deepEqual(parseMediaOptions({}), { ok: true, options: DEFAULT_MEDIA_OPTIONS });
});

test('every documented value parses', () => {
  const result = parseMediaOptions({
    audioSource: 'tone',
    videoSource: 'pattern',
    audioOut: 'file:out/call.WAV',
    videoOut: 'viewer',
  });
  assert.deepEqual(result, {
    ok: true,
    options: {
      audioSource: { kind: 'tone', frequencyHz: 440 },
      videoSource: { kind: 'pattern', fps: 25 },
      audioOut: { kind: 'file', path: 'out/call.WAV' },
      videoOut: 'viewer',
    },
  });
  const files = parseMediaOptions({ audioSource: 'file:a b.wav', videoSource: 'file:/tmp/frames' });
  assert.ok(files.ok);
  assert.deepEqual(files.options.audioSource, { kind: 'file', path: 'a b.wav' });
  assert.deepEqual(files.options.videoSource, { kind: 'file', path: '/tmp/frames' });
  for (const value of ['mic', 'none']) assert.ok(parseMediaOptions({ audioSource: value }).ok);
  for (const value of ['webcam', 'none']) assert.ok(parseMediaOptions({ videoSource: value }).ok);
  for (const value of ['speaker', 'none']) assert.ok(parseMediaOptions({ audioOut: value }).ok);
  for (const value of ['auto', 'ascii', 'color', 'quadrant', 'sextant', 'braille', 'ascii-color'])
    assert.ok(parseMediaOptions({ videoOut: value }).ok);
});

test('--video-out colour is accepted like color (and ascii-colour like ascii-color)', () => {
  for (const [typed, meant] of [
    ['colour', 'color'],
    ['Colour', 'color'],
    ['ascii-colour', 'ascii-color'],
  ] as const) {
    const result = parseMediaOptions({ videoOut: typed });
    assert.ok(result.ok, typed);
    assert.equal(result.options.videoOut, meant);
  }
});

test('tone:HZ sets the frequency within 20–7000 Hz', () => {
  const ok = parseMediaOptions({ audioSource: 'tone:880' });
  assert.ok(ok.ok);
  assert.deepEqual(ok.options.audioSource, { kind: 'tone', frequencyHz: 880 });
  for (const bad of ['tone:10', 'tone:9000', 'tone:abc', 'tone:']) {
    const result = parseMediaOptions({ audioSource: bad });
    assert.equal(result.ok, false, bad);
  }
});

test('pattern:FPS sets the test pattern rate within 1–60 fps', () => {
  const ok = parseMediaOptions({ videoSource: 'pattern:15' });
  assert.ok(ok.ok);
  assert.deepEqual(ok.options.videoSource, { kind: 'pattern', fps: 15 });
  for (const bad of ['pattern:0', 'pattern:61', 'pattern:12.5', 'pattern:', 'pattern:x']) {
    const result = parseMediaOptions({ videoSource: bad });
    assert.deepEqual(!result.ok && result.errors, [
      `--video-source ${bad}: the pattern rate must be a whole 1–60 fps`,
    ]);
  }
});

test('bad values give one clear error per flag, naming the flag and the choices', () => {
  const result = parseMediaOptions({
    audioSource: 'microphone',
    videoSource: 'file:',
    audioOut: 'file:out.mp3',
    videoOut: 'sixel',
  });
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.errors, [
    '--audio-source microphone: expected mic, tone, tone:HZ, file:PATH.wav or none',
    '--video-source file:: file: needs a path (an MJPEG file or a folder of JPEGs)',
    '--audio-out file:out.mp3: expected file:PATH.wav (a path ending in .wav)',
    '--video-out sixel: expected auto, color, half, quadrant, sextant, braille, ascii-color, ascii, viewer',
  ]);
  const wav = parseMediaOptions({ audioSource: 'file:' });
  assert.deepEqual(!wav.ok && wav.errors, [
    '--audio-source file:: expected file:PATH.wav (a path ending in .wav)',
  ]);
});
