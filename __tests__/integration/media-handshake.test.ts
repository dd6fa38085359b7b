import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listenForPeer, type PeerListener } from '../../src/media/peer-listen.js';
import type { HandshakeError } from '../../src/media/peer-connect.js';
import { connectToPeer } from '../../src/media/peer-connect.js';
import type { PeerLink } from '../../src/media/peer-link.js';
import { tokensMatch, createCallToken } from '../../src/media/call-token.js';
import { encodeMediaFrame, type MediaFrame } from '../../src/protocol/media-frame.js';
import { DEFAULT_AUDIO_FORMAT, formatMediaHello } from '../../src/protocol/media-handshake.js';
import { isRefused, rawConnect, waitFor } from '../helpers/media-helpers.js';

const local = { audio: { ...DEFAULT_AUDIO_FORMAT }, video: { codec: 'jpeg' } };

async function listen(
  t: { after(fn: () => void): void },
  extra: Partial<Parameters<typeof listenForPeer>[0]> = {},
) {
  const listener = await listenForPeer({ callId: 'call-1', host: '127.0.0.1', local, ...extra });
  t.after(() => listener.close());
  return listener;
}

function connect(listener: PeerListener, overrides: { token?: string; callId?: string } = {}) {
  return connectToPeer({
    host: '127.0.0.1',
    port: listener.port,
    callId: overrides.callId ?? 'call-1',
    token: overrides.token ?? listener.token,
    name: 'alice',
    local: { audio: null, video: { codec: 'jpeg' } },
  });
}

function collect(link: PeerLink) {
  const frames: MediaFrame[] = [];
  const closed: { reason?: string; byPeer?: boolean } = {};
  link.start({
    frame: (frame) => frames.push(frame),
    closed: (reason, byPeer) => Object.assign(closed, { reason, byPeer }),
  });
  return { frames, closed };
}

