/** Audio output: player detection and the speaker sink with fake players on PATH; the WAV sink. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { detectPlayer } from '../../src/media/sinks/player-detect.js';
import { createSpeakerSink } from '../../src/media/sinks/audio-speaker.js';
import { createWavFileSink } from '../../src/media/sinks/audio-wav-file.js';
import { createToneSource } from '../../src/media/sources/audio-tone.js';
import { DEFAULT_AUDIO_FORMAT } from '../../src/protocol/media-handshake.js';
import { parseWav } from '../../src/media/audio/wav.js';
import { toSamples } from '../../src/media/audio/pcm.js';
import { estimateToneFrequency } from '../../src/media/audio/tone-detect.js';
import { FAKE_BIN_DIR, fakeBinWith, tempDir, waitFor } from '../helpers/media-helpers.js';

const format = DEFAULT_AUDIO_FORMAT;

test('a player that dies (sox play without a sound device: SIGFPE) is skipped', async (t) => {
  const onlyBroken = await fakeBinWith(['play'], t.after.bind(t));
  const none = await detectPlayer(format, onlyBroken);
  assert.equal(none.player, undefined);
  assert.deepEqual(none.failures, ['play exited with SIGFPE']);
  assert.deepEqual(none.missing, ['aplay', 'pw-play', 'paplay', 'ffplay']);
  // A broken `aplay` first, a working `paplay` later: paplay wins.
  const mixed = await fakeBinWith([], t.after.bind(t));
  await symlink(path.join(FAKE_BIN_DIR, 'play'), path.join(mixed, 'aplay'));
  await symlink(path.join(FAKE_BIN_DIR, 'aplay'), path.join(mixed, 'paplay'));
  const found = await detectPlayer(format, mixed);
  assert.equal(found.player?.name, 'paplay');
  assert.deepEqual(found.player?.args, [
    '--raw',
    '--format=s16le',
    '--rate=16000',
    '--channels=1',
    '--latency-msec=60',
  ]);
  assert.deepEqual(found.failures, ['aplay exited with SIGFPE']);
});

test('the speaker sink pipes s16le to the detected aplay, by the clock', async (t) => {
  const bin = await fakeBinWith(['aplay', 'play'], t.after.bind(t));
  const dir = await tempDir(t.after.bind(t));
  const out = path.join(dir, 'played.raw');
  const log = path.join(dir, 'player.log');
  process.env.FAKE_PLAYER_OUT = out;
  process.env.FAKE_PLAYER_LOG = log;
  t.after(() => {
    delete process.env.FAKE_PLAYER_OUT;
    delete process.env.FAKE_PLAYER_LOG;
  });
  const notices: string[] = [];
  const result = await createSpeakerSink(format, {
    envPath: bin,
    onNotice: (n) => notices.push(n),
  });
  assert.ok(result.sink, result.notice);
  assert.equal(result.sink.label, 'speaker (aplay)');
  const sink = result.sink;
  // A real-time tone into the sink for about a second.
  const tone = createToneSource(700);
  let fed = 0;
  tone.start({
    data: (pcm) => {
      fed += pcm.length;
      sink.write(pcm);
    },
    failed: () => {},
  });
  await waitFor(() => fed >= 32_000, 'a second of tone', 10_000);
  tone.stop();
  await sink.close();
  assert.deepEqual(notices, [], 'closing is not reported as a failure');
  const played = readFileSync(out);
  assert.ok(played.length >= 16_000, `the player got ${played.length} bytes`);
  const samples = toSamples(played);
  const loud = samples.findIndex((s) => Math.abs(s) > 1000);
  assert.ok(loud >= 0, 'the tone reached the player');
  const estimate = estimateToneFrequency(samples.subarray(loud, loud + 8000), 16_000);
  assert.ok(Math.abs(estimate.frequencyHz - 700) <= 2, `player heard ${estimate.frequencyHz} Hz`);
  assert.match(
    readFileSync(log, 'utf8'),
    /^-q -t raw -f S16_LE -r 16000 -c 1 --buffer-time=60000 -$/m,
  );
});

test('no working player: no sink, and a notice that says what to install', async (t) => {
  const bin = await fakeBinWith(['play'], t.after.bind(t));
  const result = await createSpeakerSink({ ...format, rate: 8000 }, { envPath: bin });
  assert.equal(result.sink, undefined);
  assert.match(
    result.notice ?? '',
    /no working audio player found .*sudo apt install alsa-utils \(play exited with SIGFPE\)/,
  );
});

test('the WAV sink writes a valid file whose header is fixed up on close', async (t) => {
  const dir = await tempDir(t.after.bind(t));
  const file = path.join(dir, 'call.wav');
  const sink = await createWavFileSink(file, format);
  for (let i = 0; i < 10; i++) sink.write(Buffer.alloc(640, i));
  await sink.close();
  await sink.close();
  const bytes = readFileSync(file);
  const parsed = parseWav(bytes);
  assert.ok(parsed.ok);
  assert.equal(parsed.info.dataBytes, 6400);
  assert.equal(bytes.readUInt32LE(4), 36 + 6400);
  assert.equal(bytes.length, 44 + 6400);
  assert.equal(bytes[44 + 640 * 9], 9, 'frames in order');
});
