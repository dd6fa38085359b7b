import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerAudio,
  audioCaps,
  decodedAudioFormat,
  OPUS_AUDIO_FORMAT,
  settleAudio,
  type LocalAudio,
} from '../../src/protocol/audio-negotiation.js';
import { DEFAULT_AUDIO_FORMAT, parseMediaReply } from '../../src/protocol/media-handshake.js';

const PCM = DEFAULT_AUDIO_FORMAT;
const OPUS = OPUS_AUDIO_FORMAT;
const tchat: LocalAudio = { audio: { ...PCM }, opus: true };
const pcmOnly: LocalAudio = { audio: { ...PCM }, opus: false };
const mute: LocalAudio = { audio: null, opus: true };

/** Runs both halves as the handshake does: the caller's hello, the callee's answer, the caller's reading of it. */
function call(caller: LocalAudio, callee: LocalAudio) {
  const hello = { audio: caller.audio, caps: audioCaps(caller) };
  const answer = answerAudio(hello, callee);
  assert.ok(answer.ok, answer.ok ? '' : answer.reason);
  const ok = { audio: answer.value.send, caps: audioCaps(callee) };
  const settled = settleAudio(ok, caller);
  assert.ok(settled.ok, settled.ok ? '' : settled.reason);
  return { caller: settled.value, callee: answer.value, hello, ok };
}

const table: [string, LocalAudio, LocalAudio, string | null, string | null][] = [
  // name, caller, callee, codec caller→callee, codec callee→caller
  ['tchat calls tchat', tchat, tchat, 'opus', 'opus'],
  ['tchat calls a plain §2 peer', tchat, pcmOnly, 'pcm_s16le', 'pcm_s16le'],
  ['a plain §2 peer calls tchat', pcmOnly, tchat, 'pcm_s16le', 'pcm_s16le'],
  ['a plain peer calls a plain peer', pcmOnly, pcmOnly, 'pcm_s16le', 'pcm_s16le'],
  ['tchat without a mic calls tchat', mute, tchat, null, 'opus'],
  ['tchat calls tchat without a mic', tchat, mute, 'opus', null],
  ['tchat without a mic calls a plain peer', mute, pcmOnly, null, 'pcm_s16le'],
];

for (const [name, caller, callee, up, down] of table) {
  test(`audio negotiation: ${name}`, () => {
    const result = call(caller, callee);
    assert.equal(result.caller.send?.codec ?? null, up);
    assert.equal(
      result.callee.receive?.codec ?? null,
      up,
      'the callee decodes what the caller sends',
    );
    assert.equal(result.callee.send?.codec ?? null, down);
    assert.equal(
      result.caller.receive?.codec ?? null,
      down,
      'the caller decodes what the callee sends',
    );
    // The caller's line is written before it knows the callee: always §2 PCM (or null).
    assert.equal(result.hello.audio?.codec ?? null, caller.audio ? 'pcm_s16le' : null);
    for (const format of [result.caller.send, result.callee.send]) {
      if (format?.codec === 'opus') assert.deepEqual(format, OPUS);
    }
  });
}

test('audio negotiation: a plain §2 line (no caps field at all) gets PCM', () => {
  const answer = answerAudio({ audio: { ...PCM } }, tchat);
  assert.deepEqual(answer, { ok: true, value: { send: PCM, receive: PCM } });
  const settled = settleAudio({ audio: { ...PCM } }, tchat);
  assert.deepEqual(settled, { ok: true, value: { send: PCM, receive: PCM } });
});

test('audio negotiation: an opus format other than 16 kHz mono is refused with a clear error', () => {
  for (const audio of [
    { codec: 'opus', rate: 48_000, channels: 1 },
    { codec: 'opus', rate: 16_000, channels: 2 },
  ]) {
    const answer = answerAudio({ audio, caps: ['opus'] }, tchat);
    assert.equal(answer.ok, false);
    assert.match(answer.ok ? '' : answer.reason, /unsupported opus format .*only 16000 Hz mono/);
    const settled = settleAudio({ audio, caps: ['opus'] }, tchat);
    assert.equal(settled.ok, false);
  }
});

test('audio negotiation: opus we did not offer is refused', () => {
  const settled = settleAudio({ audio: { ...OPUS }, caps: ['opus'] }, pcmOnly);
  assert.deepEqual(settled, {
    ok: false,
    reason: 'the peer announced opus audio, which this side does not decode',
  });
});

test('audio negotiation: a peer with opus that answers PCM is a downgrade, refused', () => {
  const settled = settleAudio({ audio: { ...PCM }, caps: ['opus'] }, tchat);
  assert.equal(settled.ok, false);
  assert.match(settled.ok ? '' : settled.reason, /no silent downgrade/);
});

test('audio negotiation: media_ok with opus parses, caps kept', () => {
  const reply = parseMediaReply(
    '{"type":"media_ok","audio":{"codec":"opus","rate":16000,"channels":1},"video":null,"caps":["opus"]}',
  );
  assert.ok(reply.ok && reply.value.type === 'media_ok');
  const settled = settleAudio(reply.value, tchat);
  assert.deepEqual(settled, { ok: true, value: { send: OPUS, receive: OPUS } });
  assert.deepEqual(decodedAudioFormat(OPUS), PCM);
  assert.deepEqual(decodedAudioFormat(PCM), PCM);
});