test('tokens carry ≥128 bits and compare in constant time over equal lengths', () => {
  const token = createCallToken();
  assert.match(token, /^[A-Za-z0-9_-]{32}$/, '24 random bytes in base64url = 192 bits');
  assert.notEqual(createCallToken(), token);
  assert.ok(tokensMatch(token, token));
  assert.equal(
    tokensMatch(token, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`),
    false,
  );
  assert.equal(tokensMatch(token, token.slice(1)), false);
  assert.equal(tokensMatch(token, ''), false);
});

test('the right token authenticates; both sides learn what the other sends; frames flow both ways', async (t) => {
  const listener = await listen(t);
  const [callee, caller] = await Promise.all([listener.link, connect(listener)]);
  t.after(() => {
    callee.close('test over');
    caller.close('test over');
  });
  assert.deepEqual(callee.peer, { name: 'alice', audio: null, video: { codec: 'jpeg' } });
  assert.deepEqual(caller.peer, { audio: local.audio, video: local.video });
  const atCallee = collect(callee);
  const atCaller = collect(caller);
  caller.sendVideo(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 5);
  callee.sendAudio(Buffer.alloc(640, 1), 20);
  callee.sendControl({ type: 'mute', audio: true }, 21);
  await waitFor(
    () => atCallee.frames.length >= 1 && atCaller.frames.length >= 2,
    'frames both ways',
  );
  assert.deepEqual(atCallee.frames[0], {
    kind: 'video',
    flags: 0,
    seq: 0,
    ts: 5,
    payload: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
  });
  assert.equal(atCaller.frames[0]?.kind, 'audio');
  assert.equal(atCaller.frames[1]?.payload.toString(), '{"type":"mute","audio":true}');
  caller.close('hangup');
  await waitFor(() => atCallee.closed.reason, 'the callee to see the close', 5000);
  assert.equal(atCallee.closed.byPeer, true);
});

test('a second connection is refused once one has authenticated', async (t) => {
  const listener = await listen(t);
  const [callee, caller] = await Promise.all([listener.link, connect(listener)]);
  t.after(() => {
    callee.close('x');
    caller.close('x');
  });
  assert.equal(await isRefused(listener.port), true);
  await assert.rejects(connect(listener), /cannot reach the peer: .*ECONNREFUSED/);
});

test('a bad token gets {"type":"error","code":"bad_token"} and a close; the real caller still gets in', async (t) => {
  const listener = await listen(t);
  const raw = await rawConnect(listener.port);
  const wrong = `${listener.token.slice(0, -2)}xx`;
  raw.socket.write(
    formatMediaHello({ callId: 'call-1', token: wrong, name: 'mallory', audio: null, video: null }),
  );
  await raw.closed;
  assert.deepEqual(JSON.parse(raw.received().toString()), { type: 'error', code: 'bad_token' });
  await assert.rejects(connect(listener, { token: createCallToken() }), (error: HandshakeError) => {
    assert.equal(error.code, 'bad_token');
    return true;
  });
  await assert.rejects(
    connect(listener, { callId: 'call-2' }),
    /bad_token/,
    'a token for another call',
  );
  const [callee, caller] = await Promise.all([listener.link, connect(listener)]);
  caller.close('x');
  callee.close('x');
});

test('a malformed hello gets bad_request and a close', async (t) => {
  const listener = await listen(t);
  const raw = await rawConnect(listener.port);
  raw.socket.write('{"type":"media_hello","callId":"call-1"}\n');
  await raw.closed;
  const reply = JSON.parse(raw.received().toString()) as { type: string; code: string };
  assert.equal(reply.code, 'bad_request');
  const long = await rawConnect(listener.port);
  long.socket.write('x'.repeat(10_000));
  await long.closed;
  assert.match(long.received().toString(), /bad_request/);
});

test('an unused listener expires: the link rejects and connects are refused', async (t) => {
  const listener = await listen(t, { acceptTimeoutMs: 300 });
  await assert.rejects(listener.link, /did not connect within/);
  assert.equal(await isRefused(listener.port), true);
});

test('closing the listener (call cancelled) rejects the link and stops listening', async (t) => {
  const listener = await listen(t);
  listener.close('cancelled');
  await assert.rejects(listener.link, /cancelled/);
  assert.equal(await isRefused(listener.port), true);
});

async function rawPeer(t: { after(fn: () => void): void }) {
  const listener = await listen(t);
  const raw = await rawConnect(listener.port);
  raw.socket.write(
    formatMediaHello({
      callId: 'call-1',
      token: listener.token,
      name: 'mallory',
      audio: local.audio,
      video: local.video,
    }),
  );
  const link = await listener.link;
  t.after(() => link.close('x'));
  return { raw, link, seen: collect(link) };
}

test('a frame over its limit closes the media connection', async (t) => {
  const { raw, seen } = await rawPeer(t);
  const header = encodeMediaFrame({ kind: 'audio', seq: 0, ts: 0, payload: Buffer.alloc(0) });
  header.writeUInt32BE(64 * 1024 + 1, 8);
  raw.socket.write(header);
  await raw.closed;
  assert.match(
    seen.closed.reason ?? '',
    /protocol error: audio frame of 65537 bytes is over its 65536-byte limit/,
  );
});

test('a frame of unknown kind closes the media connection', async (t) => {
  const { raw, seen } = await rawPeer(t);
  const frame = encodeMediaFrame({ kind: 'control', seq: 0, ts: 0, payload: Buffer.from('{}') });
  frame[0] = 9;
  raw.socket.write(frame);
  await raw.closed;
  assert.match(seen.closed.reason ?? '', /unknown kind 9/);
});

test('a JPEG larger than 1280×720 closes the media connection', async (t) => {
  const { raw, seen } = await rawPeer(t);
  // Just the SOI and SOF0 of a 1920×1080 image: enough to read its size.
  const sof = Buffer.from([
    0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0x04, 0x38, 0x07, 0x80, 1, 1, 0x11, 0,
  ]);
  raw.socket.write(encodeMediaFrame({ kind: 'video', seq: 0, ts: 0, payload: sof }));
  await raw.closed;
  assert.match(seen.closed.reason ?? '', /1920×1080 is over 1280×720/);
});

test('a peer that goes silent is dropped after the silence timeout', async (t) => {
  const listener = await listen(t, { silenceTimeoutMs: 600, keepaliveMs: 100 });
  const raw = await rawConnect(listener.port);
  raw.socket.write(
    formatMediaHello({
      callId: 'call-1',
      token: listener.token,
      name: 'mallory',
      audio: null,
      video: null,
    }),
  );
  const link = await listener.link;
  const seen = collect(link);
  await raw.closed;
  assert.match(seen.closed.reason ?? '', /no data from the peer/);
  // Our keepalives went out meanwhile: control frames after the media_ok line.
  assert.match(raw.received().toString('latin1'), /"type":"keepalive"/);
});
