import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createHandshakeLineReader,
  DEFAULT_AUDIO_FORMAT,
  formatMediaError,
  formatMediaHello,
  formatMediaOk,
  isPlayableAudio,
  parseMediaHello,
  parseMediaReply,
} from '../../src/protocol/media-handshake.js';

const token = 'q3Jx0m2Zb4lV8cN1eR7tYw';
const hello = {
  callId: 'c1',
  token,
  name: 'alice',
  audio: { ...DEFAULT_AUDIO_FORMAT },
  video: { codec: 'jpeg' },
};

test('media_hello is one JSON line exactly as docs/protocol-v1.md §2 shows', () => {
  const line = formatMediaHello(hello);
  assert.ok(line.endsWith('\n'));
  assert.equal(line.indexOf('\n'), line.length - 1);
  assert.deepEqual(JSON.parse(line), {
    type: 'media_hello',
    callId: 'c1',
    token,
    name: 'alice',
    audio: { codec: 'pcm_s16le', rate: 16000, channels: 1 },
    video: { codec: 'jpeg' },
  });
  assert.deepEqual(parseMediaHello(line.trim()), {
    ok: true,
    value: { type: 'media_hello', ...hello },
  });
});

test('media_hello with null media round-trips; missing media count as null', () => {
  const line = formatMediaHello({ ...hello, audio: null, video: null });
  const parsed = parseMediaHello(line);
  assert.ok(parsed.ok);
  assert.equal(parsed.value.audio, null);
  assert.equal(parsed.value.video, null);
  const bare = parseMediaHello(
    JSON.stringify({ type: 'media_hello', callId: 'c', token, name: 'bob' }),
  );
  assert.ok(bare.ok && bare.value.audio === null && bare.value.video === null);
});

test('a malformed media_hello is refused with a reason and the §2 code it deserves', () => {
  // Token problems (missing, malformed) get bad_token; §2 answers any token that is not the right one so.
  const badToken: Record<string, unknown>[] = [
    { ...hello, token: 'short' },
    { ...hello, token: `${token}!` },
    { ...hello, token: 42 },
    { ...hello, token: undefined },
  ];
  for (const object of badToken) {
    const result = parseMediaHello(JSON.stringify({ type: 'media_hello', ...object }));
    assert.ok(!result.ok, JSON.stringify(object));
    assert.equal(result.code, 'bad_token', JSON.stringify(object));
    assert.equal(result.token, undefined);
  }
  // Anything else is bad_request, with the (well-formed) token so a wrong one still gets bad_token.
  const badRequest: Record<string, unknown>[] = [
    { ...hello, callId: '' },
    { ...hello, callId: 'a\u001bb' },
    { ...hello, name: 'bad name' },
    { ...hello, audio: { codec: 'pcm_s16le', rate: 16000.5, channels: 1 } },
    { ...hello, audio: { codec: 'pcm_s16le', rate: 16000, channels: 0 } },
    { ...hello, audio: 'pcm' },
    { ...hello, video: [] },
    { ...hello, video: { codec: '' } },
  ];
  for (const object of badRequest) {
    const result = parseMediaHello(JSON.stringify({ type: 'media_hello', ...object }));
    assert.ok(!result.ok, JSON.stringify(object));
    assert.equal(result.code, 'bad_request', JSON.stringify(object));
    assert.equal(result.token, token);
  }
  assert.deepEqual(parseMediaHello(JSON.stringify({ ...hello, type: 'media_ok' })), {
    ok: false,
    reason: 'expected media_hello',
    code: 'bad_request',
  });
  assert.deepEqual(parseMediaHello('{'), { ok: false, reason: 'not JSON', code: 'bad_request' });
  assert.deepEqual(parseMediaHello('[1]'), {
    ok: false,
    reason: 'not a JSON object',
    code: 'bad_request',
  });
});

test('hex tokens of 128 bits are accepted', () => {
  const hex = 'a'.repeat(32);
  assert.ok(parseMediaHello(formatMediaHello({ ...hello, token: hex })).ok);
});

test('media_ok and error replies round-trip', () => {
  const ok = parseMediaReply(formatMediaOk({ audio: null, video: { codec: 'jpeg' } }));
  assert.deepEqual(ok, {
    ok: true,
    value: { type: 'media_ok', audio: null, video: { codec: 'jpeg' } },
  });
  assert.deepEqual(JSON.parse(formatMediaError('bad_token')), { type: 'error', code: 'bad_token' });
  assert.deepEqual(parseMediaReply(formatMediaError('bad_token', 'no')), {
    ok: true,
    value: { type: 'error', code: 'bad_token', message: 'no' },
  });
  assert.equal(parseMediaReply('{"type":"error"}').ok, false);
  assert.equal(parseMediaReply('{"type":"welcome"}').ok, false);
});

test('playable audio is s16le, 8–48 kHz, mono or stereo', () => {
  assert.ok(isPlayableAudio(DEFAULT_AUDIO_FORMAT));
  assert.ok(isPlayableAudio({ codec: 'pcm_s16le', rate: 48000, channels: 2 }));
  assert.equal(isPlayableAudio({ codec: 'opus', rate: 48000, channels: 1 }), false);
  assert.equal(isPlayableAudio({ codec: 'pcm_s16le', rate: 96000, channels: 1 }), false);
});

test('the line reader returns the bytes after the newline at every split point', () => {
  const input = Buffer.concat([
    Buffer.from('{"type":"media_ok"}\r\n'),
    Buffer.from([1, 0, 0, 5, 0x0a]),
  ]);
  for (let i = 0; i <= input.length; i++) {
    const reader = createHandshakeLineReader(64);
    const first = reader.push(input.subarray(0, i));
    const result = first.kind === 'line' ? first : reader.push(input.subarray(i));
    assert.equal(result.kind, 'line', `split at ${i}`);
    if (result.kind !== 'line') continue;
    assert.equal(result.text, '{"type":"media_ok"}');
    const rest =
      first.kind === 'line' ? Buffer.concat([result.rest, input.subarray(i)]) : result.rest;
    assert.deepEqual([...rest], [1, 0, 0, 5, 0x0a]);
  }
});

test('the line reader refuses long lines and bad UTF-8', () => {
  const reader = createHandshakeLineReader(8);
  assert.equal(reader.push(Buffer.from('12345')).kind, 'pending');
  assert.equal(reader.push(Buffer.from('67890')).kind, 'too_long');
  assert.equal(createHandshakeLineReader(8).push(Buffer.from('123456789\n')).kind, 'too_long');
  assert.equal(createHandshakeLineReader(8).push(Buffer.from([0xff, 0x0a])).kind, 'bad_utf8');
});
